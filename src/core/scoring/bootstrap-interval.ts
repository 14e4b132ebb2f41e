/**
 * 95 % confidence intervals by the bootstrap over tasks: the tasks are resampled with
 * replacement many times and the interval is the middle 95 % of the resampled means.
 * It needs no assumption about how scores are distributed (hard scores are 0/1), and a
 * paired version compares two conditions on the same tasks, which removes the tasks'
 * own difficulty from the comparison. Seeded, so a report is reproducible.
 */
import { createSeededRandom } from '../tasks/seeded-random';

/** A mean with its confidence interval. */
export interface ScoreInterval {
  mean: number;
  low: number;
  high: number;
  /** Values (tasks) the interval is over. */
  count: number;
}

export interface BootstrapOptions {
  /** Resamples drawn. Default 2000. */
  resamples?: number;
  /** Coverage of the interval, 0..1. Default 0.95. */
  confidence?: number;
  /** Seed of the resampling. Default 1. */
  seed?: number;
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The percentile `p` (0..1) of sorted values, linearly interpolated. */
function percentile(sorted: readonly number[], p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** The mean of `values` with its bootstrap interval; no values gives NaN bounds and count 0. */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions = {}): ScoreInterval {
  if (values.length === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, count: 0 };
  const resamples = Math.max(1, options.resamples ?? 2000);
  const confidence = options.confidence ?? 0.95;
  const random = createSeededRandom(options.seed ?? 1);
  const means: number[] = new Array(resamples);
  for (let draw = 0; draw < resamples; draw += 1) {
    let sum = 0;
    for (let index = 0; index < values.length; index += 1) sum += values[Math.floor(random() * values.length)]!;
    means[draw] = sum / values.length;
  }
  means.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  return { mean: mean(values), low: percentile(means, tail), high: percentile(means, 1 - tail), count: values.length };
}

/**
 * The mean difference `after − before` over tasks scored in both, with its paired
 * bootstrap interval. Tasks missing from either side are left out.
 */
export function bootstrapPairedDifference(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>, options: BootstrapOptions = {}): ScoreInterval {
  const differences: number[] = [];
  for (const [task, value] of after) {
    const base = before.get(task);
    if (base !== undefined) differences.push(value - base);
  }
  return bootstrapMean(differences, options);
}
