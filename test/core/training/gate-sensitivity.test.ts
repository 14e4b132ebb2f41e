import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI_WORDING, wordMessage } from '../../../src/core/errors';
import { describeGateSensitivity, gateSensitivity } from '../../../src/core/training/gate-sensitivity';
import { resolveTrainingConfig, type TrainingConfigInput } from '../../../src/core/training/training-config';
import { task } from './stage-helpers';

const val = (count: number) => Array.from({ length: count }, (_, index) => task(`v${index}`));
const gateOf = (gate: TrainingConfigInput['gate'] = {}) => resolveTrainingConfig({ gate }).gate;
const words = (count: number, trials: number, gate: TrainingConfigInput['gate'] = {}) => wordMessage(describeGateSensitivity({ val: val(count), trials, gate: gateOf(gate) }), CLI_WORDING);

test('strict and hard: one task flipping in one trial is the smallest gain, and more tasks or trials are suggested', () => {
  assert.equal(gateSensitivity({ val: val(6), trials: 1, gate: gateOf() }).minimumGain, 1 / 6);
  assert.equal(
    words(6, 1),
    'Gate: with 6 validation tasks and 1 trial, only a gain of ≥ 17 points can be seen (one more task passing). ' +
      'For a finer gate add validation tasks, or raise the trials per task (--trials): with 3 trials, ≥ 5.6 points; or use the mixed gate metric (--gate-metric), where partial credit counts.',
  );
  assert.equal(words(12, 3), 'Gate: with 12 validation tasks and 3 trials, only a gain of ≥ 2.8 points can be seen (one more passing trial of one task).');
});

test('margin rounds ε up to whole units; no-regression needs no task worse', () => {
  assert.ok(Math.abs(gateSensitivity({ val: val(12), trials: 1, gate: gateOf({ rule: 'margin', margin: 0.1 }) }).minimumGain! - 2 / 12) < 1e-12);
  assert.match(words(20, 1, { rule: 'margin', margin: 0.05 }), /only a gain of ≥ 5 points can be seen \(the margin is 5 points\)\.$/);
  assert.match(words(10, 1, { rule: 'no-regression' }), /only a gain of ≥ 10 points can be seen, with no task worse\.$/);
});

test('statistical: 5 tasks better with one trial, one task better in all trials with three; too few for any gain is said', () => {
  const sensitivity = gateSensitivity({ val: val(6), trials: 1, gate: gateOf({ rule: 'statistical' }) });
  assert.deepEqual(sensitivity.significant, { tasks: 5, trials: 1 });
  assert.ok(Math.abs(sensitivity.minimumGain! - 5 / 6) < 1e-12);
  assert.equal(
    words(6, 1, { rule: 'statistical' }),
    'Gate: with 6 validation tasks and 1 trial, only a gain of ≥ 83 points can be seen (the statistical gate, α 0.05, needs at least 5 tasks better, and none worse). ' +
      'For a finer gate add validation tasks, or raise the trials per task (--trials): with 3 trials, ≥ 17 points.',
  );
  assert.match(words(12, 3, { rule: 'statistical' }), /≥ 8\.3 points can be seen \(the statistical gate, α 0\.05, needs one task better in all 3 trials, and none worse\)\.$/);
  assert.match(words(4, 1, { rule: 'statistical' }), /^Gate: with 4 validation tasks and 1 trial no gain can be significant at α 0\.05, so every candidate would be rejected\. Raise the trials per task \(--trials; .*choose another gate rule \(--gate-rule\)\.$/);
});

test('soft and mixed metrics move by the lightest check of a task', () => {
  // Three hard criteria and one soft of weight 2: the lightest check is 1 / 5 of a task.
  const rubricTask = task('r', { rubric: { hard: ['a', 'b', 'c'], soft: [{ criterion: 'd', weight: 2 }] } });
  assert.ok(Math.abs(gateSensitivity({ val: [rubricTask, rubricTask], trials: 1, gate: gateOf({ metric: 'soft' }) }).minimumGain! - 0.1) < 1e-12);
  assert.ok(Math.abs(gateSensitivity({ val: [rubricTask, rubricTask], trials: 1, gate: gateOf({ metric: 'mixed' }) }).minimumGain! - 0.05) < 1e-12);
});

test('the gate off says so', () => {
  assert.equal(wordMessage(describeGateSensitivity({ val: val(6), trials: 1, gate: { ...gateOf(), useGate: false } }), CLI_WORDING), 'Gate: off — every candidate is kept (its validation score is still recorded).');
});
