import type { AssertionSpec, EvalTask } from '../../../src/core/tasks/eval-task';
import { runAssertion } from '../../../src/core/scoring/assertions/run-assertion';
import type { CheckResult } from '../../../src/core/scoring/task-score';

export const sampleTask: EvalTask = {
  id: 'sample',
  prompt: 'Explain the refund policy.',
  expectedOutput: 'Refunds within 30 days.',
  rubric: { hard: [], soft: [] },
  assert: [],
  vars: { product: 'shoes' },
};

/** Runs one assertion as scoring does (trusted unless said otherwise). */
export function check(spec: AssertionSpec, output: string, options: { trusted?: boolean; timeoutMs?: number } = {}): Promise<CheckResult> {
  return runAssertion(spec, output, { task: sampleTask, trusted: options.trusted ?? true, javascriptTimeoutMs: options.timeoutMs ?? 1000 });
}
