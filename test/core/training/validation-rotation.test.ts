import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validationCacheKey, validationSplitForEpoch } from '../../../src/core/training/validation-rotation';
import { task } from './stage-helpers';

const split = {
  train: ['t1', 't2', 't3', 't4', 't5', 't6'].map((id) => task(id)),
  val: ['v1', 'v2', 'v3'].map((id) => task(id)),
  test: ['x1', 'x2'].map((id) => task(id)),
};
const ids = (tasks: readonly { id: string }[]) => tasks.map((entry) => entry.id);

test('epoch 1 keeps the split as given; later epochs validate on the next tasks, same sizes, test untouched', () => {
  assert.deepEqual(validationSplitForEpoch(split, 1, { rotate: true, seed: 42 }), split);
  const seen = new Set<string>();
  for (let epoch = 1; epoch <= 3; epoch++) {
    const rotated = validationSplitForEpoch(split, epoch, { rotate: true, seed: 42 });
    assert.equal(rotated.val.length, 3);
    assert.equal(rotated.train.length, 6);
    assert.deepEqual(ids(rotated.test), ['x1', 'x2']);
    assert.deepEqual([...ids(rotated.train), ...ids(rotated.val)].sort(), ['t1', 't2', 't3', 't4', 't5', 't6', 'v1', 'v2', 'v3']);
    for (const id of ids(rotated.val)) seen.add(id);
  }
  assert.equal(seen.size, 9, 'three epochs validate on every train and validation task once');
  // The fourth epoch wraps around to the first set.
  assert.deepEqual(ids(validationSplitForEpoch(split, 4, { rotate: true, seed: 42 }).val).sort(), ['v1', 'v2', 'v3']);
});

test('without rotation every epoch is the split as given', () => {
  assert.deepEqual(validationSplitForEpoch(split, 3, { rotate: false, seed: 42 }), split);
});

test('the cache key is the skill hash on the given set, and names the set otherwise', () => {
  assert.equal(validationCacheKey('abc', [...split.val].reverse(), split.val), 'abc');
  const rotated = validationSplitForEpoch(split, 2, { rotate: true, seed: 42 }).val;
  const key = validationCacheKey('abc', rotated, split.val);
  assert.match(key, /^abc@[0-9a-f]{12}$/);
  assert.notEqual(key, validationCacheKey('abc', validationSplitForEpoch(split, 3, { rotate: true, seed: 42 }).val, split.val));
});
