import { metricValue } from '../scoring/aggregate-scores';
import type { GateMetric } from '../scoring/task-score';
import type { ValidationScores } from '../store/run-records';
import { applyGateRule, SCORE_TIE, type GateEvidence, type GateRuleSettings, type TaskScores } from './gate-rule';

/** What the validation gate does with a candidate skill. */
export type GateVerdict = 'accept_new_best' | 'accept' | 'reject';

export interface GateDecisionInput {
  /** The candidate's mean validation scores, 0..1, with its per-task scores when known. */
  candidate: ValidationScores;
  /** The current skill's score in the gate metric. */
  currentScore: number;
  /** The current skill's per-task scores in the gate metric (for `no-regression` and `statistical`). */
  currentTasks?: TaskScores;
  /** The best skill's score in the gate metric. */
  bestScore: number;
  metric: GateMetric;
  /** Weight of soft in the mixed metric, clamped to [0, 1]. Default 0.5. */
  mixedWeight?: number;
  /** The accept rule; SkillOpt's `strict` when left out. */
  rule?: GateRuleSettings;
}

export interface GateDecision {
  verdict: GateVerdict;
  evidence: GateEvidence;
}

const STRICT: GateRuleSettings = { rule: 'strict', margin: 0, significance: 0.05 };

/** Each task's scores per trial in the gate metric, by task id; undefined when the scores have none. */
export function taskScoresInMetric(scores: ValidationScores | undefined, metric: GateMetric, mixedWeight = 0.5): TaskScores | undefined {
  if (!scores?.tasks) return undefined;
  return Object.fromEntries(Object.entries(scores.tasks).map(([taskId, task]) => [taskId, (task.trials ?? [task]).map((trial) => metricValue(trial, metric, mixedWeight))]));
}

/**
 * The gate: a candidate is accepted when the rule finds it better than the current
 * skill, and is a new best when its score is also strictly above the best's.
 */
export function gateDecision(input: GateDecisionInput): GateDecision {
  const mixedWeight = input.mixedWeight ?? 0.5;
  const score = metricValue(input.candidate, input.metric, mixedWeight);
  const evidence = applyGateRule({
    settings: input.rule ?? STRICT,
    candidateScore: score,
    referenceScore: input.currentScore,
    candidateTasks: taskScoresInMetric(input.candidate, input.metric, mixedWeight),
    referenceTasks: input.currentTasks,
  });
  if (!evidence.passed) return { verdict: 'reject', evidence };
  return { verdict: score > input.bestScore + SCORE_TIE ? 'accept_new_best' : 'accept', evidence };
}
