import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binomial, DRAWS, pairedPermutationTest, smallestSignificantChange } from '../../../src/core/training/paired-permutation-test';

const one = (before: number, after: number) => ({ before: [before], after: [after] });

test('with one trial it is the sign-flip test: m tasks all better gives 2^-m', () => {
  assert.equal(pairedPermutationTest([1, 1, 1, 1, 1].map(() => one(0, 1))).pValue, 1 / 32);
  assert.equal(pairedPermutationTest([...[1, 1, 1, 1, 1].map(() => one(0, 1)), one(1, 1)]).pValue, 1 / 32, 'unchanged tasks do not count');
  // Differences 1, 1, −1: of the 8 sign assignments, 4 reach a sum ≥ 1.
  const mixed = pairedPermutationTest([one(0, 1), one(0, 1), one(1, 0)]);
  assert.equal(mixed.pValue, 0.5);
  assert.deepEqual([mixed.improved, mixed.worse, mixed.exact], [2, 1, true]);
  // Magnitudes matter (soft scores): +0.75 and −0.25 → sums ±0.75 ± 0.25 → P(≥ 0.5) = 1/2; both positive → 1/4.
  assert.equal(pairedPermutationTest([one(0, 0.75), one(0.5, 0.25)]).pValue, 0.5);
  assert.equal(pairedPermutationTest([one(0, 0.75), one(0.25, 0.5)]).pValue, 0.25);
});

test('within a task the trials are pooled: a task better in all 3 of 3 trials has p = 1 / C(6, 3)', () => {
  assert.equal(pairedPermutationTest([{ before: [0, 0, 0], after: [1, 1, 1] }]).pValue, 1 / 20);
  // One trial of three better: the pooled {1,0,0,0,0,0} puts the 1 on either side half the time.
  assert.equal(pairedPermutationTest([{ before: [0, 0, 0], after: [0, 1, 0] }]).pValue, 0.5);
  // A flaky task that went 1/3 → 2/3: P(the candidate's three draw ≥ 2 of the 3 passes) = 10/20.
  assert.equal(pairedPermutationTest([{ before: [1, 0, 0], after: [1, 1, 0] }]).pValue, 0.5);
  // Soft scores with three distinct values are enumerated (20 splits).
  const soft = pairedPermutationTest([{ before: [0.2, 0.3, 0.25], after: [0.8, 0.9, 0.7] }]);
  assert.equal(soft.exact, true);
  assert.ok(Math.abs(soft.pValue - 1 / 20) < 1e-12);
});

test('no change gives p = 1; a worse candidate a large p', () => {
  assert.equal(pairedPermutationTest([one(1, 1), one(0, 0)]).pValue, 1);
  assert.equal(pairedPermutationTest([]).pValue, 1);
  assert.equal(pairedPermutationTest([one(1, 0), one(1, 0)]).pValue, 1);
});

test('too many distinct sums are sampled with a fixed seed, and the estimate is close to the exact tail', () => {
  // 20 tasks of 10 trials with many distinct soft scores: no exact enumeration.
  const tasks = Array.from({ length: 20 }, (_, task) => ({
    before: Array.from({ length: 10 }, (_, trial) => ((task * 7 + trial * 3) % 11) / 10),
    after: Array.from({ length: 10 }, (_, trial) => ((task * 5 + trial * 4 + 2) % 11) / 10),
  }));
  const sampled = pairedPermutationTest(tasks);
  assert.equal(sampled.exact, false);
  assert.equal(pairedPermutationTest(tasks).pValue, sampled.pValue, 'the same data give the same p');
  assert.ok(sampled.pValue >= 1 / (DRAWS + 1));
  // Same with binary scores has an exact answer; sampling it must land near.
  const binary = tasks.map((task) => ({ before: task.before.map((value) => (value > 0.5 ? 1 : 0)), after: task.after.map((value) => (value > 0.4 ? 1 : 0)) }));
  const exact = pairedPermutationTest(binary);
  assert.equal(exact.exact, true);
  assert.ok(exact.pValue > 0 && exact.pValue < 1);
});

test('the smallest significant change: 5 tasks with one trial, one task in all trials with three', () => {
  assert.deepEqual(smallestSignificantChange(6, 1, 0.05), { tasks: 5, trials: 1 });
  assert.equal(smallestSignificantChange(4, 1, 0.05), undefined);
  assert.deepEqual(smallestSignificantChange(6, 3, 0.05), { tasks: 1, trials: 3 });
  assert.deepEqual(smallestSignificantChange(6, 3, 0.01), { tasks: 2, trials: 3 });
  assert.deepEqual(smallestSignificantChange(1, 2, 0.05), undefined);
  assert.equal(binomial(6, 3), 20);
});
