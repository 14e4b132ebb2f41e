import type { AssertionSpec, EvalTask } from '../../tasks/eval-task';
import { isJudgedDefinition, type JudgedAssertionDefinition } from '../assertions/assertion-definition';
import { resolveAssertionType } from '../assertions/assertion-registry';

/** One rubric criterion as the judge sees it. */
export interface JudgeCriterion {
  kind: 'hard' | 'soft';
  /** The criterion text, on one line (the judge prompt lists one criterion per line). */
  text: string;
  /** Weight in the soft score: 1 for hard criteria. */
  weight: number;
  /** Set for a judged assertion (`llm-rubric`, `factuality`, ...): the check it decides, and where it sits in `task.assert`. */
  assertion?: { spec: AssertionSpec; index: number; definition: JudgedAssertionDefinition };
}

/**
 * The criterion used for a task that has an expected output but neither a rubric nor
 * assertions: the judge compares the output with the reference answer.
 */
export const MATCHES_EXPECTED_OUTPUT_CRITERION = 'The output gives the same result as the reference answer; wording and formatting may differ.';

/**
 * The criteria the judge grades for a task: hard criteria first, then soft ones, in
 * file order, then the task's judged assertions in `assert` order. A task with an
 * expected output and nothing else to check gets {@link MATCHES_EXPECTED_OUTPUT_CRITERION}
 * as its one hard criterion.
 */
export function judgeCriteriaFor(task: EvalTask): JudgeCriterion[] {
  const criteria: JudgeCriterion[] = [
    ...task.rubric.hard.map((text) => ({ kind: 'hard' as const, text: oneLine(text), weight: 1 })),
    ...task.rubric.soft.map((soft) => ({ kind: 'soft' as const, text: oneLine(soft.criterion), weight: soft.weight })),
  ];
  task.assert.forEach((spec, index) => {
    const definition = resolveAssertionType(spec.type)?.definition;
    if (!definition || !isJudgedDefinition(definition)) return;
    criteria.push({ kind: 'hard', text: oneLine(definition.criterion(spec.value, task)), weight: spec.weight ?? 1, assertion: { spec, index, definition } });
  });
  if (criteria.length === 0 && task.assert.length === 0 && task.expectedOutput?.trim()) {
    criteria.push({ kind: 'hard', text: MATCHES_EXPECTED_OUTPUT_CRITERION, weight: 1 });
  }
  return criteria;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
