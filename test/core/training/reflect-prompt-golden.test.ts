import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { formatComparison } from '../../../src/core/training/longitudinal-pairs';
import { reflectMessages } from '../../../src/core/training/reflect-stage';
import { goldenBatch, goldenPairs, goldenReflectOptions } from './reflect-prompt-golden-input';

// The fixtures were written by the reflect stage and the slow update's comparison before agent trajectories existed.
function rendered(hard: 0 | 1): string {
  const messages = reflectMessages(goldenReflectOptions(), hard === 0 ? 'failure' : 'success', goldenBatch(hard));
  return messages.map((message) => `=== ${message.role} ===\n${message.content}\n`).join('');
}

test('a target without trajectories (plain chat APIs) gets the failure analyst prompt byte for byte as before', () => {
  assert.equal(rendered(0), readFileSync('test/fixtures/reflect-prompt/failure-minibatch.txt', 'utf8'));
});

test('a target without trajectories gets the success analyst prompt byte for byte as before', () => {
  assert.equal(rendered(1), readFileSync('test/fixtures/reflect-prompt/success-minibatch.txt', 'utf8'));
});

test('a target without trajectories gets the slow-update comparison byte for byte as before', () => {
  assert.equal(formatComparison(goldenPairs()), readFileSync('test/fixtures/reflect-prompt/slow-update-comparison.txt', 'utf8'));
});
