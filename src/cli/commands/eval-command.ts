/**
 * `skill-trainer eval <skill-dir> --target <spec> [--judge <spec>] ...`: runs a skill's
 * eval tasks on a target model, scores them, prints a per-task table and the totals.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { evaluateSkill, readSkillPayload, requireJudgeWhereNeeded, type TaskEvaluation } from '../../core/evaluation';
import { errorMessage, isSkillTrainerError } from '../../core/errors';
import { apiKeysFromEnvironment, baseUrlsFromEnvironment } from '../../core/models/adapters/api-keys-from-environment';
import type { ChatModel } from '../../core/models/chat-model';
import { createChatModel, type ModelFactoryOptions } from '../../core/models/create-chat-model';
import { CallAbortedError } from '../../core/models/model-errors';
import { createCallPolicies, DiskResponseCache, withCallPolicies } from '../../core/models/policies';
import { createSimulatedModel, createSimulatedWorld } from '../../core/models/sim';
import { DEFAULT_SPLIT_SEED, loadTaskSet, splitTasks, type EvalTask, type TaskSet } from '../../core/tasks';
import { evalExitCode, evalResultJson, formatEvalReport, type EvalRunSummary } from '../eval-report';
import { ProgressBar, type ProgressOutput } from '../progress-bar';
import { defaultResponseCacheDirectory } from '../response-cache-directory';

/** The command's options after parsing; zod checks what the argument parser hands over. */
export const evalArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  target: z.string().min(1, 'give the target model, e.g. --target openai:gpt-5-mini'),
  judge: z.string().min(1).optional(),
  split: z.enum(['train', 'val', 'test', 'all']).default('all'),
  /** Tasks (and calls per provider) in flight at once. */
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  /** Hard cap on spend, USD. */
  maxCost: z.coerce.number().min(0).optional(),
  /** Hard cap on tokens (input + output, target and judge). */
  maxTokens: z.coerce.number().int().min(0).optional(),
  /** False with --no-cache: every call goes to the model. */
  cache: z.boolean().default(true),
  cacheDir: z.string().min(1).optional(),
  json: z.boolean().default(false),
  /** Seed of the train/val/test split of tasks without an explicit split. */
  seed: z.coerce.number().int().default(DEFAULT_SPLIT_SEED),
  /** Per-call timeout, seconds. */
  timeout: z.coerce.number().positive().default(120),
  /** Attempts per call, the first included (429, 5xx, timeouts and network errors are retried). */
  maxAttempts: z.coerce.number().int().min(1).max(20).default(5),
});

export type EvalArguments = z.input<typeof evalArgumentsSchema>;

/** What the command talks to: streams, environment, cancellation. Injected so tests run in-process. */
export interface EvalCommandContext {
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  environment: Readonly<Record<string, string | undefined>>;
  /** Fires on Ctrl-C. */
  signal?: AbortSignal;
  /**
   * Creates a model from a spec; default `createChatModel` with keys and base URLs
   * from the environment. Tests inject scripted models here.
   */
  createModel?: (spec: string, options: ModelFactoryOptions) => ChatModel;
}

/** Runs the command; returns the exit code (see `evalExitCodes`). Setup errors are thrown. */
export async function runEvalCommand(rawArguments: EvalArguments, context: EvalCommandContext): Promise<number> {
  const args = evalArgumentsSchema.parse(rawArguments);
  const skillDirectory = resolve(args.skillDir);
  const skill = await readSkillPayload(skillDirectory);
  const taskSet = await loadTaskSet(skillDirectory);
  const tasks = selectTasks(taskSet, args.split, args.seed);

  const cacheDirectory = args.cacheDir ?? defaultResponseCacheDirectory(context.environment);
  const policies = createCallPolicies({
    maxConcurrency: args.concurrency,
    timeoutMs: args.timeout * 1000,
    retry: { maxAttempts: args.maxAttempts },
    cache: args.cache ? new DiskResponseCache(cacheDirectory) : false,
    budget: { maxCostUsd: args.maxCost, maxTokens: args.maxTokens },
  });
  // One simulated world serves every sim: role, created only when one is asked for.
  let world: ReturnType<typeof createSimulatedWorld> | undefined;
  const factoryOptions: ModelFactoryOptions = {
    // The person running the command chose this skill folder and its tasks.
    trusted: true,
    apiKeys: apiKeysFromEnvironment(context.environment),
    baseUrls: baseUrlsFromEnvironment(context.environment),
    simulated: (model) => createSimulatedModel(`sim:${model}`, (world ??= createSimulatedWorld(taskSet))),
  };
  const create = context.createModel ?? createChatModel;
  const target = withCallPolicies(create(args.target, factoryOptions), policies);
  const judge = args.judge ? withCallPolicies(create(args.judge, factoryOptions), policies) : undefined;
  requireJudgeWhereNeeded(tasks, judge);

  const progressOutput = args.json ? quietUnlessTerminal(context.stderr) : context.stderr;
  const progress = new ProgressBar(progressOutput, tasks.length);
  if (!args.json) {
    context.stderr.write(
      `Evaluating ${skill.name} on ${tasks.length} task${tasks.length === 1 ? '' : 's'} (split ${args.split}) · ` +
        `${args.cache ? `cache ${cacheDirectory}` : 'cache off'}\n`,
    );
  }
  const finished = new Map<string, TaskEvaluation>();
  const started = performance.now();
  let stoppedBy: EvalRunSummary['stoppedBy'];
  try {
    await evaluateSkill({
      skill,
      tasks,
      target,
      judge,
      trusted: true,
      concurrency: args.concurrency,
      signal: context.signal,
      skillDirectory,
      onProgress: ({ latest }) => {
        finished.set(latest.taskId, latest);
        const cost = policies.totals.costOrUnknown();
        progress.tick(progressLine(latest), `${policies.totals.total().cacheHits} cached  ${cost === null ? 'cost unknown' : `$${cost.toFixed(4)}`}`);
      },
    });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    stoppedBy = { code: error.code, message: errorMessage(error), cancelled: error instanceof CallAbortedError };
  } finally {
    progress.finish();
  }

  const summary: EvalRunSummary = {
    skill: { name: skill.name, directory: skillDirectory },
    split: args.split,
    seed: args.seed,
    target: target.spec,
    judge: judge?.spec ?? null,
    taskIds: tasks.map((task) => task.id),
    results: tasks.flatMap((task) => finished.get(task.id) ?? []),
    usage: { total: policies.totals.total(), byLabel: policies.totals.byLabel() },
    wallTimeMs: performance.now() - started,
    stoppedBy,
  };
  if (args.json) context.stdout.write(`${JSON.stringify(evalResultJson(summary), null, 2)}\n`);
  else context.stdout.write(formatEvalReport(summary, { width: context.stdout.isTTY ? context.stdout.columns : undefined }));
  return evalExitCode(summary);
}

function selectTasks(taskSet: TaskSet, split: 'train' | 'val' | 'test' | 'all', seed: number): EvalTask[] {
  if (split === 'all') return taskSet.tasks;
  return splitTasks(taskSet.tasks, { seed })[split];
}

/** With --json, stdout carries only the JSON; progress goes to a terminal's stderr or nowhere. */
function quietUnlessTerminal(output: ProgressOutput): ProgressOutput {
  return output.isTTY ? output : { isTTY: false, write: () => undefined };
}

function progressLine(result: TaskEvaluation): string {
  if ('score' in result) return `${result.taskId}  hard ${result.score.hard}  soft ${result.score.soft.toFixed(2)}${result.cached ? '  (cached)' : ''}`;
  return `${result.taskId}  INFRASTRUCTURE FAILURE (${result.stage}): ${errorMessage(result.error)}`;
}

/** The help text's description of options and exit codes. */
export const evalCommandHelp = `Runs a skill's eval tasks on a target model and scores them.

Keys come from the environment: ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY (or
GOOGLE_API_KEY), OPENAI_COMPATIBLE_API_KEY / OPENROUTER_API_KEY; base URLs from
ANTHROPIC_BASE_URL, OPENAI_BASE_URL, GOOGLE_GEMINI_BASE_URL, OLLAMA_HOST,
OPENAI_COMPATIBLE_BASE_URL.

Replies are cached in $SKILL_TRAINER_CACHE_DIR, else $XDG_CACHE_HOME/skill-trainer/responses,
else ~/.cache/skill-trainer/responses (or --cache-dir); a repeated identical call is free.

Exit codes: 0 every task scored (whatever the scores) · 3 some tasks could not be scored
because a model call failed · 4 stopped early (budget cap, missing key, refused key) ·
130 cancelled · 1 the command could not start (bad arguments, skill or task file).`;
