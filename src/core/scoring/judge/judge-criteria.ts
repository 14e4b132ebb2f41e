import type { EvalTask } from '../../tasks/eval-task';

/** One rubric criterion as the judge sees it. */
export interface JudgeCriterion {
  kind: 'hard' | 'soft';
  /** The criterion text, on one line (the judge prompt lists one criterion per line). */
  text: string;
  /** Weight in the soft score: 1 for hard criteria. */
  weight: number;
}

/**
 * The criterion used for a task that has an expected output but neither a rubric nor
 * assertions: the judge compares the output with the reference answer.
 */
export const MATCHES_EXPECTED_OUTPUT_CRITERION = 'The output gives the same result as the reference answer; wording and formatting may differ.';

/**
 * The criteria the judge grades for a task: hard criteria first, then soft ones, in
 * file order. A task with an expected output and nothing else to check gets
 * {@link MATCHES_EXPECTED_OUTPUT_CRITERION} as its one hard criterion.
 */
export function judgeCriteriaFor(task: EvalTask): JudgeCriterion[] {
  const criteria: JudgeCriterion[] = [
    ...task.rubric.hard.map((text) => ({ kind: 'hard' as const, text: oneLine(text), weight: 1 })),
    ...task.rubric.soft.map((soft) => ({ kind: 'soft' as const, text: oneLine(soft.criterion), weight: soft.weight })),
  ];
  if (criteria.length === 0 && task.assert.length === 0 && task.expectedOutput?.trim()) {
    criteria.push({ kind: 'hard', text: MATCHES_EXPECTED_OUTPUT_CRITERION, weight: 1 });
  }
  return criteria;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
