import type { EvalTask } from './eval-task';

/**
 * True when a task has something to score its output against: an assertion, a rubric
 * criterion or an expected output. A task without any always scores 0, whatever the
 * skill says, so it teaches nothing and `train` refuses it.
 */
export function taskHasChecks(task: EvalTask): boolean {
  return task.assert.length > 0 || task.rubric.hard.length > 0 || task.rubric.soft.length > 0 || (task.expectedOutput?.trim() ?? '') !== '';
}
