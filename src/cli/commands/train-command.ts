/**
 * `skill-trainer train <skill-dir>`: trains a skill with the SkillOpt loop and writes
 * the trained skill to the run folder (`.skill-trainer/runs/<id>/trained/SKILL.md`).
 * The skill's own SKILL.md changes only with --write.
 */
import { taskWarningsText } from '../task-warnings-text';
import { toolsNotGivenNotice } from '../../core/evaluation/tools-support';
import { copyFile, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { CLI_WORDING, SkillTrainerError, wordMessage } from '../../core/errors';
import { loadSkillTasks } from '../../core/library/load-library-skill';
import { loadWorkspaceConfig } from '../../core/library/read-workspace-config';
import { resolveSkillSettings } from '../../core/library/skill-settings';
import { apiKeysFromEnvironment } from '../../core/models/adapters/api-keys-from-environment';
import { completeRoleSpecs } from '../../core/models/role-specs';
import { createCallPolicies, describeRunEstimate, DiskResponseCache, estimateRun, readPriceOverridesFile, withCallPolicies, type RunEstimate } from '../../core/models/policies';
import { validateSkill } from '../../core/skill';
import { newRunId, openRunStore } from '../../core/store/run-store';
import { splitTasks, type TaskSet } from '../../core/tasks';
import { describeGateSensitivity, describeTestSplit, planTrainingCalls, startTraining, type TrainingModels, type TrainingResult } from '../../core/training';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { cliFactoryOptions, cliModelFactory, type CreateModel } from '../cli-model-factory';
import { runEmbeddingModels } from '../../core/scoring/similarity/run-embedding-models';
import { describeQueueStatus, openCliQueue, type CliQueue } from '../cli-queue';
import { evalExitCodes, formatUsd } from '../eval-report';
import { GitCheckpointSync } from '../../core/library/git-checkpoint-sync';
import { defaultResponseCacheDirectory } from '../response-cache-directory';
import { runCostText } from '../run-cost-text';
import { TrainingDisplay } from './train-display';
import { addTrainingOptions, givenOptions, parseTrainArguments, splitRatiosOf, trainingFlagsLayer, type TrainArguments } from './train-arguments';

export { parseTrainArguments, trainArgumentsSchema, type TrainArguments } from './train-arguments';

/** Default model of each provider whose key is set, in this order of preference. */
const defaultModels: Array<[keyof ReturnType<typeof apiKeysFromEnvironment>, string]> = [
  ['anthropic', 'anthropic:claude-sonnet-4-5'],
  ['openai', 'openai:gpt-5-mini'],
  ['google', 'google:gemini-2.5-flash'],
];

export interface ModelChoice {
  specs: { target: string; optimizer: string; judge: string };
  /** Why these models were picked when none was named (printed to the person). */
  note?: string;
}

/**
 * The models of a run. Named flags win; an unnamed optimizer is the target and an
 * unnamed judge the optimizer. With no flag at all: the first provider with a key,
 * or — with no key either — the simulated world, said out loud.
 */
export function chooseModels(args: { target?: string; optimizer?: string; judge?: string }, environment: Readonly<Record<string, string | undefined>>): ModelChoice {
  const named = completeRoleSpecs(args);
  if (named) return { specs: named };
  const keys = apiKeysFromEnvironment(environment);
  const found = defaultModels.find(([provider]) => keys[provider]);
  if (found) {
    return { specs: { target: found[1], optimizer: found[1], judge: found[1] }, note: `No model flags: using ${found[1]} for every role (its API key is set). Name others with --target, --optimizer and --judge.` };
  }
  return {
    specs: { target: 'sim:target', optimizer: 'sim:optimizer', judge: 'sim:judge' },
    note:
      'No model flags and no API key: training in the simulated world (sim:), an offline demo driven by the hints in evals.json. ' +
      'Its scores say nothing about real models. Set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY, or pass --target/--optimizer/--judge.',
  };
}

/** Creates the three models with one set of call policies (limits, retries, cost, cache, budget). */
export async function createTrainingModels(
  specs: { target: string; optimizer: string; judge?: string; embedding?: string },
  options: {
    io: CliIo;
    taskSet: () => Promise<TaskSet>;
    seed: number;
    concurrency: number;
    maxCost?: number;
    maxTokens?: number;
    /** A JSON file of price overrides, relative to the working folder. */
    pricesFile?: string;
    cache: boolean;
    createModel?: CreateModel;
    /** Given: the target's calls run as queue jobs on workers. */
    queue?: CliQueue;
    /** Make the embedding models for the tasks' `similar` checks (training runs; reads the task set). */
    embeddings?: boolean;
  },
): Promise<{ models: TrainingModels; policies: ReturnType<typeof createCallPolicies> }> {
  const policies = createCallPolicies({
    maxConcurrency: options.concurrency,
    cache: options.cache ? new DiskResponseCache(defaultResponseCacheDirectory(options.io.environment)) : false,
    budget: { maxCostUsd: options.maxCost, maxTokens: options.maxTokens },
    prices: options.pricesFile ? await readPriceOverridesFile(resolve(options.io.cwd, options.pricesFile)) : undefined,
  });
  const factory = cliModelFactory(options.io.environment, options.createModel);
  const skill = { taskSet: options.taskSet, seed: options.seed };
  const make = async (spec: string) => withCallPolicies(await factory(spec, skill), policies);
  const target = options.queue ? withCallPolicies(await options.queue.target(specs.target, skill), policies) : await make(specs.target);
  const embeddings = options.embeddings
    ? runEmbeddingModels({ spec: specs.embedding, tasks: (await options.taskSet()).tasks, factory: cliFactoryOptions(options.io.environment), policies })
    : undefined;
  return {
    models: { target, optimizer: await make(specs.optimizer), judge: specs.judge ? await make(specs.judge) : undefined, embeddings },
    policies,
  };
}

/** The pre-run estimate, a warning when the cost cap is below it, and how fine the gate is. */
function estimateLine(estimate: RunEstimate, gate: string, maxCost: number | undefined): string {
  const line = `Estimate: ${describeRunEstimate(estimate, 'give it one with --prices <file>')}. Cached replies and early stops make runs cheaper; retries dearer.`;
  if (maxCost === undefined || estimate.costUsd === null || estimate.costUsd <= maxCost) return `${line}\n${gate}`;
  return `${line}\nThe --max-cost cap (${formatUsd(maxCost)}) is below the estimate: the run will likely stop at it (resumable with a higher cap).\n${gate}`;
}

/** Prints how the run ended and returns the exit code: 0 finished, 130 cancelled, 4 budget stop. */
export function reportTrainingResult(result: TrainingResult, io: CliIo, skillFile?: string): number {
  const rel = (path: string) => relative(io.cwd, path) || path;
  if (result.status !== 'finished') {
    io.stderr.write(`${result.message}\n`);
    return result.status === 'cancelled' ? evalExitCodes.cancelled : evalExitCodes.stopped;
  }
  const lines = [
    '',
    `Run ${result.runId} finished after ${result.stepsDone} steps.`,
    `Validation score: ${result.baselineScore?.toFixed(3) ?? '—'} (baseline) → ${result.bestScore.toFixed(3)} (best, ${result.bestIsFinal ? 'the final skill after the last slow update' : `step ${result.bestStep}`})`,
  ];
  if (result.test) {
    lines.push(`Test split (${result.test.count} tasks, hard/soft): baseline ${result.test.baseline.hard.toFixed(3)}/${result.test.baseline.soft.toFixed(3)} · best ${result.test.best.hard.toFixed(3)}/${result.test.best.soft.toFixed(3)} · final ${result.test.final.hard.toFixed(3)}/${result.test.final.soft.toFixed(3)}`);
  }
  if (result.testSplit) lines.push(wordMessage(describeTestSplit(result.testSplit), CLI_WORDING));
  lines.push(`Cost: ${runCostText(result)}`);
  lines.push(`Trained skill: ${rel(result.trainedSkillPath!)}`);
  if (skillFile) lines.push(`Your ${rel(skillFile)} is unchanged; rerun with --write to replace it, or copy the trained skill yourself.`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function runTrainCommand(raw: TrainArguments, io: CliIo, dependencies: { createModel?: CreateModel } = {}): Promise<number> {
  const args = parseTrainArguments(raw);
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const skillPath = join(skillDirectory, 'SKILL.md');
  const skillText = await readFile(skillPath, 'utf8').catch(() => {
    throw new SkillTrainerError('skill_not_found', `No SKILL.md in ${skillDirectory}. Point train at a skill folder (the folder holding SKILL.md).`);
  });
  for (const problem of validateSkill(skillText, { folderName: skillDirectory.split(/[\\/]/).pop() })) {
    io.stderr.write(`${problem.severity}: ${relative(io.cwd, skillPath)}:${problem.line}: ${problem.message}\n`);
  }
  const workspace = resolve(io.cwd, args.workspace ?? '.');
  const settings = resolveSkillSettings({
    skillDirectory,
    // Twice as many tasks in flight as calls: while some tasks wait for their judge,
    // others' target calls keep the per-provider limit (--concurrency) busy.
    defaults: { training: { rolloutConcurrency: 2 * args.concurrency } },
    config: await loadWorkspaceConfig(workspace, args.config && resolve(io.cwd, args.config)),
    flags: { ...trainingFlagsLayer(args), maxCostUsd: args.maxCost, maxTokens: args.maxTokens, splitRatios: splitRatiosOf(args) },
  });
  if (settings.configFile) io.stderr.write(`Settings from ${relative(io.cwd, settings.configFile!) || settings.configFile} (flags win over it).\n`);
  const config = settings.training;
  // The command line runs trusted: a suite's own code may build its tasks.
  const taskSet = await loadSkillTasks(skillDirectory, settings.tasksFile, { runCode: true });
  io.stderr.write(taskWarningsText(taskSet, skillDirectory, io.cwd));
  const choice = chooseModels(settings.models, io.environment);
  if (choice.note) io.stderr.write(`${choice.note}\n`);
  const toolsNotice = toolsNotGivenNotice(choice.specs.target, taskSet.tasks);
  if (toolsNotice) io.stderr.write(`Note: ${toolsNotice}\n`);
  const display = new TrainingDisplay(io.stderr);
  const queue = await openCliQueue(args.queue, io, io.stderr, { concurrency: args.concurrency, batchSize: args.queueBatch, onStatus: (status) => display.showQueue(describeQueueStatus(status)) });
  try {
    return await trainWithModels();
  } finally {
    await queue?.close();
  }

  async function trainWithModels(): Promise<number> {
    const { models, policies } = await createTrainingModels({ ...choice.specs, embedding: settings.models.embedding }, { io, embeddings: true, taskSet: async () => taskSet, seed: config.seed, concurrency: args.concurrency, maxCost: settings.maxCostUsd, maxTokens: settings.maxTokens, pricesFile: args.prices, cache: args.cache, createModel: dependencies.createModel, queue });
    const tasks = splitTasks(taskSet.tasks, { seed: config.seed, ...(settings.splitRatios ? { ratios: settings.splitRatios } : {}) });
    const gate = wordMessage(describeGateSensitivity({ val: tasks.val, trials: config.gate.trials, gate: config.gate }), CLI_WORDING);
    io.stderr.write(`${estimateLine(estimateRun({ roles: planTrainingCalls({ skillText, tasks, config, specs: choice.specs }), prices: policies.prices }), gate, settings.maxCostUsd)}\n`);
    const runId = newRunId();
    const git = args.git ? new GitCheckpointSync(io.stderr, workspace) : undefined;
    const result = await startTraining({
      skillPath,
      skillText,
      tasks,
      models,
      store: openRunStore(workspace),
      config,
      trusted: true,
      signal: io.signal,
      onEvent: (event) => {
        display.handle(event);
        git?.handle(runId, skillPath, event);
      },
      modelSpecs: { ...choice.specs, ...(settings.models.embedding && { embedding: settings.models.embedding }) },
      runId,
    }).finally(() => display.finish());
    await git?.finish([{ runId, skillPath }]);
    const code = reportTrainingResult(result, io, args.write ? undefined : skillPath);
    if (result.status === 'finished' && args.write) {
      await copyFile(result.trainedSkillPath!, skillPath);
      io.stdout.write(`Wrote the trained skill to ${relative(io.cwd, skillPath) || skillPath} (--write).\n`);
    }
    return code;
  }
}

export const trainCommand: CliCommand = {
  register(program, context) {
    const command = program
      .command('train')
      .description('Train a skill with the SkillOpt loop (rollout, reflect, aggregate, select, update, gate)')
      .argument('<skill-dir>', 'the skill folder (holding SKILL.md and evals/evals.json)');
    addTrainingOptions(command)
      .option('--max-cost <usd>', 'stop cleanly (resumable) before spending more than this many US dollars')
      .option('--max-tokens <n>', 'stop cleanly (resumable) before using more than this many tokens')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens, e.g. {"ollama:llama3.1": {"inputUsdPerMillion": 0, "outputUsdPerMillion": 0}}')
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once', '8')
      .option('--workspace <dir>', 'where .skill-trainer/ (runs, checkpoints, leaderboard) lives (default: the current folder)')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--write', "replace the skill's SKILL.md with the trained skill when the run finishes")
      .option('--git', "also commit each accepted step, slow update and the trained skill on a branch skill-trainer/<skill>/<run-id> of the skill's repository (HEAD, index and working tree untouched)")
      .addHelpText(
        'after',
        '\nWith no model flags and no API key the run uses the simulated world (an offline demo).\n' +
          'Ctrl-C or SIGTERM stops at the next safe point; `skill-trainer resume <run-id>` continues without repaying finished calls.\n' +
          'Exit codes: 0 finished, 4 stopped at the budget (resumable), 130 cancelled by Ctrl-C and 143 by SIGTERM (resumable), 1 error.',
      )
      .action(async (skillDir: string, _options: Record<string, unknown>, self: Command) => {
        context.exitCode = await runTrainCommand({ ...givenOptions(self), skillDir } as TrainArguments, context.io);
      });
  },
};
