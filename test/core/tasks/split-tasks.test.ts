import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalTask, Split } from '../../../src/core/tasks/eval-task';
import { splitTasks, SplitRatiosError } from '../../../src/core/tasks/split-tasks';

function makeTasks(count: number, splits: Record<number, Split> = {}): EvalTask[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `task-${index + 1}`,
    prompt: `prompt ${index + 1}`,
    rubric: { hard: [], soft: [] },
    assert: [],
    ...(splits[index + 1] && { split: splits[index + 1] }),
  }));
}

function ids(split: Record<Split, EvalTask[]>) {
  return { train: split.train.map((task) => task.id), val: split.val.map((task) => task.id), test: split.test.map((task) => task.id) };
}

test('a fixed seed gives this exact split (a change in the PRNG or the rule shows here)', () => {
  assert.deepEqual(ids(splitTasks(makeTasks(12), { seed: 7 })), {
    train: ['task-1', 'task-3', 'task-4', 'task-8', 'task-11', 'task-12'],
    val: ['task-5', 'task-6', 'task-7'],
    test: ['task-2', 'task-9', 'task-10'],
  });
});

test('the split depends on ids and seed only, not on the order of the tasks', () => {
  const forward = ids(splitTasks(makeTasks(20), { seed: 3 }));
  const backward = ids(splitTasks(makeTasks(20).reverse(), { seed: 3 }));
  for (const split of ['train', 'val', 'test'] as const) assert.deepEqual([...backward[split]].sort(), [...forward[split]].sort());
  assert.notDeepEqual(ids(splitTasks(makeTasks(20), { seed: 4 })), forward);
});

test('default ratios 0.5 / 0.25 / 0.25 and configurable ones', () => {
  const counts = (split: Record<Split, EvalTask[]>) => [split.train.length, split.val.length, split.test.length];
  assert.deepEqual(counts(splitTasks(makeTasks(8))), [4, 2, 2]);
  assert.deepEqual(counts(splitTasks(makeTasks(100))), [50, 25, 25]);
  assert.deepEqual(counts(splitTasks(makeTasks(10), { ratios: { train: 0.8, val: 0.2, test: 0 } })), [8, 2, 0]);
  // Ratios need not sum to 1.
  assert.deepEqual(counts(splitTasks(makeTasks(6), { ratios: { train: 1, val: 1, test: 1 } })), [2, 2, 2]);
});

test('whenever there are two or more tasks, at least one is in val', () => {
  for (let count = 2; count <= 12; count++) {
    assert.ok(splitTasks(makeTasks(count)).val.length >= 1, `${count} tasks`);
    assert.ok(splitTasks(makeTasks(count), { ratios: { train: 1, val: 0, test: 0 } }).val.length === 1, `${count} tasks, val ratio 0`);
  }
  assert.deepEqual(ids(splitTasks(makeTasks(1))), { train: ['task-1'], val: [], test: [] });
  assert.deepEqual(ids(splitTasks([])), { train: [], val: [], test: [] });
});

test('explicit splits win and count towards the ratios', () => {
  const tasks = makeTasks(8, { 1: 'test', 2: 'test', 3: 'val' });
  const split = ids(splitTasks(tasks, { seed: 1 }));
  assert.ok(split.test.includes('task-1') && split.test.includes('task-2'));
  assert.ok(split.val.includes('task-3'));
  assert.deepEqual([split.train.length, split.val.length, split.test.length], [4, 2, 2]);
});

test('the val guarantee never overrides an explicit split', () => {
  const split = ids(splitTasks(makeTasks(3, { 1: 'train', 2: 'test', 3: 'train' })));
  assert.deepEqual(split, { train: ['task-1', 'task-3'], val: [], test: ['task-2'] });
});

test('each split keeps the tasks in their original order', () => {
  const split = splitTasks(makeTasks(30), { seed: 11 });
  for (const tasks of Object.values(split)) {
    const numbers = tasks.map((task) => Number(task.id.slice(5)));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  }
});

test('unusable ratios are refused with a typed error', () => {
  for (const ratios of [{ train: -1, val: 1, test: 1 }, { train: 0, val: 0, test: 0 }, { train: Number.NaN, val: 1, test: 1 }]) {
    assert.throws(() => splitTasks(makeTasks(4), { ratios }), SplitRatiosError);
  }
});
