/**
 * The accept rules of the validation gate: when is a candidate better than the skill it
 * would replace? (Who decides — the gate alone or a person — is `gate.mode`.)
 * - `strict`: SkillOpt's rule, strictly better in the gate metric; ties reject.
 * - `margin`: better by at least ε (`gate.margin`, score units).
 * - `no-regression`: strictly better, and no validation task worse (SkillOpt-Sleep's
 *   `gate_no_regression`).
 * - `statistical`: strictly better, and the permutation test over each task's trials
 *   (`paired-permutation-test.ts`) finds the gain significant at `gate.significance`.
 * Pure: scores in, decision and its evidence out.
 */
import type { GateEvidence, GateRule } from '../store/run-records';
import { pairedPermutationTest } from './paired-permutation-test';

export type { GateEvidence, GateRule } from '../store/run-records';

export const gateRules: readonly GateRule[] = ['strict', 'margin', 'no-regression', 'statistical'];

/** The rule and its parameters, as the training configuration holds them. */
export interface GateRuleSettings {
  rule: GateRule;
  /** `margin`: the least improvement accepted, in score units (0..1). */
  margin: number;
  /** `statistical`: the significance level α of the one-sided test (0..0.5). */
  significance: number;
}

/** Each validation task's scores in the gate metric, one per trial, by task id. */
export type TaskScores = Readonly<Record<string, readonly number[]>>;

export interface GateRuleInput {
  settings: GateRuleSettings;
  candidateScore: number;
  /** The score the candidate must beat (the current skill's, or the best's at promotion). */
  referenceScore: number;
  candidateTasks?: TaskScores;
  referenceTasks?: TaskScores;
}

/** Score differences smaller than this are ties: means of trials may differ in the last bits. */
export const SCORE_TIE = 1e-9;

export function applyGateRule(input: GateRuleInput): GateEvidence {
  const { settings } = input;
  const difference = input.candidateScore - input.referenceScore;
  const better = difference > SCORE_TIE;
  switch (settings.rule) {
    case 'strict':
      return { rule: 'strict', passed: better, difference };
    case 'margin':
      return { rule: 'margin', passed: better && difference >= settings.margin - SCORE_TIE, difference, margin: settings.margin };
    case 'no-regression':
    case 'statistical': {
      const pairs = pairedTasks(input.candidateTasks, input.referenceTasks);
      if (!pairs) {
        return { rule: settings.rule, passed: better, difference, fallback: 'per-task scores were missing, so the candidate was held to the strict rule' };
      }
      if (settings.rule === 'no-regression') {
        const regressed = pairs
          .map((pair) => ({ taskId: pair.taskId, before: mean(pair.before), after: mean(pair.after) }))
          .filter((pair) => pair.after < pair.before - SCORE_TIE);
        return { rule: 'no-regression', passed: better && regressed.length === 0, difference, regressed };
      }
      const test = pairedPermutationTest(pairs);
      return {
        rule: 'statistical',
        passed: better && test.pValue <= settings.significance,
        difference,
        pValue: test.pValue,
        significance: settings.significance,
        improved: test.improved,
        worse: test.worse,
        tasks: pairs.length,
        exact: test.exact,
      };
    }
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The tasks scored for both skills, paired; undefined when either side has no per-task scores. */
function pairedTasks(candidate: TaskScores | undefined, reference: TaskScores | undefined): Array<{ taskId: string; before: readonly number[]; after: readonly number[] }> | undefined {
  if (!candidate || !reference) return undefined;
  const pairs = Object.keys(reference)
    .filter((taskId) => candidate[taskId] !== undefined)
    .map((taskId) => ({ taskId, before: reference[taskId]!, after: candidate[taskId]! }));
  return pairs.length > 0 ? pairs : undefined;
}

function points(difference: number): string {
  const value = difference * 100;
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)} points`;
}

/** A p-value as people read it: three decimals, "< 0.001" below that. */
export function formatPValue(pValue: number): string {
  return pValue < 0.001 ? '< 0.001' : `= ${pValue.toFixed(3)}`;
}

/**
 * The evidence in one line, the same in the CLI and VS Code: "statistical: p = 0.031 ≤
 * α 0.05 (5 of 6 tasks better, 0 worse)", "margin: +3.0 points, below ε 5.0 points".
 */
export function describeGateEvidence(evidence: GateEvidence): string {
  if (evidence.fallback) return `${evidence.rule}: ${points(evidence.difference)}; ${evidence.fallback}`;
  switch (evidence.rule) {
    case 'strict':
      return `strict: ${points(evidence.difference)}${evidence.passed ? '' : ' (a tie or worse)'}`;
    case 'margin':
      return `margin: ${points(evidence.difference)}, ${evidence.passed ? 'at least' : 'below'} ε ${((evidence.margin ?? 0) * 100).toFixed(1)} points`;
    case 'no-regression': {
      const regressed = evidence.regressed ?? [];
      if (regressed.length === 0) return `no-regression: ${points(evidence.difference)}, no task worse`;
      const named = regressed.slice(0, 3).map((task) => `'${task.taskId}' ${task.before.toFixed(2)} → ${task.after.toFixed(2)}`).join(', ');
      return `no-regression: ${points(evidence.difference)}, but ${regressed.length} task${regressed.length === 1 ? '' : 's'} worse (${named}${regressed.length > 3 ? ', …' : ''})`;
    }
    case 'statistical': {
      const significant = (evidence.pValue ?? 1) <= (evidence.significance ?? 0);
      return (
        `statistical: p ${formatPValue(evidence.pValue ?? 1)} ${significant ? '≤' : '>'} α ${evidence.significance} ` +
        `(${evidence.improved ?? 0} of ${evidence.tasks ?? 0} tasks better, ${evidence.worse ?? 0} worse; ${points(evidence.difference)})`
      );
    }
  }
}
