import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXACT_LIMIT, pairedSignFlipTest, standardNormalCdf, tasksNeededForSignificance } from '../../../src/core/training/paired-sign-flip-test';

test('all tasks better by the same amount: p = 2^-m, the smallest p the test can give', () => {
  assert.equal(pairedSignFlipTest([1, 1, 1, 1, 1]).pValue, 1 / 32);
  assert.equal(pairedSignFlipTest([1, 1, 1, 1, 1, 0]).pValue, 1 / 32, 'ties do not count');
  assert.equal(pairedSignFlipTest([1 / 3, 1 / 3, 1 / 3, 1 / 3]).pValue, 1 / 16);
});

test('the exact p-value counts every sign assignment at least as large as the observed sum', () => {
  // Differences 1, 1, -1: sums over the 8 assignments: 3, 1, 1, 1, -1, -1, -1, -3 → P(sum ≥ 1) = 4/8.
  const result = pairedSignFlipTest([1, 1, -1]);
  assert.equal(result.pValue, 0.5);
  assert.equal(result.improved, 2);
  assert.equal(result.worse, 1);
  assert.ok(Math.abs(result.meanDifference - 1 / 3) < 1e-12);
  // Magnitudes matter: a big gain and a small loss. Sums of ±3 ±1: 4, 2, -2, -4 → P(sum ≥ 2) = 1/2.
  assert.equal(pairedSignFlipTest([3, -1]).pValue, 0.5);
  assert.equal(pairedSignFlipTest([3, 1]).pValue, 0.25);
});

test('no change at all gives p = 1; a worse candidate a large p', () => {
  assert.deepEqual(pairedSignFlipTest([0, 0, 1e-12]), { pValue: 1, meanDifference: 1e-12 / 3, improved: 0, worse: 0, exact: true });
  assert.equal(pairedSignFlipTest([-1, -1, -1]).pValue, 1);
  assert.equal(pairedSignFlipTest([]).pValue, 1);
});

test('beyond the exact limit the normal approximation agrees with the exact tail', () => {
  const many = Array.from({ length: EXACT_LIMIT + 10 }, (_, index) => (index % 3 === 0 ? -0.5 : 1));
  const approximate = pairedSignFlipTest(many);
  assert.equal(approximate.exact, false);
  // Exact for the largest size still enumerated, same pattern: the two should be close.
  const exact = pairedSignFlipTest(many.slice(0, EXACT_LIMIT));
  assert.equal(exact.exact, true);
  assert.ok(approximate.pValue < 0.01 && exact.pValue < 0.05, `${approximate.pValue} ${exact.pValue}`);
  assert.ok(Math.abs(standardNormalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(standardNormalCdf(-1) - 0.158655) < 1e-6);
});

test('tasks needed for significance: the fewest m with 2^-m ≤ α', () => {
  assert.equal(tasksNeededForSignificance(0.05), 5);
  assert.equal(tasksNeededForSignificance(0.0625), 4);
  assert.equal(tasksNeededForSignificance(0.01), 7);
  assert.equal(tasksNeededForSignificance(0.5), 1);
});
