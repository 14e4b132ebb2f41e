/**
 * Checks that never discriminate: an assertion or criterion that passes in every run
 * of every task that has it, with the skill and without, tells no answer from another;
 * one that fails in every run cannot be met (or is wrong). Identical checks on several
 * tasks (the same criterion text, the same assertion and value) are judged together.
 */
import { judgeCriteriaFor } from '../scoring/judge/judge-criteria';
import type { CheckResult } from '../scoring/task-score';
import type { AssertionSpec, EvalTask } from '../tasks/eval-task';
import type { ScoredTask } from '../evaluation/evaluate-skill';
import type { Finding } from './diagnostics-report';

/** An assertion as a person reads it: `contains refund`, `regex ^fix`, `max-length 100`. */
export function assertionLabel(spec: AssertionSpec): string {
  return spec.value === undefined ? spec.type : `${spec.type} ${typeof spec.value === 'string' ? spec.value : JSON.stringify(spec.value)}`;
}

/** A name a person recognises for each of a task's checks, in scoring order: assertions, then `hard: …` / `soft: …` criteria. */
export function checkLabels(task: EvalTask): string[] {
  const assertions = task.assert.map(assertionLabel);
  const criteria = judgeCriteriaFor(task).map((criterion) => `${criterion.kind}: ${criterion.text}`);
  return [...assertions, ...criteria];
}

interface Tally {
  label: string;
  taskIds: Set<string>;
  passes: number;
  fails: number;
}

/** Findings for checks that pass in every run or fail in every run (runs with and without the skill). */
export function nonDiscriminatingChecks(tasks: readonly EvalTask[], runs: readonly ScoredTask[]): Finding[] {
  const byTask = new Map(tasks.map((task) => [task.id, checkLabels(task)]));
  const tallies = new Map<string, Tally>();
  for (const run of runs) {
    const labels = byTask.get(run.taskId);
    if (!labels) continue;
    run.score.checks.forEach((check: CheckResult, index) => {
      const label = labels[index];
      if (label === undefined || check.skipped) return;
      const tally = tallies.get(label) ?? { label, taskIds: new Set<string>(), passes: 0, fails: 0 };
      tally.taskIds.add(run.taskId);
      if (check.pass) tally.passes++;
      else tally.fails++;
      tallies.set(label, tally);
    });
  }
  const findings: Finding[] = [];
  for (const tally of tallies.values()) {
    const runsSeen = tally.passes + tally.fails;
    if (runsSeen < 2 || (tally.passes > 0 && tally.fails > 0)) continue;
    const taskIds = [...tally.taskIds];
    const where = taskIds.length === 1 ? `task ${taskIds[0]}` : `all ${taskIds.length} tasks that have it`;
    findings.push(
      tally.fails === 0
        ? {
            kind: 'never-discriminates',
            severity: 'warning',
            taskIds,
            check: tally.label,
            message: `“${tally.label}” passed in every run of ${where} (${runsSeen} runs), with the skill and without: it does not tell a good answer from a bad one.`,
            advice: 'Make it stricter so that a bad answer fails it (a value only a good answer contains, a tighter limit), or drop it: it adds points to every answer alike.',
          }
        : {
            kind: 'never-discriminates',
            // Often just what training is for (the skill does not teach it yet), so a note, not a warning.
            severity: 'info',
            taskIds,
            check: tally.label,
            message: `“${tally.label}” failed in every run of ${where} (${runsSeen} runs), with the skill and without.`,
            advice: 'Check that it can be met and says what you mean (the task\'s expected output should pass it). If it is right, the skill does not teach it yet: say it in the skill, or let a training run find the wording.',
          },
    );
  }
  return findings;
}
