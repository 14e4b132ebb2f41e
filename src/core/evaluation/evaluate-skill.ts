import { setMaxListeners } from 'node:events';
import type { AgentTrajectory } from '../models/agent-trajectory';
import { emptyUsage, type ChatModel, type SkillPayload, type Usage } from '../models/chat-model';
import { CallAbortedError, ProviderCallError, StructuredReplyError } from '../models/model-errors';
import { scoreTask } from '../scoring/score-task';
import { outputText, toolCallOutput } from '../scoring/tool-call-output';
import { criteriaForJudge, judgeRequired, mapEmbeddingModels, type EmbeddingModels } from '../scoring/similarity/embedding-models';
import { memoizeEmbeddings } from '../models/embeddings/memoize-embeddings';
import type { TaskScore } from '../scoring/task-score';
import type { EvalTask } from '../tasks/eval-task';
import { rolloutRequest, type TaskFile } from './rollout-request';
import { readTaskFiles, TaskInputFileError } from './task-files';

/** A task that ran and was scored. A low score is data, not an error. */
export interface ScoredTask {
  taskId: string;
  output: string;
  score: TaskScore;
  /** The target call's usage (the judge's is reported through the call policies). */
  usage: Usage;
  /** The judge calls' usage for this task, summed (absent when nothing was graded by the judge). */
  judgeUsage?: Usage;
  /** True when the target's reply came from the response cache. */
  cached: boolean;
  /** What the target did to reach `output` (agent-CLI targets). */
  trajectory?: AgentTrajectory;
}

/**
 * A task that could not be scored because a model call failed for infrastructure
 * reasons (after the call policies' retries). Never counted as a task failure.
 */
export interface FailedTask {
  taskId: string;
  /** Which call failed. */
  stage: 'target' | 'judge';
  error: ProviderCallError | StructuredReplyError;
}

export type TaskEvaluation = ScoredTask | FailedTask;

export function isScoredTask(evaluation: TaskEvaluation): evaluation is ScoredTask {
  return 'score' in evaluation;
}

/** Reported after each task finishes. */
export interface EvaluationProgress {
  done: number;
  total: number;
  /** The task that just finished. */
  latest: TaskEvaluation;
}

export interface EvaluateSkillOptions {
  /** The skill under test: its name (folder name) and full SKILL.md text. */
  skill: SkillPayload;
  tasks: readonly EvalTask[];
  /** Runs the tasks; should already carry the run's call policies. */
  target: ChatModel;
  /** Grades rubric criteria; required when any task has some. */
  judge?: ChatModel;
  /** Decide `similar` checks by embeddings (those without a model are the judge's). */
  embeddings?: EmbeddingModels;
  /** The workspace is trusted (`javascript` assertions may run). */
  trusted: boolean;
  /**
   * Tasks in progress at once (target + judge call each). Default 8. The call
   * policies' per-provider limiter bounds the calls further.
   */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (progress: EvaluationProgress) => void;
  /** The skill's folder, where tasks' input files (`files`) are read from. */
  skillDirectory?: string;
  /** Repeated samples of the same rollout stay distinct in the response cache (the judge's gradings too). Default 0. */
  sampleIndex?: number;
  /** Run the tasks without the skill (no system message, nothing installed), to see what the skill changes. */
  withoutSkill?: boolean;
  temperature?: number;
  maxOutputTokens?: number;
}

/**
 * Runs every task on the target with the skill and scores each output (assertions
 * locally, rubric criteria with the judge), at most `concurrency` tasks at a time.
 * Returns one evaluation per task, in task order.
 *
 * A task whose target or judge call fails for infrastructure reasons (ProviderCallError,
 * StructuredReplyError) comes back as a `FailedTask`; the others go on. Any other error
 * (budget reached, missing key, authentication refused, a judge missing, cancellation)
 * means no further task can succeed: the tasks in flight are cancelled at once and that
 * error is thrown, so the trainer can checkpoint and stop.
 */
export async function evaluateSkill(options: EvaluateSkillOptions): Promise<TaskEvaluation[]> {
  // Each expected text of a `similar` check is embedded once per pass, not once per rollout.
  const embeddings = mapEmbeddingModels(options.embeddings, memoizeEmbeddings);
  options = { ...options, ...(embeddings && { embeddings }) };
  const tasks = options.tasks;
  // Found before any call is paid for, rather than at the first such task.
  requireJudgeWhereNeeded(tasks, options.judge, options.embeddings);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const results: TaskEvaluation[] = new Array(tasks.length);
  // Cancels the tasks in flight when one hits a fatal error, or the caller aborts.
  const stop = new AbortController();
  // Every call in flight listens to it (a few listeners per call); that is not a leak.
  setMaxListeners(0, stop.signal);
  const stopOnOuterAbort = () => stop.abort();
  options.signal?.addEventListener('abort', stopOnOuterAbort, { once: true });
  if (options.signal?.aborted) stop.abort();
  let fatal: { error: unknown } | undefined;
  let next = 0;
  let done = 0;

  async function worker(): Promise<void> {
    while (!stop.signal.aborted && next < tasks.length) {
      const index = next++;
      const task = tasks[index]!;
      try {
        results[index] = await evaluateTask(task, options, stop.signal);
      } catch (error) {
        if (!fatal && !(stop.signal.aborted && error instanceof CallAbortedError)) fatal = { error };
        stop.abort();
        return;
      }
      done += 1;
      options.onProgress?.({ done, total: tasks.length, latest: results[index]! });
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', stopOnOuterAbort);
  }
  if (fatal) throw fatal.error;
  if (options.signal?.aborted) throw new CallAbortedError('Evaluating the skill');
  return results;
}

/** Throws `JudgeRequiredError` when a task has criteria to grade (`similar` checks with an embedding model apart) and there is no judge. */
export function requireJudgeWhereNeeded(tasks: readonly EvalTask[], judge: ChatModel | undefined, embeddings?: EmbeddingModels): void {
  if (judge) return;
  for (const task of tasks) {
    const criteria = criteriaForJudge(task, embeddings);
    if (criteria.length > 0) throw judgeRequired(task, criteria);
  }
}

async function evaluateTask(task: EvalTask, options: EvaluateSkillOptions, signal: AbortSignal): Promise<TaskEvaluation> {
  const files = await filesOf(task, options.skillDirectory);
  const request = rolloutRequest(task, options.skill, options.target, {
    files,
    sampleIndex: options.sampleIndex,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    signal,
    withoutSkill: options.withoutSkill,
  });
  let response;
  try {
    response = await options.target.complete(request);
  } catch (error) {
    if (isTaskLevelFailure(error)) return { taskId: task.id, stage: 'target', error };
    throw error;
  }
  const judge = options.judge && countingUsage(options.judge);
  // Tool calls reach the checks, the judge and the optimizer as promptfoo's provider of the suite gives them.
  const shaped = task.tools && response.toolCalls?.length ? toolCallOutput(task.tools.outputShape, response.text, response.toolCalls) : undefined;
  const output = shaped === undefined ? response.text : outputText(shaped);
  try {
    const score = await scoreTask(task, output, {
      judge: judge?.model,
      embeddings: options.embeddings,
      trusted: options.trusted,
      signal,
      sampleIndex: options.sampleIndex,
      // A reply replayed from the journal or the cache keeps what its call cost when it was made.
      usage: response.firstUsage ?? response.usage,
      outputValue: shaped,
      finishReason: response.finishReason,
      skillDirectory: options.skillDirectory,
    });
    const scored: ScoredTask = {
      taskId: task.id,
      output,
      score,
      usage: response.usage,
      cached: response.cached ?? false,
      ...(response.trajectory ? { trajectory: response.trajectory } : {}),
    };
    if (judge?.calls) scored.judgeUsage = judge.usage;
    return scored;
  } catch (error) {
    if (isTaskLevelFailure(error)) return { taskId: task.id, stage: 'judge', error };
    throw error;
  }
}

/** The judge, summing the usage of the calls made through it (one task's gradings). */
function countingUsage(judge: ChatModel): { model: ChatModel; usage: Usage; calls: number } {
  const counted = { model: judge, usage: emptyUsage(), calls: 0 };
  counted.model = {
    spec: judge.spec,
    provider: judge.provider,
    model: judge.model,
    installsSkills: judge.installsSkills,
    endpoint: judge.endpoint,
    async complete(request) {
      const response = await judge.complete(request);
      const sum = counted.usage;
      counted.calls += 1;
      counted.usage = {
        inputTokens: sum.inputTokens + response.usage.inputTokens,
        outputTokens: sum.outputTokens + response.usage.outputTokens,
        cachedInputTokens: sum.cachedInputTokens + response.usage.cachedInputTokens,
        costUsd: sum.costUsd === null || response.usage.costUsd === null ? null : sum.costUsd + response.usage.costUsd,
        latencyMs: sum.latencyMs + response.usage.latencyMs,
      };
      return response;
    },
  };
  return counted;
}

async function filesOf(task: EvalTask, skillDirectory: string | undefined): Promise<TaskFile[]> {
  if (!task.files?.length) return [];
  if (skillDirectory === undefined) {
    throw new TaskInputFileError(task.id, task.files[0]!, 'cannot be read because no skill folder was given to the evaluation');
  }
  return readTaskFiles(skillDirectory, task);
}

/**
 * Failures that concern one call only. Authentication failures are not: every other
 * call with the same key fails the same way, so they stop the evaluation.
 */
function isTaskLevelFailure(error: unknown): error is ProviderCallError | StructuredReplyError {
  if (error instanceof StructuredReplyError) return true;
  return error instanceof ProviderCallError && error.kind !== 'auth';
}
