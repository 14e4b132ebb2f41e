import type { AggregateScore, GateMetric, TaskScore } from './task-score';

/** Means of hard and soft over a set of task scores; zeros (count 0) for an empty set. */
export function aggregateScores(scores: readonly Pick<TaskScore, 'hard' | 'soft'>[]): AggregateScore {
  if (scores.length === 0) return { hard: 0, soft: 0, count: 0 };
  let hard = 0;
  let soft = 0;
  for (const score of scores) {
    hard += score.hard;
    soft += score.soft;
  }
  return { hard: hard / scores.length, soft: soft / scores.length, count: scores.length };
}

/** Default weight of the soft score in the `mixed` metric. */
export const DEFAULT_MIXED_WEIGHT = 0.5;

/**
 * The number the validation gate compares: `hard`, `soft`, or `mixed` =
 * (1 − w)·hard + w·soft with w clamped to [0, 1] (a non-number w means the default 0.5).
 */
export function metricValue(score: { hard: number; soft: number }, metric: GateMetric, mixedWeight = DEFAULT_MIXED_WEIGHT): number {
  switch (metric) {
    case 'hard':
      return score.hard;
    case 'soft':
      return score.soft;
    case 'mixed': {
      const weight = Number.isNaN(mixedWeight) ? DEFAULT_MIXED_WEIGHT : Math.min(1, Math.max(0, mixedWeight));
      return (1 - weight) * score.hard + weight * score.soft;
    }
  }
}
