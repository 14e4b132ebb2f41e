import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EvalTask } from '../../../src/core/tasks/eval-task';
import { assertSplitsDisjoint, findSplitOverlaps, SplitOverlapError, testTasksForReport } from '../../../src/core/tasks/split-overlap';
import { splitTasks } from '../../../src/core/tasks/split-tasks';

const task = (id: string, prompt = `prompt of ${id}`): EvalTask => ({ id, prompt, rubric: { hard: [], soft: [] }, assert: [] });

test('splits made by splitTasks are disjoint and their test tasks can be reported', () => {
  const splits = splitTasks(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id) => task(id)));
  assert.doesNotThrow(() => assertSplitsDisjoint(splits));
  assert.deepEqual(testTasksForReport(splits), splits.test);
});

test('the same id in train and test refuses test-split reporting with a typed error', () => {
  const splits = { train: [task('a'), task('b')], val: [task('c')], test: [task('b', 'changed prompt')] };
  assert.throws(
    () => testTasksForReport(splits),
    (error: unknown) => {
      assert.ok(error instanceof SplitOverlapError);
      assert.equal(error.code, 'split_overlap');
      assert.match(error.message, /task 'b' is in train and test/);
      assert.match(error.message, /Give every task a unique id and prompt/);
      assert.deepEqual(error.overlaps, [{ taskIds: ['b'], splits: ['train', 'test'], by: 'id' }]);
      return true;
    },
  );
});

test('two tasks with one prompt in different splits count as an overlap; within one split they do not', () => {
  const leaking = { train: [task('a', 'Same prompt')], val: [task('b', '  Same prompt\n')], test: [] };
  assert.deepEqual(findSplitOverlaps(leaking), [{ taskIds: ['a', 'b'], splits: ['train', 'val'], by: 'prompt' }]);
  const sameSplit = { train: [task('a', 'Same prompt'), task('b', 'Same prompt')], val: [], test: [] };
  assert.deepEqual(findSplitOverlaps(sameSplit), []);
});
