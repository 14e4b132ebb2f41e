import type { AssertionSpec } from '../../tasks/eval-task';
import type { CheckResult } from '../task-score';
import type { AssertionContext } from './assertion-definition';
import { resolveAssertionType } from './assertion-registry';

/**
 * Runs one assertion on an output and applies `not-`, `threshold` and `weight`:
 * - `not-<type>` passes when `<type>` fails; its score is 1 − score.
 * - With a `threshold` the check passes when its (possibly negated) score ≥ threshold.
 * - `weight` (default 1) is the check's weight in the soft score.
 * A `javascript` check in an untrusted workspace does not run; the result says so in
 * `skipped` and scoring leaves it out.
 */
export function runAssertion(spec: AssertionSpec, output: string, context: AssertionContext): CheckResult {
  const weight = spec.weight ?? 1;
  const resolved = resolveAssertionType(spec.type);
  if (!resolved) {
    // The loader rejects unknown types; reaching this means a task was built by hand.
    throw new TypeError(`Unknown assertion type '${spec.type}' in task '${context.task.id}'.`);
  }
  const { definition, negated } = resolved;
  if (definition.runsUserCode && !context.trusted) {
    // Only an editor's untrusted workspace gets here (the command line always runs trusted),
    // so the remedy names the editor's command, as the agent-CLI trust error does.
    const skipped =
      `not run: '${spec.type}' runs code from the eval file, and this workspace is not trusted. ` +
      'Trust the workspace (Workspaces: Manage Workspace Trust) to run it.';
    return { kind: 'assertion', name: spec.type, pass: false, score: 0, weight, reason: skipped, skipped };
  }

  const outcome = definition.evaluate(output, spec.value, context);
  const score = negated ? 1 - outcome.score : outcome.score;
  const pass = spec.threshold !== undefined ? score >= spec.threshold : negated ? !outcome.pass : outcome.pass;
  const thresholdNote = spec.threshold !== undefined ? ` (score ${round(score)}, threshold ${spec.threshold})` : '';
  const reason = `expected ${negated ? 'not ' : ''}to ${outcome.expectation}; ${outcome.observation}${thresholdNote}`;
  return { kind: 'assertion', name: spec.type, pass, score, weight, reason };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
