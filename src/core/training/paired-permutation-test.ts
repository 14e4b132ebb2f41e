/**
 * The statistical gate's test: a one-sided permutation test stratified by validation
 * task. Within each task the current skill's K trial scores and the candidate's K are
 * pooled; if the candidate were no better, every way of splitting the pool into two
 * groups of K would be as likely as the one observed. The statistic is the sum over
 * tasks of (candidate mean − current mean); the p-value is the chance of a sum at least
 * as large. It asks exactly the gate's question — is this gain more than the target's
 * and the judge's sampling noise? — and more trials give it more power. With one trial
 * it is the paired sign-flip test over the tasks' score differences.
 *
 * Exact where cheap: two-valued pools (hard pass/fail scores) have a hypergeometric
 * distribution, other pools are enumerated up to `SUBSET_LIMIT` splits, and the tasks'
 * distributions are convolved up to `SUPPORT_LIMIT` distinct sums. Beyond, `DRAWS`
 * seeded random splits estimate p as (hits + 1) / (draws + 1), which never understates it.
 */
import { createSeededRandom, hashString } from '../tasks/seeded-random';

/** One task's scores per trial in the gate metric, for the current skill and the candidate (same length). */
export interface TaskTrials {
  before: readonly number[];
  after: readonly number[];
}

export interface PermutationTestResult {
  /** One-sided p-value of "the candidate is better", 0..1 (1 when no score changed). */
  pValue: number;
  /** Mean over tasks of (candidate mean − current mean), in score units. */
  meanDifference: number;
  /** Tasks whose mean got better and worse. */
  improved: number;
  worse: number;
  /** False when the p-value was estimated from random splits. */
  exact: boolean;
}

/** Splits of a pool enumerated exactly, at most (C(2K, K)). */
const SUBSET_LIMIT = 5_000;
/** Distinct sums kept in the exact convolution before falling back to sampling. */
const SUPPORT_LIMIT = 100_000;
/** Random splits when the exact distribution is too large. */
export const DRAWS = 20_000;
/** Scores closer than this are equal (means of trials differ in the last bits). */
const TIE = 1e-9;

type Distribution = Map<number, number>;

const round = (value: number) => Math.round(value / TIE) * TIE;
const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);

/** C(n, r) as a float (n ≤ 40 here, exact enough). */
export function binomial(n: number, r: number): number {
  if (r < 0 || r > n) return 0;
  let result = 1;
  for (let index = 1; index <= Math.min(r, n - r); index++) result = (result * (n - index + 1)) / index;
  return result;
}

/** The distribution of one task's (mean of a random K of the pool) − (mean of the rest). */
function stratumDistribution(pool: readonly number[], k: number): Distribution | undefined {
  const total = pool.reduce((sum, value) => sum + value, 0);
  const values = [...new Set(pool.map(round))];
  const distribution: Distribution = new Map();
  const add = (difference: number, probability: number) => distribution.set(round(difference), (distribution.get(round(difference)) ?? 0) + probability);
  if (values.length === 2) {
    // Two values (pass/fail): how many high ones the first group draws is hypergeometric.
    const [low, high] = values.sort((a, b) => a - b) as [number, number];
    const highs = pool.filter((value) => round(value) === high).length;
    for (let drawn = Math.max(0, highs - k); drawn <= Math.min(highs, k); drawn++) {
      add(((2 * drawn - highs) * (high - low)) / k, (binomial(highs, drawn) * binomial(2 * k - highs, k - drawn)) / binomial(2 * k, k));
    }
    return distribution;
  }
  if (binomial(2 * k, k) > SUBSET_LIMIT) return undefined;
  const splits = binomial(2 * k, k);
  const choose = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      add((2 * sum - total) / k, 1 / splits);
      return;
    }
    for (let index = start; index <= pool.length - left; index++) choose(index + 1, left - 1, sum + pool[index]!);
  };
  choose(0, k, 0);
  return distribution;
}

/** P(sum ≥ observed) by convolving the tasks' distributions; undefined when too large. */
function exactTail(distributions: readonly Distribution[], observed: number): number | undefined {
  let sums: Distribution = new Map([[0, 1]]);
  for (const distribution of distributions) {
    const next: Distribution = new Map();
    for (const [sum, p] of sums) {
      for (const [difference, q] of distribution) {
        const key = round(sum + difference);
        next.set(key, (next.get(key) ?? 0) + p * q);
      }
    }
    if (next.size > SUPPORT_LIMIT) return undefined;
    sums = next;
  }
  let tail = 0;
  for (const [sum, p] of sums) if (sum >= observed - 1e-7) tail += p;
  return Math.min(1, tail);
}

/** P(sum ≥ observed) from seeded random splits, (hits + 1) / (draws + 1). */
function sampledTail(pools: ReadonlyArray<readonly number[]>, k: number, observed: number): number {
  const random = createSeededRandom(hashString(JSON.stringify(pools)));
  const totals = pools.map((pool) => pool.reduce((sum, value) => sum + value, 0));
  let hits = 0;
  for (let draw = 0; draw < DRAWS; draw++) {
    let sum = 0;
    pools.forEach((pool, index) => {
      const shuffled = [...pool];
      let first = 0;
      for (let position = 0; position < k; position++) {
        const pick = position + Math.floor(random() * (shuffled.length - position));
        [shuffled[position], shuffled[pick]] = [shuffled[pick]!, shuffled[position]!];
        first += shuffled[position]!;
      }
      sum += (2 * first - totals[index]!) / k;
    });
    if (sum >= observed - 1e-7) hits += 1;
  }
  return (hits + 1) / (DRAWS + 1);
}

export function pairedPermutationTest(tasks: readonly TaskTrials[]): PermutationTestResult {
  const differences = tasks.map((task) => mean(task.after) - mean(task.before));
  const meanDifference = mean(differences);
  const improved = differences.filter((difference) => difference > TIE).length;
  const worse = differences.filter((difference) => difference < -TIE).length;
  // Tasks whose pooled scores are all equal cannot move the statistic either way.
  const varying = tasks.filter((task) => new Set([...task.before, ...task.after].map(round)).size > 1 && task.before.length === task.after.length && task.before.length > 0);
  if (varying.length === 0) return { pValue: 1, meanDifference, improved, worse, exact: true };
  const observed = varying.reduce((sum, task) => sum + mean(task.after) - mean(task.before), 0);
  const byTrials = new Map<number, TaskTrials[]>();
  for (const task of varying) byTrials.set(task.before.length, [...(byTrials.get(task.before.length) ?? []), task]);
  const distributions = varying.map((task) => stratumDistribution([...task.before, ...task.after], task.before.length));
  if (distributions.every((distribution) => distribution !== undefined)) {
    const exact = exactTail(distributions, observed);
    if (exact !== undefined) return { pValue: exact, meanDifference, improved, worse, exact: true };
  }
  // Sampling needs one K; tasks scored with different trial counts (never in one run) use the largest group's.
  const k = Math.max(...byTrials.keys());
  const pools = varying.filter((task) => task.before.length === k).map((task) => [...task.before, ...task.after]);
  return { pValue: sampledTail(pools, k, observed), meanDifference, improved, worse, exact: false };
}

/**
 * The least change the test can find significant at α, for a gain that moves whole
 * tasks between two scores: m tasks each better in j of K trials (and the same in the
 * rest), whichever needs the fewest trial-units m × j. For such a gain the observed sum
 * is the largest the pools allow, so p = q_j^m with q_j = C(2K − j, K − j) / C(2K, K).
 * Undefined when no change within `tasks` tasks can reach α.
 */
export function smallestSignificantChange(tasks: number, trials: number, alpha: number): { tasks: number; trials: number } | undefined {
  let best: { tasks: number; trials: number } | undefined;
  for (let better = 1; better <= trials; better++) {
    const q = binomial(2 * trials - better, trials - better) / binomial(2 * trials, trials);
    const needed = Math.max(1, Math.ceil(Math.log(alpha) / Math.log(q) - 1e-9));
    if (needed > tasks) continue;
    // On a tie, fewer tasks better in more trials: the steadier gain.
    const units = needed * better;
    if (!best || units < best.tasks * best.trials || (units === best.tasks * best.trials && needed < best.tasks)) best = { tasks: needed, trials: better };
  }
  return best;
}
