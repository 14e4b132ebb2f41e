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

/** Projects hard and soft scores onto the gate metric: hard, soft, or (1-w)·hard + w·soft. */
export function gateScore(score: { hard: number; soft: number }, metric: GateMetric, mixedWeight = 0.5): number {
  if (metric === 'hard') return score.hard;
  if (metric === 'soft') return score.soft;
  const weight = Math.min(1, Math.max(0, mixedWeight));
  return (1 - weight) * score.hard + weight * score.soft;
}

/**
 * The gate: a candidate is accepted only when strictly better than the current skill
 * (ties reject), and is a new best when also strictly better than the best.
 */
export function gateDecision(input: GateDecisionInput): GateVerdict {
  const score = gateScore(input.candidate, input.metric, input.mixedWeight ?? 0.5);
  if (!(score > input.currentScore)) return 'reject';
  return score > input.bestScore ? 'accept_new_best' : 'accept';
}
