import { test } from 'node:test';
import assert from 'node:assert/strict';
import { roundHalfToEven, scheduleBudget } from '../../../src/core/training/edit-budget-scheduler';

test('roundHalfToEven matches Python round on ties and near-ties', () => {
  const table: Array<[number, number]> = [
    [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [4.5, 4], [-1.5, -2],
    [2.4999, 2], [2.5001, 3], [3.0, 3], [2.0000000000000004, 2],
  ];
  for (const [value, expected] of table) assert.equal(roundHalfToEven(value), expected, `round(${value})`);
});

test('constant returns max at every step', () => {
  for (const step of [1, 5, 100]) assert.equal(scheduleBudget({ mode: 'constant', max: 4, min: 2, totalSteps: 8 }, step), 4);
});

test('autonomous has no cap', () => {
  assert.equal(scheduleBudget({ mode: 'autonomous', max: 4, min: 2, totalSteps: 8 }, 3), Infinity);
});

test('cosine with the defaults (max 4, min 2) over 4 and 8 steps', () => {
  const budgets = (total: number) =>
    Array.from({ length: total }, (_, index) => scheduleBudget({ mode: 'cosine', max: 4, min: 2, totalSteps: total }, index + 1));
  // t = step/total; 2 + (1 + cos(pi t)): 3.71, 3.0, 2.29, 2.0
  assert.deepEqual(budgets(4), [4, 3, 2, 2]);
  // 3.92 3.71 3.38 3.0 2.62 2.29 2.08 2.0
  assert.deepEqual(budgets(8), [4, 4, 3, 3, 3, 2, 2, 2]);
});

test('cosine rounds an exact half to even', () => {
  // max 3, min 2, total 2, step 1: t = 0.5 → 2 + 0.5 · 1 · (1 + cos(pi/2)) = 2.5 → 2
  assert.equal(scheduleBudget({ mode: 'cosine', max: 3, min: 2, totalSteps: 2 }, 1), 2);
  // max 4, min 3: 3.5 → 4
  assert.equal(scheduleBudget({ mode: 'cosine', max: 4, min: 3, totalSteps: 2 }, 1), 4);
});

test('linear interpolates with half-to-even rounding and never goes below min', () => {
  const budgets = (max: number, min: number, total: number, steps: number) =>
    Array.from({ length: steps }, (_, index) => scheduleBudget({ mode: 'linear', max, min, totalSteps: total }, index + 1));
  // 4 - 2t for t = .25 .5 .75 1 → 3.5 3 2.5 2 → 4 3 2 2
  assert.deepEqual(budgets(4, 2, 4, 4), [4, 3, 2, 2]);
  // 5 - 4t over 8 steps: 4.5 4 3.5 3 2.5 2 1.5 1 → 4 4 4 3 2 2 2 1, floored at min 1
  assert.deepEqual(budgets(5, 1, 8, 8), [4, 4, 4, 3, 2, 2, 2, 1]);
  // steps past the total stay at the end value
  assert.equal(scheduleBudget({ mode: 'linear', max: 4, min: 2, totalSteps: 4 }, 9), 2);
});

test('decaying schedules return max when the run has at most one step', () => {
  assert.equal(scheduleBudget({ mode: 'cosine', max: 4, min: 2, totalSteps: 1 }, 1), 4);
  assert.equal(scheduleBudget({ mode: 'linear', max: 4, min: 2, totalSteps: 0 }, 1), 4);
});

test('min above the curve wins', () => {
  assert.equal(scheduleBudget({ mode: 'cosine', max: 4, min: 3, totalSteps: 4 }, 4), 3);
});
