/**
 * A skill's trend for the Skills view: its latest finished run's best validation score
 * against the finished run before it, or, after a single finished run, against that
 * run's baseline. Scores in different gate metrics are not compared.
 */
import type { RunIndexEntry } from '../core/store';

export type ScoreTrend = 'up' | 'down' | 'flat';

/** Changes smaller than this (score units, 0..1) read as flat: below what a gate can tell apart. */
const FLAT_WITHIN = 0.005;

export const TREND_ARROWS: Record<ScoreTrend, string> = { up: '↑', down: '↓', flat: '→' };
export const TREND_WORDS: Record<ScoreTrend, string> = { up: 'rising', down: 'falling', flat: 'unchanged' };

/** `runs` in any order; undefined before a run finished with a score. */
export function scoreTrendOf(runs: readonly Pick<RunIndexEntry, 'status' | 'startedAt' | 'bestValidationScore' | 'baselineScore' | 'gateMetric'>[]): ScoreTrend | undefined {
  const finished = runs.filter((run) => run.status === 'finished' && run.bestValidationScore !== undefined).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const latest = finished.at(-1);
  if (!latest) return undefined;
  const previous = finished.slice(0, -1).reverse().find((run) => run.gateMetric === latest.gateMetric);
  const before = previous ? previous.bestValidationScore : latest.baselineScore;
  if (before === undefined) return undefined;
  const change = latest.bestValidationScore! - before;
  return Math.abs(change) < FLAT_WITHIN ? 'flat' : change > 0 ? 'up' : 'down';
}
