import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateDecision } from '../../../src/core/training/gate-decision';

test('strictly better than current and best is a new best', () => {
  assert.equal(gateDecision({ candidate: { hard: 0.6, soft: 0.1 }, currentScore: 0.5, bestScore: 0.5, metric: 'hard' }).verdict, 'accept_new_best');
});

test('better than current but not than best is a plain accept', () => {
  assert.equal(gateDecision({ candidate: { hard: 0.6, soft: 0 }, currentScore: 0.4, bestScore: 0.7, metric: 'hard' }).verdict, 'accept');
  assert.equal(gateDecision({ candidate: { hard: 0.7, soft: 0 }, currentScore: 0.4, bestScore: 0.7, metric: 'hard' }).verdict, 'accept');
});

test('ties and worse candidates are rejected', () => {
  assert.equal(gateDecision({ candidate: { hard: 0.5, soft: 1 }, currentScore: 0.5, bestScore: 0.5, metric: 'hard' }).verdict, 'reject');
  assert.equal(gateDecision({ candidate: { hard: 0.2, soft: 1 }, currentScore: 0.5, bestScore: 0.5, metric: 'hard' }).verdict, 'reject');
});

test('soft and mixed metrics project the scores', () => {
  assert.equal(gateDecision({ candidate: { hard: 0, soft: 0.8 }, currentScore: 0.7, bestScore: 0.9, metric: 'soft' }).verdict, 'accept');
  // mixed 0.5: 0.5·1 + 0.5·0.5 = 0.75
  assert.equal(gateDecision({ candidate: { hard: 1, soft: 0.5 }, currentScore: 0.75, bestScore: 0.75, metric: 'mixed', mixedWeight: 0.5 }).verdict, 'reject');
  assert.equal(gateDecision({ candidate: { hard: 1, soft: 0.5 }, currentScore: 0.74, bestScore: 0.75, metric: 'mixed', mixedWeight: 0.5 }).verdict, 'accept');
  // weight clamped to 1 → soft only
  assert.equal(gateDecision({ candidate: { hard: 1, soft: 0.2 }, currentScore: 0.3, bestScore: 0.3, metric: 'mixed', mixedWeight: 7 }).verdict, 'reject');
  // default weight is 0.5
  assert.equal(gateDecision({ candidate: { hard: 1, soft: 0 }, currentScore: 0.49, bestScore: 0.6, metric: 'mixed' }).verdict, 'accept');
});

test('a baseline of -1 (not yet scored) accepts any score', () => {
  assert.equal(gateDecision({ candidate: { hard: 0, soft: 0 }, currentScore: -1, bestScore: -1, metric: 'hard' }).verdict, 'accept_new_best');
});
