/**
 * Validation rotation (`rotateValidation`): the gate's validation tasks change between
 * epochs, so the skill is not tuned to one small validation set. The pool is the train
 * and validation tasks together — never the test split, which stays apart for the
 * final report. Epoch 1 uses the split as given; each later epoch takes the next window
 * of as many tasks as the validation split has, from the original validation tasks
 * followed by the train tasks in a seeded order, wrapping around; the rest are that
 * epoch's train tasks. Split sizes (and so steps per epoch) never change.
 *
 * Scores on different validation sets are not comparable, so validation scores are
 * cached per skill and validation set (`validationCacheKey`), and at each epoch boundary
 * the current and best skills are scored on the next set before any candidate is.
 */
import { createHash } from 'node:crypto';
import type { EvalTask, Split } from '../tasks/eval-task';
import { shuffleWithSeed } from '../tasks/seeded-random';

export function validationSplitForEpoch(tasks: Readonly<Record<Split, EvalTask[]>>, epoch: number, options: { rotate: boolean; seed: number }): Record<Split, EvalTask[]> {
  const size = tasks.val.length;
  if (!options.rotate || epoch <= 1 || size === 0 || tasks.train.length === 0) return { train: tasks.train, val: tasks.val, test: tasks.test };
  const pool = [...tasks.val, ...shuffleWithSeed(tasks.train, `${options.seed}:validation-rotation`)];
  const start = ((epoch - 1) * size) % pool.length;
  const chosen = new Set(Array.from({ length: size }, (_, offset) => (start + offset) % pool.length));
  return {
    train: pool.filter((_, index) => !chosen.has(index)),
    val: [...chosen].map((index) => pool[index]!),
    test: tasks.test,
  };
}

/**
 * The validation cache key of a skill on a validation set: the skill's hash alone for
 * the split as given (as runs without rotation always key it), the hash and the set's
 * identity for a rotated set.
 */
export function validationCacheKey(skillHash: string, val: readonly EvalTask[], original: readonly EvalTask[]): string {
  const ids = (list: readonly EvalTask[]) => list.map((task) => task.id).sort();
  const current = ids(val);
  const given = ids(original);
  if (current.length === given.length && current.every((id, index) => id === given[index])) return skillHash;
  return `${skillHash}@${createHash('sha256').update(current.join('\n')).digest('hex').slice(0, 12)}`;
}
