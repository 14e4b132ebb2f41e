import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMean, bootstrapPairedDifference } from '../../../src/core/scoring/bootstrap-interval';

test('the interval holds the mean, narrows with more tasks, and is reproducible', () => {
  const few = bootstrapMean([1, 0, 1, 1, 0, 1, 0, 1]);
  assert.equal(few.mean, 0.625);
  assert.ok(few.low < few.mean && few.mean < few.high);
  assert.ok(few.low >= 0 && few.high <= 1);
  const many = bootstrapMean(Array.from({ length: 200 }, (_, index) => (index % 8 < 5 ? 1 : 0)));
  assert.ok(many.high - many.low < few.high - few.low, 'more tasks, narrower interval');
  assert.deepEqual(bootstrapMean([1, 0, 1, 1, 0, 1, 0, 1]), few, 'seeded: the same interval every time');
  // 95 %: for 0/1 scores with p = 0.5 over 100 tasks the interval is about ±0.1.
  const half = bootstrapMean(Array.from({ length: 100 }, (_, index) => index % 2));
  assert.ok(Math.abs(half.high - half.low - 0.2) < 0.04, `${half.low}..${half.high}`);
});

test('constant scores have a zero-width interval; no scores have none', () => {
  assert.deepEqual(bootstrapMean([0.5, 0.5, 0.5]), { mean: 0.5, low: 0.5, high: 0.5, count: 3 });
  assert.equal(bootstrapMean([]).count, 0);
  assert.ok(Number.isNaN(bootstrapMean([]).mean));
});

test('a paired difference is over the tasks scored in both conditions', () => {
  const before = new Map([['a', 0], ['b', 0], ['c', 1], ['d', 0]]);
  const after = new Map([['a', 1], ['b', 1], ['c', 1], ['e', 1]]);
  const difference = bootstrapPairedDifference(before, after);
  assert.equal(difference.count, 3);
  assert.ok(Math.abs(difference.mean - 2 / 3) < 1e-12);
  assert.ok(difference.low >= 0 && difference.high <= 1);
});
