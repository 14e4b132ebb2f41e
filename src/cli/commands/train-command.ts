/**
 * `skill-trainer train <skill-dir>`: trains a skill with the SkillOpt loop and writes
 * the trained skill to the run folder (`.skill-trainer/runs/<id>/trained/SKILL.md`).
 * The skill's own SKILL.md changes only with --write.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { SkillTrainerError } from '../../core/errors';
import { apiKeysFromEnvironment, baseUrlsFromEnvironment } from '../../core/models/adapters/api-keys-from-environment';
import type { ChatModel } from '../../core/models/chat-model';
import { createChatModel, type ModelFactoryOptions } from '../../core/models/create-chat-model';
import { createCallPolicies, describeRunEstimate, DiskResponseCache, estimateRun, readPriceOverridesFile, withCallPolicies, type RunEstimate } from '../../core/models/policies';
import { createSimulatedModel, createSimulatedWorld } from '../../core/models/sim';
import { validateSkill } from '../../core/skill';
import { openRunStore } from '../../core/store/run-store';
import { loadTaskSet, splitTasks, type TaskSet } from '../../core/tasks';
import { planTrainingCalls, startTraining, type TrainingModels, type TrainingResult } from '../../core/training';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { evalExitCodes, formatUsd } from '../eval-report';
import { defaultResponseCacheDirectory } from '../response-cache-directory';
import { parseTrainArguments, trainingConfigFromArguments, type TrainArguments } from './train-arguments';
import { TrainingDisplay } from './train-display';

export { parseTrainArguments, trainArgumentsSchema, trainingConfigFromArguments, type TrainArguments } from './train-arguments';

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
  if (args.target || args.optimizer || args.judge) {
    const target = args.target ?? args.optimizer ?? args.judge!;
    const optimizer = args.optimizer ?? target;
    return { specs: { target, optimizer, judge: args.judge ?? optimizer } };
  }
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
export function createTrainingModels(
  specs: { target: string; optimizer: string; judge?: string },
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
    createModel?: (spec: string, options: ModelFactoryOptions) => ChatModel;
  },
): Promise<{ models: TrainingModels; policies: ReturnType<typeof createCallPolicies> }> {
  return (async () => {
    const policies = createCallPolicies({
      maxConcurrency: options.concurrency,
      cache: options.cache ? new DiskResponseCache(defaultResponseCacheDirectory(options.io.environment)) : false,
      budget: { maxCostUsd: options.maxCost, maxTokens: options.maxTokens },
      prices: options.pricesFile ? await readPriceOverridesFile(resolve(options.io.cwd, options.pricesFile)) : undefined,
    });
    const usesSim = [specs.target, specs.optimizer, specs.judge].some((spec) => spec?.startsWith('sim:'));
    const world = usesSim ? createSimulatedWorld(await options.taskSet(), { seed: options.seed }) : undefined;
    const factoryOptions: ModelFactoryOptions = {
      // The person at the command line chose this skill and its tasks.
      trusted: true,
      apiKeys: apiKeysFromEnvironment(options.io.environment),
      baseUrls: baseUrlsFromEnvironment(options.io.environment),
      simulated: (model) => createSimulatedModel(`sim:${model}`, world!),
    };
    const create = options.createModel ?? createChatModel;
    const make = (spec: string) => withCallPolicies(create(spec, factoryOptions), policies);
    return {
      models: { target: make(specs.target), optimizer: make(specs.optimizer), judge: specs.judge ? make(specs.judge) : undefined },
      policies,
    };
  })();
}

/** The pre-run estimate, and a warning when the cost cap is below it. */
function estimateLine(estimate: RunEstimate, maxCost: number | undefined): string {
  const line = `Estimate: ${describeRunEstimate(estimate, 'give it one with --prices <file>')}. Cached replies and early stops make runs cheaper; retries dearer.`;
  if (maxCost === undefined || estimate.costUsd === null || estimate.costUsd <= maxCost) return line;
  return `${line}\nThe --max-cost cap (${formatUsd(maxCost)}) is below the estimate: the run will likely stop at it (resumable with a higher cap).`;
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
  lines.push(`Cost: ${result.costUsd === null ? 'unknown (a model has no price; give it one with --prices <file>)' : `$${result.costUsd.toFixed(4)}`}`);
  lines.push(`Trained skill: ${rel(result.trainedSkillPath!)}`);
  if (skillFile) lines.push(`Your ${rel(skillFile)} is unchanged; rerun with --write to replace it, or copy the trained skill yourself.`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function runTrainCommand(raw: TrainArguments, io: CliIo, dependencies: { createModel?: (spec: string, options: ModelFactoryOptions) => ChatModel } = {}): Promise<number> {
  const args = parseTrainArguments(raw);
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const skillPath = join(skillDirectory, 'SKILL.md');
  const skillText = await readFile(skillPath, 'utf8').catch(() => {
    throw new SkillTrainerError('skill_not_found', `No SKILL.md in ${skillDirectory}. Point train at a skill folder (the folder holding SKILL.md).`);
  });
  for (const problem of validateSkill(skillText, { folderName: skillDirectory.split(/[\\/]/).pop() })) {
    io.stderr.write(`${problem.severity}: ${relative(io.cwd, skillPath)}:${problem.line}: ${problem.message}\n`);
  }
  const taskSet = await loadTaskSet(skillDirectory);
  const config = trainingConfigFromArguments(args);
  const choice = chooseModels(args, io.environment);
  if (choice.note) io.stderr.write(`${choice.note}\n`);
  const { models, policies } = await createTrainingModels(choice.specs, { io, taskSet: async () => taskSet, seed: args.seed, concurrency: args.concurrency, maxCost: args.maxCost, maxTokens: args.maxTokens, pricesFile: args.prices, cache: args.cache, createModel: dependencies.createModel });
  const tasks = splitTasks(taskSet.tasks, { seed: args.seed, ...(args.splitRatios ? { ratios: { train: args.splitRatios[0], val: args.splitRatios[1], test: args.splitRatios[2] } } : {}) });
  io.stderr.write(`${estimateLine(estimateRun({ roles: planTrainingCalls({ skillText, tasks, config, specs: choice.specs }), prices: policies.prices }), args.maxCost)}\n`);
  const display = new TrainingDisplay(io.stderr);
  const result = await startTraining({
    skillPath,
    skillText,
    tasks,
    models,
    store: openRunStore(resolve(io.cwd, args.workspace ?? '.')),
    config,
    trusted: true,
    signal: io.signal,
    onEvent: display.handle,
    modelSpecs: choice.specs,
  }).finally(() => display.finish());
  const code = reportTrainingResult(result, io, args.write ? undefined : skillPath);
  if (result.status === 'finished' && args.write) {
    await copyFile(result.trainedSkillPath!, skillPath);
    io.stdout.write(`Wrote the trained skill to ${relative(io.cwd, skillPath) || skillPath} (--write).\n`);
  }
  return code;
}

export const trainCommand: CliCommand = {
  register(program, context) {
    program
      .command('train')
      .description('Train a skill with the SkillOpt loop (rollout, reflect, aggregate, select, update, gate)')
      .argument('<skill-dir>', 'the skill folder (holding SKILL.md and evals/evals.json)')
      .option('--target <spec>', 'model that runs the tasks, e.g. anthropic:claude-sonnet-4-5, openai:gpt-5-mini, sim:target')
      .option('--optimizer <spec>', 'model that reflects and edits the skill (default: the target)')
      .option('--judge <spec>', 'model that grades rubric criteria (default: the optimizer)')
      .option('--epochs <n>', 'passes over the train split (default 4)')
      .option('--batch-size <n>', 'train tasks per step, capped at the split (default 40)')
      .option('--minibatch-size <n>', 'tasks per reflect call (default 8)')
      .option('--lr <n>', 'edit budget: most edits per step (default 4)')
      .option('--lr-min <n>', 'floor of the decaying edit budget (default 2)')
      .option('--scheduler <mode>', 'edit-budget schedule: constant, linear, cosine or autonomous (default cosine)')
      .option('--gate-metric <metric>', 'validation metric of the gate: hard, soft or mixed (default hard)')
      .option('--no-gate', 'accept every candidate (still validated)')
      .option('--gate-mixed-weight <w>', 'weight of the soft score in the mixed gate metric, 0..1 (default 0.5)')
      .option('--accumulation <n>', 'rollout batches per step, each reflected on apart and merged into one update (default 1)')
      .option('--reflect-concurrency <n>', 'reflect and merge calls in flight at once (default 16)')
      .option('--merge-group-size <n>', 'patches merged per merge call (default 8)')
      .option('--failure-only', 'reflect only on failed rollouts')
      .option('--lr-control <mode>', "who sets each step's edit count: fixed (the scheduler) or autonomous (an optimizer call) (default fixed)")
      .option('--update-mode <mode>', 'how a step updates the skill: patch, rewrite_from_suggestions or full_rewrite_minibatch (default patch)')
      .option('--no-slow-update', "don't rewrite the protected slow-update region at epoch ends")
      .option('--slow-update-samples <n>', 'train tasks compared under the previous and the current epoch\'s skill (default 20)')
      .option('--slow-update-gate', 'keep a slow update only when the validation gate accepts it')
      .option('--pair-policy <policy>', 'adjacent-epoch pairs the slow update and meta skill see: mixed, changed or unchanged (default mixed)')
      .option('--no-meta-skill', "don't keep the optimizer's memory across epochs")
      .option('--skill-aware-reflection', 'class failures as skill defects (edits) or execution lapses (appendix notes)')
      .option('--appendix-source <source>', 'whose appendix notes count: both or failure_only (default both)')
      .option('--appendix-consolidate-threshold <n>', 'compact the appendix once it holds more notes than this; 0 never (default 0)')
      .option('--cache-training-calls', 'answer training calls from the response cache (cheap demos; freezes the target\'s noise)')
      .option('--no-evaluate-test', "don't score the baseline, best and final skills on the test split at the end")
      .option('--split-ratios <train:val:test>', 'split of tasks without an explicit split, e.g. 0.5:0.25:0.25 (the default)')
      .option('--rollout-concurrency <n>', 'tasks rolled out at once (default: twice --concurrency)')
      .option('--target-effort <effort>', "target's reasoning effort: minimal, low, medium or high (default: the vendor's)")
      .option('--target-max-output-tokens <n>', "target's output token limit (default: the vendor's)")
      .option('--target-temperature <t>', "target's temperature, 0..2 (default: the vendor's)")
      .option('--optimizer-effort <effort>', "optimizer's reasoning effort: minimal, low, medium or high (default: the vendor's)")
      .option('--optimizer-max-output-tokens <n>', "optimizer's output token limit (default 16384)")
      .option('--optimizer-temperature <t>', "optimizer's temperature, 0..2 (default: the vendor's)")
      .option('--judge-effort <effort>', "judge's reasoning effort: minimal, low, medium or high (default: the vendor's)")
      .option('--judge-max-output-tokens <n>', "judge's output token limit (default: the vendor's)")
      .option('--judge-temperature <t>', "judge's temperature, 0..2 (default 0, as the judge asks)")
      .option('--seed <n>', 'seed of splits, batches and minibatches', '42')
      .option('--max-cost <usd>', 'stop cleanly (resumable) before spending more than this many US dollars')
      .option('--max-tokens <n>', 'stop cleanly (resumable) before using more than this many tokens')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens, e.g. {"ollama:llama3.1": {"inputUsdPerMillion": 0, "outputUsdPerMillion": 0}}')
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once', '8')
      .option('--workspace <dir>', 'where .skill-trainer/ (runs, checkpoints, leaderboard) lives (default: the current folder)')
      .option('--no-cache', 'send every call, ignoring the response cache')
      .option('--write', "replace the skill's SKILL.md with the trained skill when the run finishes")
      .addHelpText(
        'after',
        '\nWith no model flags and no API key the run uses the simulated world (an offline demo).\n' +
          'Ctrl-C stops at the next safe point; `skill-trainer resume <run-id>` continues without repaying finished calls.\n' +
          'Exit codes: 0 finished, 4 stopped at the budget (resumable), 130 cancelled (resumable), 1 error.',
      )
      .action(async (skillDir: string, options: Record<string, unknown>) => {
        context.exitCode = await runTrainCommand({ ...options, skillDir } as TrainArguments, context.io);
      });
  },
};
