import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyGateRule, describeGateEvidence, type GateRuleSettings } from '../../../src/core/training/gate-rule';
import { createSeededRandom } from '../../../src/core/tasks/seeded-random';

const settings = (rule: GateRuleSettings['rule'], extra: Partial<GateRuleSettings> = {}): GateRuleSettings => ({ rule, margin: 0.05, significance: 0.05, ...extra });

/** Per task: one score (one trial) or the scores of its trials. */
type Scores = Array<number | number[]>;

function tasks(scores: Scores): Record<string, number[]> {
  return Object.fromEntries(scores.map((score, index) => [`t${index}`, Array.isArray(score) ? score : [score]]));
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The validation score: the mean over tasks of each task's mean over its trials. */
function overall(scores: Scores): number {
  return mean(scores.map((score) => (Array.isArray(score) ? mean(score) : score)));
}

function decide(rule: GateRuleSettings['rule'], before: Scores, after: Scores, extra: Partial<GateRuleSettings> = {}) {
  return applyGateRule({ settings: settings(rule, extra), candidateScore: overall(after), referenceScore: overall(before), candidateTasks: tasks(after), referenceTasks: tasks(before) });
}

test('strict: strictly better passes, a tie or a tie within floating-point noise rejects', () => {
  assert.equal(decide('strict', [0, 1, 1], [1, 1, 1]).passed, true);
  assert.equal(decide('strict', [0, 1, 1], [1, 0, 1]).passed, false);
  // Means of trials computed two ways differ in the last bits: still a tie.
  assert.equal(applyGateRule({ settings: settings('strict'), candidateScore: 0.1 + 0.2, referenceScore: 0.3 }).passed, false);
});

test('margin: the gain must reach ε', () => {
  const small = applyGateRule({ settings: settings('margin', { margin: 0.1 }), candidateScore: 0.55, referenceScore: 0.5 });
  assert.equal(small.passed, false);
  assert.equal(describeGateEvidence(small), 'margin: +5.0 points, below ε 10.0 points');
  assert.equal(applyGateRule({ settings: settings('margin', { margin: 0.1 }), candidateScore: 0.6, referenceScore: 0.5 }).passed, true, 'exactly ε passes');
  assert.equal(applyGateRule({ settings: settings('margin', { margin: 0 }), candidateScore: 0.5, referenceScore: 0.5 }).passed, false, 'ε 0 is the strict rule: a tie rejects');
});

test('no-regression: better overall is not enough when one task got worse', () => {
  const evidence = decide('no-regression', [1, 0, 0, 1], [1, 1, 1, 0]);
  assert.equal(evidence.passed, false);
  assert.deepEqual(evidence.regressed, [{ taskId: 't3', before: 1, after: 0 }]);
  assert.match(describeGateEvidence(evidence), /no-regression: \+25\.0 points, but 1 task worse \('t3' 1\.00 → 0\.00\)/);
  assert.equal(decide('no-regression', [1, 0, 0, 1], [1, 1, 0, 1]).passed, true);
});

test('statistical: accepts only a significant improvement and records the p-value', () => {
  const significant = decide('statistical', [0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1]);
  assert.equal(significant.passed, true);
  assert.equal(significant.pValue, 1 / 32);
  assert.equal(describeGateEvidence(significant), 'statistical: p = 0.031 ≤ α 0.05 (5 of 6 tasks better, 0 worse; +83.3 points)');
  const lucky = decide('statistical', [0, 0, 0, 0, 0, 1], [1, 1, 0, 0, 0, 1]);
  assert.equal(lucky.passed, false);
  assert.equal(lucky.pValue, 0.25);
});

test('per-task rules without per-task scores fall back to strict and say so', () => {
  const evidence = applyGateRule({ settings: settings('statistical'), candidateScore: 0.6, referenceScore: 0.5 });
  assert.equal(evidence.passed, true);
  assert.match(describeGateEvidence(evidence), /per-task scores were missing, so the candidate was held to the strict rule/);
});

test('a noise-only candidate: strict accepts it, statistical rejects it', () => {
  // Six flaky validation tasks; the candidate changes nothing, its samples are just different.
  const before = [1, 0, 1, 0, 0, 1];
  const after = [1, 1, 1, 0, 1, 1];
  assert.equal(decide('strict', before, after).passed, true);
  const statistical = decide('statistical', before, after);
  assert.equal(statistical.passed, false);
  assert.equal(statistical.pValue, 0.25);
});

test('with trials, one task better in every trial is significant; the same gain in one trial of each of three tasks is not', () => {
  const consistent = decide('statistical', [[0, 0, 0], [1, 1, 1], [0, 0, 0]], [[1, 1, 1], [1, 1, 1], [0, 0, 0]]);
  assert.equal(consistent.pValue, 1 / 20);
  assert.equal(consistent.passed, true);
  // An unchanged but flaky task is noise the test has to allow for: the same gain is no longer significant.
  const noisy = decide('statistical', [[0, 0, 0], [1, 1, 1], [0, 1, 0]], [[1, 1, 1], [1, 1, 1], [0, 1, 0]]);
  assert.equal(noisy.passed, false);
  const scattered = decide('statistical', [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.equal(scattered.passed, false);
  assert.equal(scattered.pValue, 1 / 8);
});

test('over many noise-only candidates strict accepts about 40 %, statistical at most about α', () => {
  // 12 tasks, each passing with its own probability, 3 trials; current and candidate are
  // the same skill sampled twice, so every acceptance is a false one.
  const random = createSeededRandom('noise-only');
  const passRates = Array.from({ length: 12 }, () => random());
  const sample = () => passRates.map((rate) => [0, 1, 2].map(() => (random() < rate ? 1 : 0)));
  let strict = 0;
  let statistical = 0;
  const rounds = 2000;
  for (let round = 0; round < rounds; round++) {
    const before = sample();
    const after = sample();
    if (decide('strict', before, after).passed) strict += 1;
    if (decide('statistical', before, after).passed) statistical += 1;
  }
  assert.ok(strict / rounds > 0.35, `strict accepted ${strict} of ${rounds}`);
  assert.ok(statistical / rounds <= 0.06, `statistical accepted ${statistical} of ${rounds}`);
});
