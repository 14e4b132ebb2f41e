import type { AssertionSpec } from '../../tasks/eval-task';
import type { CheckResult } from '../task-score';
import { type AssertionContext, type AssertionOutcome, isJudgedDefinition } from './assertion-definition';
import { resolveAssertionType } from './assertion-registry';

/**
 * Runs one local assertion on an output (judged ones go through the judge, see
 * score-task.ts) and applies `not-`, `threshold` and `weight` (see {@link checkResult}).
 * A check that runs code (`javascript`, `python`) in an untrusted workspace does not
 * run; the result says so in `skipped` and scoring leaves it out.
 */
export async function runAssertion(spec: AssertionSpec, output: string, context: AssertionContext): Promise<CheckResult> {
  const resolved = resolveAssertionType(spec.type);
  if (!resolved) {
    // The loader rejects unknown types; reaching this means a task was built by hand.
    throw new TypeError(`Unknown assertion type '${spec.type}' in task '${context.task.id}'.`);
  }
  const { definition } = resolved;
  if (isJudgedDefinition(definition)) throw new TypeError(`'${spec.type}' is graded by the judge; score it through scoreTask.`);
  const untrusted = untrustedSkip(spec, context, definition.runsUserCode === true);
  if (untrusted) return untrusted;
  const threshold = definition.ownThreshold ? (spec.threshold ?? definition.ownThreshold.default) : undefined;
  return checkResult(spec, await definition.evaluate(output, spec.value, context, threshold));
}

/** True for a check the judge grades (`llm-rubric`, `factuality`, ...), which {@link runAssertion} does not run. */
export function isJudgedAssertion(spec: AssertionSpec): boolean {
  const definition = resolveAssertionType(spec.type)?.definition;
  return definition !== undefined && isJudgedDefinition(definition);
}

/** The skipped result of a check that would run the suite's code in an untrusted workspace, if it is one. */
export function untrustedSkip(spec: AssertionSpec, context: Pick<AssertionContext, 'trusted'>, runsCode: boolean): CheckResult | undefined {
  if (context.trusted || (!runsCode && spec.transform === undefined)) return undefined;
  // Only an editor's untrusted workspace gets here (the command line always runs trusted),
  // so the remedy names the editor's command, as the agent-CLI trust error does.
  const what = runsCode ? `'${spec.type}' runs code from the eval file` : `'${spec.type}' has a transform (code from the eval file)`;
  const skipped = `not run: ${what}, and this workspace is not trusted. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.`;
  return { kind: 'assertion', name: spec.type, pass: false, score: 0, weight: spec.weight ?? 1, reason: skipped, skipped };
}

/**
 * A check's result from its outcome:
 * - `not-<type>` passes when `<type>` fails; its score is 1 − score.
 * - With a `threshold` the check passes when its (possibly negated) score ≥ threshold;
 *   without one, `defaultThreshold` (judged checks scored on a scale) does the same.
 * - `weight` (default 1) is the check's weight in the soft score.
 */
export function checkResult(spec: AssertionSpec, outcome: AssertionOutcome, defaultThreshold?: number): CheckResult {
  const weight = spec.weight ?? 1;
  const negated = spec.type.startsWith('not-');
  const score = negated ? 1 - outcome.score : outcome.score;
  const definition = resolveAssertionType(spec.type)?.definition;
  // Checks that apply their threshold themselves say the score and threshold in their observation.
  const threshold = definition?.ownThreshold ? undefined : (spec.threshold ?? defaultThreshold);
  const pass = threshold !== undefined && !definition?.thresholdIsLimit ? score >= threshold : negated ? !outcome.pass : outcome.pass;
  const thresholdNote = threshold !== undefined ? ` (score ${round(score)}, threshold ${threshold})` : '';
  const reason = `expected ${negated ? 'not ' : ''}to ${outcome.expectation}; ${outcome.observation}${thresholdNote}`;
  const result: CheckResult = { kind: 'assertion', name: spec.type, pass, score, weight, reason };
  if (outcome.skipped !== undefined) {
    result.skipped = outcome.skipped;
    result.pass = false;
  }
  return result;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
