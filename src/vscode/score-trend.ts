/**
 * A skill's trend for the Skills view, beside the score it shows (the newest run's best
 * validation score): against the best of the finished run before it, or, when none
 * came before, against the newest run's own baseline. Scores in different gate metrics
 * are not compared.
 */
import type { RunIndexEntry } from '../core/store';

export type ScoreTrend = 'up' | 'down' | 'flat';

/** Changes smaller than this (score units, 0..1) read as flat: below what a gate can tell apart. */
const FLAT_WITHIN = 0.005;

export const TREND_ARROWS: Record<ScoreTrend, string> = { up: '↑', down: '↓', flat: '→' };
export const TREND_WORDS: Record<ScoreTrend, string> = { up: 'rising', down: 'falling', flat: 'unchanged' };

/** `runs` in any order; undefined before a run scored beyond its baseline. */
export function scoreTrendOf(runs: readonly Pick<RunIndexEntry, 'status' | 'startedAt' | 'bestValidationScore' | 'baselineScore' | 'gateMetric'>[]): ScoreTrend | undefined {
  const scored = runs.filter((run) => run.bestValidationScore !== undefined).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const latest = scored.at(-1);
  if (!latest) return undefined;
  const previous = scored.slice(0, -1).reverse().find((run) => run.status === 'finished' && run.gateMetric === latest.gateMetric);
  const before = previous ? previous.bestValidationScore : latest.baselineScore;
  if (before === undefined) return undefined;
  const change = latest.bestValidationScore! - before;
  return Math.abs(change) < FLAT_WITHIN ? 'flat' : change > 0 ? 'up' : 'down';
}
