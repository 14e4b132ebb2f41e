/**
 * Learning-rate schedules: how many edits one training step may apply (the edit
 * budget). They match SkillOpt's, including Python's half-to-even rounding, so the
 * same configuration yields the same budgets in both tools.
 */

export type SchedulerMode = 'constant' | 'linear' | 'cosine' | 'autonomous';

export const schedulerModes: readonly SchedulerMode[] = ['constant', 'linear', 'cosine', 'autonomous'];

export interface ScheduleOptions {
  mode: SchedulerMode;
  /** Budget at the first step (edits). */
  max: number;
  /** Floor of the decaying schedules (edits). */
  min: number;
  /** epochs × steps per epoch. */
  totalSteps: number;
}

/**
 * Rounds to the nearest integer, ties to the even neighbour (Python's `round`).
 * `x - floor(x)` is exact for doubles, so the tie test is exact too.
 */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The edit budget of a 1-based global `step`. `autonomous` has no cap and returns
 * `Infinity`; linear and cosine never go below `min` and return `max` when the run
 * has at most one step.
 */
export function scheduleBudget(options: ScheduleOptions, step: number): number {
  const { mode, max, min, totalSteps } = options;
  if (mode === 'autonomous') return Infinity;
  if (mode === 'constant') return max;
  if (totalSteps <= 1) return max;
  const t = Math.min(step, totalSteps) / totalSteps;
  const value = mode === 'linear' ? max + (min - max) * t : min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * t));
  return Math.max(min, roundHalfToEven(value));
}
