import { SkillTrainerError } from '../errors';
import type { EvalTask, Split } from './eval-task';
import { seededUnitValue } from './seeded-random';

/** Relative sizes of the three splits; any non-negative numbers, normalised to sum 1. */
export interface SplitRatios {
  train: number;
  val: number;
  test: number;
}

export interface SplitOptions {
  /** Default {@link DEFAULT_SPLIT_SEED}. Same seed + same task ids → same split on any machine. */
  seed?: number;
  /** Default {@link DEFAULT_SPLIT_RATIOS}. */
  ratios?: SplitRatios;
}

export const DEFAULT_SPLIT_SEED = 42;
export const DEFAULT_SPLIT_RATIOS: Readonly<SplitRatios> = Object.freeze({ train: 0.5, val: 0.25, test: 0.25 });

export const SPLITS: readonly Split[] = ['train', 'val', 'test'];

/** Split ratios that cannot be used (negative, not finite, or all zero). */
export class SplitRatiosError extends SkillTrainerError {
  constructor(ratios: SplitRatios) {
    super(
      'split_ratios_invalid',
      `Split ratios ${JSON.stringify(ratios)} cannot be used: give train, val and test as non-negative numbers with a positive sum, e.g. {"train":0.5,"val":0.25,"test":0.25}.`,
    );
  }
}

/**
 * Assigns every task to train, val or test.
 *
 * A task's explicit `split` always wins. The other tasks are ordered by a seeded hash
 * of their id — so the result depends only on the seed and the ids, not on file order
 * or object key order — and each goes, in that order, to the split furthest below its
 * target size (ratio × all tasks, explicit ones included; ties go train, val, test).
 * Whenever there are two or more tasks and no task ended up in val, one seeded task
 * moves to val (the gate needs it); explicit splits are never overridden for that.
 * Each returned list keeps the tasks' original order.
 */
export function splitTasks(tasks: readonly EvalTask[], options: SplitOptions = {}): Record<Split, EvalTask[]> {
  const seed = options.seed ?? DEFAULT_SPLIT_SEED;
  const ratios = normaliseRatios(options.ratios ?? DEFAULT_SPLIT_RATIOS);
  const assignment = new Map<EvalTask, Split>();
  const counts: Record<Split, number> = { train: 0, val: 0, test: 0 };

  for (const task of tasks) {
    if (task.split) {
      assignment.set(task, task.split);
      counts[task.split]++;
    }
  }

  const seeded = tasks
    .filter((task) => !task.split)
    .map((task) => ({ task, key: seededUnitValue(seed, task.id) }))
    .sort((a, b) => a.key - b.key || (a.task.id < b.task.id ? -1 : a.task.id > b.task.id ? 1 : 0))
    .map((entry) => entry.task);

  for (const task of seeded) {
    const split = mostUnderfilled(ratios, counts, tasks.length);
    assignment.set(task, split);
    counts[split]++;
  }

  if (tasks.length >= 2 && counts.val === 0) {
    // The last seeded task placed in the larger of train/test gives up its place.
    const donorSplit: Split = counts.train >= counts.test ? 'train' : 'test';
    const donor = [...seeded].reverse().find((task) => assignment.get(task) === donorSplit) ?? seeded.at(-1);
    if (donor) assignment.set(donor, 'val');
  }

  const result: Record<Split, EvalTask[]> = { train: [], val: [], test: [] };
  for (const task of tasks) result[assignment.get(task) as Split].push(task);
  return result;
}

function mostUnderfilled(ratios: SplitRatios, counts: Record<Split, number>, total: number): Split {
  let best: Split = 'train';
  let bestDeficit = -Infinity;
  for (const split of SPLITS) {
    if (ratios[split] === 0) continue;
    const deficit = ratios[split] * total - counts[split];
    // A tiny tolerance keeps float noise (0.1 + 0.2) from breaking ties differently per ratio spelling.
    if (deficit > bestDeficit + 1e-9) {
      best = split;
      bestDeficit = deficit;
    }
  }
  return best;
}

function normaliseRatios(ratios: SplitRatios): SplitRatios {
  const values = SPLITS.map((split) => ratios[split]);
  const sum = values.reduce((total, value) => total + value, 0);
  if (values.some((value) => typeof value !== 'number' || !Number.isFinite(value) || value < 0) || !(sum > 0)) {
    throw new SplitRatiosError(ratios);
  }
  return { train: ratios.train / sum, val: ratios.val / sum, test: ratios.test / sum };
}
