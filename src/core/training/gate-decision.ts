import { metricValue } from '../scoring/aggregate-scores';
import type { GateMetric } from '../scoring/task-score';

/** What the validation gate does with a candidate skill. */
export type GateVerdict = 'accept_new_best' | 'accept' | 'reject';

export interface GateDecisionInput {
  /** The candidate's mean validation scores, 0..1. */
  candidate: { hard: number; soft: number };
  /** The current skill's score in the gate metric. */
  currentScore: number;
  /** The best skill's score in the gate metric. */
  bestScore: number;
  metric: GateMetric;
  /** Weight of soft in the mixed metric, clamped to [0, 1]. Default 0.5. */
  mixedWeight?: number;
}

/**
 * The gate: a candidate is accepted only when strictly better than the current skill
 * (ties reject), and is a new best when also strictly better than the best.
 */
export function gateDecision(input: GateDecisionInput): GateVerdict {
  const score = metricValue(input.candidate, input.metric, input.mixedWeight ?? 0.5);
  if (!(score > input.currentScore)) return 'reject';
  return score > input.bestScore ? 'accept_new_best' : 'accept';
}
