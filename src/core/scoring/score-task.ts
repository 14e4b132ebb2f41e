import type { ChatModel } from '../models/chat-model';
import { CallAbortedError } from '../models/model-errors';
import type { EvalTask } from '../tasks/eval-task';
import type { AssertionContext } from './assertions/assertion-definition';
import { runAssertion } from './assertions/run-assertion';
import { gradeCriteria } from './judge/grade-criteria';
import { judgeCriteriaFor } from './judge/judge-criteria';
import { JudgeRequiredError } from './scoring-errors';
import type { CheckResult, TaskScore } from './task-score';

export interface ScoreTaskOptions {
  /** Grades rubric criteria; required when the task has any. */
  judge?: ChatModel;
  /** The workspace is trusted: `javascript` checks may run. */
  trusted: boolean;
  signal?: AbortSignal;
  /** Wall-time limit per `javascript` check, in ms. Default 2000. */
  javascriptTimeoutMs?: number;
  /** Which grading this is when the same task is graded repeatedly (trials); keeps the judge's calls apart in the cache. Default 0. */
  sampleIndex?: number;
}

/** The reason recorded for a task that has nothing to score against. */
export const NOTHING_TO_SCORE_REASON =
  'this task has no rubric, no assertions and no expected_output, so nothing can be checked; add one of them to the task';

/**
 * Scores one output of one task.
 *
 * Assertions run locally; all rubric criteria (hard then soft) are graded in one judge
 * call. `hard` is 1 when every hard criterion and every assertion passed; `soft` is
 * the weighted mean of every check's score (hard criteria weigh 1, assertions their
 * `weight`). Checks that did not run (`javascript` in an untrusted workspace) count in
 * neither. A task with only an expected output is graded by the judge against it
 * (see `judgeCriteriaFor`); a task with nothing at all scores 0 with a check that says
 * why (the loader warns about such tasks).
 *
 * Infrastructure failures — the judge call failed, its reply was unreadable twice, the
 * call was cancelled — are thrown, never returned as a failed score.
 */
export async function scoreTask(task: EvalTask, output: string, options: ScoreTaskOptions): Promise<TaskScore> {
  const context: AssertionContext = {
    task,
    trusted: options.trusted,
    javascriptTimeoutMs: options.javascriptTimeoutMs ?? 2000,
  };
  const checks: CheckResult[] = task.assert.map((spec) => runAssertion(spec, output, context));

  const criteria = judgeCriteriaFor(task);
  if (criteria.length > 0) {
    if (!options.judge) throw new JudgeRequiredError(task.id, criteria.length);
    if (options.signal?.aborted) throw new CallAbortedError(`Judging task '${task.id}'`);
    checks.push(...(await gradeCriteria(options.judge, task, output, criteria, options.signal, options.sampleIndex)));
  }

  if (checks.length === 0) {
    checks.push({ kind: 'assertion', name: 'nothing-to-score', pass: false, score: 0, weight: 1, reason: NOTHING_TO_SCORE_REASON });
  }
  return { taskId: task.id, ...combineChecks(checks) };
}

/** hard and soft from a task's checks; skipped checks are left out of both. */
export function combineChecks(checks: readonly CheckResult[]): { hard: 0 | 1; soft: number; checks: CheckResult[] } {
  const counted = checks.filter((check) => !check.skipped);
  if (counted.length === 0) return { hard: 0, soft: 0, checks: [...checks] };
  const hard = counted.every((check) => check.kind === 'soft' || check.pass) ? 1 : 0;
  const totalWeight = counted.reduce((sum, check) => sum + check.weight, 0);
  // Every weight 0 means "report only"; an unweighted mean still says how the output did.
  const soft =
    totalWeight > 0
      ? counted.reduce((sum, check) => sum + check.score * check.weight, 0) / totalWeight
      : counted.reduce((sum, check) => sum + check.score, 0) / counted.length;
  return { hard, soft, checks: [...checks] };
}
