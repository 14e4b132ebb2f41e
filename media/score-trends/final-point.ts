/**
 * The final skill on the chart: a finished run's skill after its last slow update,
 * validated at the end. It is the current skill at the end of the run, so it continues
 * the validation lines, half a step after the last step (where the last epoch ends).
 */
import type { RunTrend, TrendPoint } from '../../src/vscode/history/score-trends-protocol';

/** The x of the final skill, or undefined when the run has no final score. */
export function finalStepOf(run: RunTrend): number | undefined {
  return run.final && run.final.score !== null ? run.final.step + 0.5 : undefined;
}

/** The final skill as a point (decision `final` or `final_new_best`). */
export function finalAsPoint(run: RunTrend): TrendPoint | undefined {
  const x = finalStepOf(run);
  if (x === undefined || !run.final) return undefined;
  return {
    step: x,
    epoch: run.points[run.points.length - 1]?.epoch ?? 0,
    validation: run.final.score,
    best: run.final.best,
    candidate: null,
    selection: null,
    train: null,
    budget: null,
    decision: run.final.promoted ? 'final_new_best' : 'final',
    reviewed: false,
    editsApplied: 0,
    editsSelected: 0,
  };
}

/** The run's step points, then its final point when it has one. */
export function pointsOf(run: RunTrend): TrendPoint[] {
  const final = finalAsPoint(run);
  return final ? [...run.points, final] : [...run.points];
}
