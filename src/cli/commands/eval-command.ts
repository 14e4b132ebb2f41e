/**
 * `skill-trainer eval <skill-dir> --target <spec> [--judge <spec>] ...`: runs a skill's
 * eval tasks on a target model, scores them, prints a per-task table and the totals.
 */
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { benchmarkJson, derivedMetricsReport, evaluateTrials, isScoredTask, measureJudgeNoise, readSkillPayload, requireJudgeWhereNeeded, toolsNotGivenNotice, type JudgeNoise, type TaskEvaluation } from '../../core/evaluation';
import { writeJsonAtomic } from '../../core/store/atomic-write';
import { baselineJson, formatBaseline } from '../eval-baseline';
import { formatTrajectories } from '../eval-trajectories';
import { taskWarningsText } from '../task-warnings-text';
import { errorMessage, isSkillTrainerError, SkillTrainerError } from '../../core/errors';
import { apiKeysFromEnvironment, baseUrlsFromEnvironment } from '../../core/models/adapters/api-keys-from-environment';
import type { ChatModel } from '../../core/models/chat-model';
import { createChatModel, type ModelFactoryOptions } from '../../core/models/create-chat-model';
import { CallAbortedError } from '../../core/models/model-errors';
import { createCallPolicies, DiskResponseCache, readPriceOverridesFile, withCallPolicies } from '../../core/models/policies';
import { createSimulatedModel, createSimulatedWorld } from '../../core/models/sim';
import { DEFAULT_SPLIT_SEED, loadTaskSet, splitTasks, type EvalTask, type TaskSet } from '../../core/tasks';
import { runEmbeddingModels } from '../../core/scoring/similarity/run-embedding-models';
import type { EmbeddingModels } from '../../core/scoring/similarity/embedding-models';
import { embeddingFlagHelp } from '../cli-model-factory';
import { evalExitCode, evalResultJson, formatEvalReport, type EvalRunSummary } from '../eval-report';
import type { CliCommand } from '../cli-command';
import { openCliQueue, queueBatchSchema } from '../cli-queue';
import type { CliIo, CliOutput } from '../cli-io';
import { ProgressBar } from '../progress-bar';
import { defaultResponseCacheDirectory } from '../response-cache-directory';

/** The command's options after parsing; zod checks what the argument parser hands over. */
export const evalArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  target: z.string().min(1, 'give the target model, e.g. --target openai:gpt-5-mini'),
  judge: z.string().min(1).optional(),
  /** Embedding model that decides `similar` checks; without one the judge grades them. */
  embedding: z.string().min(1).optional(),
  split: z.enum(['train', 'val', 'test', 'all']).default('all'),
  /** Tasks (and calls per provider) in flight at once. */
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  /** Hard cap on spend, USD. */
  maxCost: z.coerce.number().min(0).optional(),
  /** Hard cap on tokens (input + output, target and judge). */
  maxTokens: z.coerce.number().int().min(0).optional(),
  /** A JSON file of price overrides (as the `skillTrainer.prices` setting). */
  prices: z.string().min(1).optional(),
  /** False with --no-cache: every call goes to the model. */
  cache: z.boolean().default(true),
  cacheDir: z.string().min(1).optional(),
  json: z.boolean().default(false),
  /** Seed of the train/val/test split of tasks without an explicit split. */
  seed: z.coerce.number().int().default(DEFAULT_SPLIT_SEED),
  /** Per-call timeout, seconds. */
  timeout: z.coerce.number().positive().default(120),
  /** Attempts per call, the first included (429, 5xx, timeouts, network errors and unusable 200 replies are retried). */
  maxAttempts: z.coerce.number().int().min(1).max(20).default(5),
  /** Runs per task, each a fresh sample; with 2 or more the report shows pass rates, flaky tasks and the judge's noise. */
  trials: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(1),
  /** Also run every task without the skill (as many trials) and compare. */
  baseline: z.boolean().default(false),
  /** Print each task's agent trajectory (agent-CLI targets) after the report. */
  trajectories: z.boolean().default(false),
  /** Write the with/without-skill result as benchmark.json here (implies baseline). */
  benchmark: z.string().min(1).optional(),
  /** A Redis URL: the target's calls run as jobs on `skill-trainer worker` processes. */
  queue: z.string().min(1).optional(),
  queueBatch: queueBatchSchema,
});

export type EvalArguments = z.input<typeof evalArgumentsSchema>;

/** Replaceable parts, for tests. */
export interface EvalCommandDependencies {
  /**
   * Creates a model from a spec; default `createChatModel` with keys and base URLs
   * from `io.environment`. Tests inject scripted models here.
   */
  createModel?: (spec: string, options: ModelFactoryOptions) => ChatModel;
}

/** The command-line flag of each argument, for error messages. */
const flagOf: Record<string, string> = {
  skillDir: '<skill-dir>',
  maxCost: '--max-cost',
  maxTokens: '--max-tokens',
  cacheDir: '--cache-dir',
  maxAttempts: '--max-attempts',
  prices: '--prices',
};

/** Checks the arguments; a bad one is a SkillTrainerError naming the flag and the fix. */
export function parseEvalArguments(raw: EvalArguments): z.output<typeof evalArgumentsSchema> {
  const parsed = evalArgumentsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  const flag = flagOf[field] ?? `--${field}`;
  throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flag}: ${issue.message}. Run 'skill-trainer eval --help' for the options.`);
}

export const evalCommand: CliCommand = {
  register(program, context) {
    program
      .command('eval')
      .description("Run a skill's eval tasks on a target model and score them")
      .argument('<skill-dir>', 'the skill folder (holding SKILL.md and evals/evals.json)')
      .requiredOption('--target <spec>', 'model that runs the tasks, e.g. openai:gpt-5-mini, anthropic:claude-sonnet-4-5, ollama:llama3.1, claude-code')
      .option('--judge <spec>', 'model that grades rubric criteria (needed when tasks have a rubric or expected_output)')
      .option('--embedding <spec>', embeddingFlagHelp)
      .option('--split <split>', 'which tasks: train, val, test or all', 'all')
      .option('--seed <n>', 'seed of the split for tasks without an explicit one', String(DEFAULT_SPLIT_SEED))
      .option('--concurrency <n>', 'tasks (and calls per provider) in flight at once', '8')
      .option('--max-cost <usd>', 'stop before spending more than this many US dollars')
      .option('--max-tokens <n>', 'stop before using more than this many tokens')
      .option('--timeout <seconds>', 'per-call timeout', '120')
      .option('--max-attempts <n>', 'attempts per call, retries of 429/5xx/timeouts included', '5')
      .option('--trials <k>', 'run every task k times (fresh samples): pass rate per task, flaky tasks, judge noise', '1')
      .option('--prices <file>', 'JSON file of prices per model, USD per million tokens (see below)')
      .option('--no-cache', 'send every call, ignoring and not filling the response cache')
      .option('--cache-dir <dir>', 'where replies are cached (default: see below)')
      .option('--json', 'print a machine-readable result on stdout')
      .option('--baseline', 'also run every task without the skill; report with / without / delta with 95 % intervals')
      .option('--trajectories', "print what an agent-CLI target did on each task (messages, tool calls and results, bounded) after the report; --json always includes them")
      .option('--queue <redis-url>', "run the target's calls as jobs on `skill-trainer worker` processes through this Redis (default: SKILL_TRAINER_QUEUE_URL)")
      .option('--queue-batch <n>', 'target calls per queue job (default 8, at most --concurrency)')
      .option('--benchmark <file>', 'write the result with and without the skill as benchmark.json (skill-creator format); implies --baseline')
      .addHelpText('after', `\n${evalCommandHelp}`)
      .action(async (skillDir: string, options: Record<string, unknown>) => {
        context.exitCode = await runEvalCommand({ ...options, skillDir } as EvalArguments, context.io);
      });
  },
};

/** Runs the command; returns the exit code (see `evalExitCodes`). Setup errors are thrown. */
export async function runEvalCommand(rawArguments: EvalArguments, io: CliIo, dependencies: EvalCommandDependencies = {}): Promise<number> {
  const args = parseEvalArguments(rawArguments);
  const skillDirectory = resolve(io.cwd, args.skillDir);
  const skill = await readSkillPayload(skillDirectory);
  // The command line runs trusted: a suite's own code may build its tasks.
  const taskSet = await loadTaskSet(skillDirectory, { runCode: true });
  const tasks = selectTasks(taskSet, args.split, args.seed);
  io.stderr.write(taskWarningsText(taskSet, skillDirectory, io.cwd));
  const toolsNotice = toolsNotGivenNotice(args.target, tasks);
  if (toolsNotice) io.stderr.write(`Note: ${toolsNotice}\n`);

  const cacheDirectory = args.cacheDir ? resolve(io.cwd, args.cacheDir) : defaultResponseCacheDirectory(io.environment);
  const policies = createCallPolicies({
    maxConcurrency: args.concurrency,
    timeoutMs: args.timeout * 1000,
    retry: { maxAttempts: args.maxAttempts },
    cache: args.cache ? new DiskResponseCache(cacheDirectory) : false,
    budget: { maxCostUsd: args.maxCost, maxTokens: args.maxTokens },
    prices: args.prices ? await readPriceOverridesFile(resolve(io.cwd, args.prices)) : undefined,
  });
  // One simulated world serves every sim: role, created only when one is asked for.
  let world: ReturnType<typeof createSimulatedWorld> | undefined;
  const factoryOptions: ModelFactoryOptions = {
    // The person running the command chose this skill folder and its tasks.
    trusted: true,
    apiKeys: apiKeysFromEnvironment(io.environment),
    baseUrls: baseUrlsFromEnvironment(io.environment),
    simulated: (model) => createSimulatedModel(`sim:${model}`, (world ??= createSimulatedWorld(taskSet))),
  };
  const create = dependencies.createModel ?? createChatModel;
  const progressOutput = args.json ? quietUnlessTerminal(io.stderr) : io.stderr;
  const queue = await openCliQueue(args.queue, io, progressOutput, { concurrency: args.concurrency, batchSize: args.queueBatch });
  try {
    // A queued sim: target builds the same world on the worker (the default seed, as here).
    const target = withCallPolicies(queue ? await queue.target(args.target, { taskSet: async () => taskSet, seed: createSimulatedWorld(taskSet).seed }) : create(args.target, factoryOptions), policies);
    const judge = args.judge ? withCallPolicies(create(args.judge, factoryOptions), policies) : undefined;
    const embeddings = runEmbeddingModels({ spec: args.embedding, tasks, factory: factoryOptions, policies });
    return await evaluate(target, judge, embeddings);
  } finally {
    await queue?.close();
  }

  async function evaluate(target: ChatModel, judge: ChatModel | undefined, embeddings: EmbeddingModels | undefined): Promise<number> {
    requireJudgeWhereNeeded(tasks, judge, embeddings);

    const progress = new ProgressBar(progressOutput, tasks.length * args.trials);
    if (!args.json) {
      io.stderr.write(
        `Evaluating ${skill.name} on ${tasks.length} task${tasks.length === 1 ? '' : 's'} (split ${args.split})` +
          `${args.trials > 1 ? `, ${args.trials} trials each` : ''} · ` +
          `${args.cache ? `cache ${cacheDirectory}` : 'cache off'}\n`,
      );
    }
    // Each trial's finished evaluations by task id (a stopped run keeps what finished).
    const finished: Map<string, TaskEvaluation>[] = Array.from({ length: args.trials }, () => new Map());
    const started = performance.now();
    /** The same tasks without the skill (--baseline), as many trials, after the runs with it. */
    const evaluateWithoutSkill = async (): Promise<TaskEvaluation[][]> => {
      const withoutProgress = new ProgressBar(progressOutput, tasks.length * args.trials);
      try {
        return await evaluateTrials({ skill, tasks, target, judge, embeddings, trusted: true, concurrency: args.concurrency, signal: io.signal, skillDirectory, trials: args.trials, withoutSkill: true, onProgress: ({ latest }) => withoutProgress.tick(`without skill: ${progressLine(latest)}`, '') });
      } catch (error) {
        if (!isSkillTrainerError(error)) throw error;
        stoppedBy = { code: error.code, message: `without the skill: ${errorMessage(error)}`, cancelled: error instanceof CallAbortedError };
        return [];
      } finally {
        withoutProgress.finish();
      }
    };
    let stoppedBy: EvalRunSummary['stoppedBy'];
    let judgeNoise: JudgeNoise | undefined;
    try {
      await evaluateTrials({
        skill,
        tasks,
        target,
        judge,
        embeddings,
        trusted: true,
        concurrency: args.concurrency,
        signal: io.signal,
        skillDirectory,
        trials: args.trials,
        onProgress: ({ trial, latest }) => {
          finished[trial]!.set(latest.taskId, latest);
          const cost = policies.totals.costOrUnknown();
          const prefix = args.trials > 1 ? `trial ${trial + 1}  ` : '';
          progress.tick(`${prefix}${progressLine(latest)}`, `${policies.totals.total().cacheHits} cached  ${cost === null ? 'cost unknown' : `$${cost.toFixed(4)}`}`);
        },
      });
      if (args.trials > 1 && judge) {
        const firstOutputs = tasks.flatMap((task) => {
          const first = finished.map((trial) => trial.get(task.id)).find((result) => result !== undefined && isScoredTask(result));
          return first && isScoredTask(first) ? [first] : [];
        });
        judgeNoise = await measureJudgeNoise({ tasks, outputs: firstOutputs, judge, signal: io.signal, concurrency: args.concurrency });
      }
    } catch (error) {
      if (!isSkillTrainerError(error)) throw error;
      stoppedBy = { code: error.code, message: errorMessage(error), cancelled: error instanceof CallAbortedError };
    } finally {
      progress.finish();
    }
    const baseline = (args.baseline || args.benchmark) && !stoppedBy ? await evaluateWithoutSkill() : undefined;

    const summary: EvalRunSummary = {
      skill: { name: skill.name, directory: skillDirectory },
      split: args.split,
      seed: args.seed,
      target: target.spec,
      judge: judge?.spec ?? null,
      taskIds: tasks.map((task) => task.id),
      results: finished.flatMap((trial) => tasks.flatMap((task) => trial.get(task.id) ?? [])),
      trials: args.trials,
      trialResults: finished.map((trial) => tasks.flatMap((task) => trial.get(task.id) ?? [])),
      judgeNoise,
      usage: { total: policies.totals.total(), byLabel: policies.totals.byLabel() },
      wallTimeMs: performance.now() - started,
      stoppedBy,
    };
    summary.derivedMetrics = derivedMetricsReport(tasks, summary.results, taskSet.derivedMetrics ?? []);
    const withoutResults = baseline?.flat();
    if (args.json) io.stdout.write(`${JSON.stringify({ ...evalResultJson(summary), ...(withoutResults ? { baseline: baselineJson(summary.results, withoutResults) } : {}) }, null, 2)}\n`);
    else {
      io.stdout.write(formatEvalReport(summary, { width: io.stdout.isTTY ? io.stdout.columns : undefined }) + (withoutResults ? formatBaseline(summary.results, withoutResults) : ''));
      if (args.trajectories) io.stdout.write(formatTrajectories(summary.results));
    }
    if (baseline && args.benchmark && !summary.stoppedBy) {
      const file = resolve(io.cwd, args.benchmark);
      await writeJsonAtomic(file, benchmarkJson({ skillName: skill.name, skillPath: skillDirectory, executorModel: target.spec, analyzerModel: judge?.spec ?? null, taskIds: summary.taskIds, withSkill: summary.trialResults ?? [summary.results], withoutSkill: baseline }));
      (args.json ? progressOutput : io.stderr).write(`Wrote ${relative(io.cwd, file) || file} (benchmark.json, with and without the skill).\n`);
    }
    return evalExitCode({ ...summary, results: [...summary.results, ...(withoutResults ?? [])] });
  }
}

function selectTasks(taskSet: TaskSet, split: 'train' | 'val' | 'test' | 'all', seed: number): EvalTask[] {
  if (split === 'all') return taskSet.tasks;
  return splitTasks(taskSet.tasks, { seed })[split];
}

/** With --json, stdout carries only the JSON; progress goes to a terminal's stderr or nowhere. */
export function quietUnlessTerminal(output: CliOutput): CliOutput {
  return output.isTTY ? output : { isTTY: false, write: () => undefined };
}

function progressLine(result: TaskEvaluation): string {
  if ('score' in result) return `${result.taskId}  hard ${result.score.hard}  soft ${result.score.soft.toFixed(2)}${result.cached ? '  (cached)' : ''}`;
  return `${result.taskId}  INFRASTRUCTURE FAILURE (${result.stage}): ${errorMessage(result.error)}`;
}

/** Shown after the options in `skill-trainer eval --help`. */
export const evalCommandHelp = `Keys come from the environment: ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY (or
GOOGLE_API_KEY), OPENAI_COMPATIBLE_API_KEY / OPENROUTER_API_KEY; base URLs from
ANTHROPIC_BASE_URL, OPENAI_BASE_URL, GOOGLE_GEMINI_BASE_URL, OLLAMA_HOST,
OPENAI_COMPATIBLE_BASE_URL.

Replies are cached in $SKILL_TRAINER_CACHE_DIR, else $XDG_CACHE_HOME/skill-trainer/responses,
else ~/.cache/skill-trainer/responses (or --cache-dir); a repeated identical call is free.

--prices takes a JSON object keyed by model spec or bare model name, USD per million tokens:
{"ollama:llama3.1": {"inputUsdPerMillion": 0, "outputUsdPerMillion": 0},
 "gpt-5-mini": {"inputUsdPerMillion": 0.25, "outputUsdPerMillion": 2, "cachedInputUsdPerMillion": 0.025}}
It wins over the built-in price table; a model with no price has an unknown cost, never zero.

Exit codes: 0 every task scored (whatever the scores) · 3 some tasks could not be scored
because a model call failed · 4 stopped early (budget cap, refused key) ·
130 cancelled (143 by SIGTERM) · 1 the command could not start (bad arguments, skill or task file, missing key).`;
