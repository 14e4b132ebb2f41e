/**
 * A one-sided paired permutation test (the sign-flip test) over per-task score
 * differences, candidate minus current. Under the null hypothesis "the candidate is no
 * better", each task's difference is as likely to be positive as negative, so every
 * assignment of signs to the observed magnitudes is equally likely; the p-value is the
 * share of assignments whose sum is at least the observed one. Exact up to
 * `EXACT_LIMIT` non-zero differences (2^20 sign assignments), a normal approximation of
 * the same distribution beyond. Distribution-free: it needs no assumption about how
 * scores are spread, which suits pass rates of a few trials.
 */

/** Non-zero differences up to which every sign assignment is enumerated (2^20 ≈ 1M sums). */
export const EXACT_LIMIT = 20;

/** Differences closer to zero than this are ties (scores are means, so equal ones can differ in the last bits). */
const TIE = 1e-9;

export interface SignFlipResult {
  /** One-sided p-value of "the candidate is better", 0..1 (1 when no task changed). */
  pValue: number;
  /** Mean difference over all tasks (candidate − current), in score units. */
  meanDifference: number;
  /** Tasks that got better and worse (ties are neither). */
  improved: number;
  worse: number;
  /** False when the normal approximation was used (more than `EXACT_LIMIT` tasks changed). */
  exact: boolean;
}

export function pairedSignFlipTest(differences: readonly number[]): SignFlipResult {
  const changed = differences.filter((difference) => Math.abs(difference) > TIE);
  const meanDifference = differences.length === 0 ? 0 : differences.reduce((sum, difference) => sum + difference, 0) / differences.length;
  const improved = changed.filter((difference) => difference > 0).length;
  const worse = changed.length - improved;
  if (changed.length === 0) return { pValue: 1, meanDifference, improved, worse, exact: true };
  const observed = changed.reduce((sum, difference) => sum + difference, 0);
  if (changed.length > EXACT_LIMIT) {
    // The sign-flip sum has mean 0 and variance Σd²; for many tasks it is close to normal.
    const deviation = Math.sqrt(changed.reduce((sum, difference) => sum + difference * difference, 0));
    return { pValue: 1 - standardNormalCdf(observed / deviation), meanDifference, improved, worse, exact: false };
  }
  return { pValue: exactUpperTail(changed.map(Math.abs), observed), meanDifference, improved, worse, exact: true };
}

/**
 * Share of the 2^n sign assignments of `magnitudes` whose sum is ≥ `observed`. Walks
 * the assignments in Gray-code order, so each next sum differs by one flipped sign.
 */
function exactUpperTail(magnitudes: readonly number[], observed: number): number {
  const count = magnitudes.length;
  const total = 2 ** count;
  let sum = magnitudes.reduce((acc, magnitude) => acc + magnitude, 0);
  const positive = new Array<boolean>(count).fill(true);
  let atLeast = sum >= observed - TIE ? 1 : 0;
  for (let index = 1; index < total; index++) {
    // The bit that changes between Gray codes index − 1 and index: the lowest set bit of index.
    const bit = 31 - Math.clz32(index & -index);
    sum += positive[bit] ? -2 * magnitudes[bit]! : 2 * magnitudes[bit]!;
    positive[bit] = !positive[bit];
    if (sum >= observed - TIE) atLeast += 1;
  }
  return atLeast / total;
}

/** Φ(z), the standard normal CDF (Abramowitz and Stegun 7.1.26; absolute error below 1.5e-7). */
export function standardNormalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const polynomial = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - polynomial * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The fewest tasks that must all improve (none worse) for the test to reach `alpha`:
 * with m tasks changed, all for the better, the p-value is 2^−m, its smallest value.
 */
export function tasksNeededForSignificance(alpha: number): number {
  return Math.max(1, Math.ceil(Math.log2(1 / alpha) - 1e-12));
}
