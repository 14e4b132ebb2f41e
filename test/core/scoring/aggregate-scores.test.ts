import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateScores, metricValue } from '../../../src/core/scoring/aggregate-scores';

test('aggregates are means over tasks; an empty set is all zeros', () => {
  assert.deepEqual(aggregateScores([{ hard: 1, soft: 1 }, { hard: 0, soft: 0.5 }, { hard: 1, soft: 0.75 }, { hard: 0, soft: 0.25 }]), {
    hard: 0.5,
    soft: 0.625,
    count: 4,
  });
  assert.deepEqual(aggregateScores([]), { hard: 0, soft: 0, count: 0 });
});

test('metricValue: hard, soft, and mixed with the weight clamped to [0, 1]', () => {
  const score = { hard: 0.2, soft: 0.6 };
  assert.equal(metricValue(score, 'hard'), 0.2);
  assert.equal(metricValue(score, 'soft'), 0.6);
  assert.equal(metricValue(score, 'mixed'), 0.4);
  assert.ok(Math.abs(metricValue(score, 'mixed', 0.25) - 0.3) < 1e-12);
  assert.equal(metricValue(score, 'mixed', 7), 0.6);
  assert.equal(metricValue(score, 'mixed', -3), 0.2);
  assert.equal(metricValue(score, 'mixed', Number.NaN), 0.4);
});
