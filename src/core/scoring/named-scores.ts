import type { AssertionSpec } from '../tasks/eval-task';
import type { CheckResult } from './task-score';

/** A task's assertions paired with their results, leaving out checks that did not run. */
export function checksThatRan(assertions: readonly AssertionSpec[], checks: readonly CheckResult[]): { spec: AssertionSpec; check: CheckResult }[] {
  // A task's checks list its assertions first, in order (see scoreTask).
  return assertions.map((spec, index) => ({ spec, check: checks[index] })).filter(({ check }) => check !== undefined && check.skipped === undefined);
}

/**
 * promptfoo's named scores of one output: each assertion `metric` → the sum of the
 * scores of the checks that carry it and ran (promptfoo adds scores that share a name).
 */
export function namedScores(assertions: readonly AssertionSpec[], checks: readonly CheckResult[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const { spec, check } of checksThatRan(assertions, checks)) {
    if (spec.metric !== undefined) scores[spec.metric] = (scores[spec.metric] ?? 0) + check.score;
  }
  return scores;
}
