/**
 * Tasks whose expected output contradicts their own checks: the reference answer fails
 * an assertion (checked locally) or a rubric criterion (graded by the judge). One of
 * the two is wrong, and either misleads the judge or the score.
 */
import type { ChatModel } from '../models/chat-model';
import { isJudgedAssertion, runAssertion } from '../scoring/assertions/run-assertion';
import { gradeCriteria } from '../scoring/judge/grade-criteria';
import { judgeCriteriaFor, MATCHES_EXPECTED_OUTPUT_CRITERION } from '../scoring/judge/judge-criteria';
import type { EvalTask } from '../tasks/eval-task';
import { mapWithConcurrency } from '../training/map-with-concurrency';
import { assertionLabel } from './check-discrimination';
import type { Finding } from './diagnostics-report';

/** A soft criterion the reference answer scores below this on counts as contradicted. */
const SOFT_CONTRADICTION = 0.5;

export async function expectedOutputFindings(options: {
  tasks: readonly EvalTask[];
  judge?: ChatModel;
  trusted: boolean;
  concurrency?: number;
  signal?: AbortSignal;
}): Promise<Finding[]> {
  const withReference = options.tasks.filter((task) => task.expectedOutput?.trim());
  const perTask = await mapWithConcurrency(withReference, options.concurrency ?? 8, async (task) => {
    const reference = task.expectedOutput!;
    const failed: string[] = [];
    for (const spec of task.assert) {
      // Checks the judge grades are among the criteria below.
      if (isJudgedAssertion(spec)) continue;
      const check = await runAssertion(spec, reference, { task, trusted: options.trusted, javascriptTimeoutMs: 2000 });
      if (!check.pass && !check.skipped) failed.push(`${assertionLabel(spec)} (${check.reason})`);
    }
    const criteria = judgeCriteriaFor(task).filter((criterion) => criterion.text !== MATCHES_EXPECTED_OUTPUT_CRITERION);
    if (options.judge && criteria.length > 0) {
      const graded = await gradeCriteria(options.judge, task, reference, criteria, options.signal);
      for (const check of graded) {
        if (check.kind === 'hard' ? !check.pass : check.score < SOFT_CONTRADICTION) failed.push(`${check.kind}: ${check.name} (${check.reason})`);
      }
    }
    return { task, failed };
  });
  return perTask
    .filter((entry) => entry.failed.length > 0)
    .map(({ task, failed }) => ({
      kind: 'expected-output-contradicts' as const,
      severity: 'warning' as const,
      taskIds: [task.id],
      check: failed[0],
      message: `The expected output of ${task.id} fails its own checks: ${failed.join('; ')}.`,
      advice: 'Fix whichever is wrong: the expected output (the judge compares answers with it) or the check (it would fail a good answer).',
    }));
}
