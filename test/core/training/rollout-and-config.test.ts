import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { RolloutIncompleteError, rolloutTasks, scoreSplit } from '../../../src/core/training/rollout-stage';
import { resolveTrainingConfig, TrainingConfigError } from '../../../src/core/training/training-config';
import { task } from './stage-helpers';

const tasks = ['a', 'b', 'c'].map((id) => task(id, { rubric: { hard: [], soft: [] }, assert: [{ type: 'contains', value: 'yes' }] }));

function target(failOn?: string) {
  return new ScriptedChatModel([], {
    fallback: (request) => {
      const prompt = request.messages.at(-1)!.content;
      if (failOn && prompt.includes(failOn)) throw new ProviderCallError({ provider: 'scripted', kind: 'server', status: 500, message: 'upstream broke' });
      return prompt.includes('task b') ? 'no' : 'yes';
    },
  });
}

test('the rollout runs every task with the skill as the system message and scores it', async () => {
  const model = target();
  const progress: string[] = [];
  const outcome = await rolloutTasks({ skillName: 's', skillText: 'THE SKILL', tasks, target: model, trusted: false, concurrency: 2, onProgress: (done, total) => progress.push(`${done}/${total}`) });
  assert.deepEqual(outcome.results.map((r) => [r.task.id, r.score.hard]), [['a', 1], ['b', 0], ['c', 1]]);
  assert.equal(model.calls[0].messages[0].content, 'THE SKILL');
  assert.deepEqual(progress, ['1/3', '2/3', '3/3']);
  const split = await scoreSplit({ skillName: 's', skillText: 'x', tasks, target: target(), trusted: false, concurrency: 3 }, 'validation split');
  assert.deepEqual(split.scores, { hard: 2 / 3, soft: 2 / 3 });
});

test('an infrastructure failure leaves a train task out, but stops a validation', async () => {
  const outcome = await rolloutTasks({ skillName: 's', skillText: 'x', tasks, target: target('task c'), trusted: false, concurrency: 3 });
  assert.deepEqual(outcome.results.map((r) => r.task.id), ['a', 'b']);
  assert.equal(outcome.failures[0].taskId, 'c');
  await assert.rejects(scoreSplit({ skillName: 's', skillText: 'x', tasks, target: target('task c'), trusted: false, concurrency: 3 }, 'validation split'), (error: unknown) => {
    assert.ok(error instanceof RolloutIncompleteError);
    assert.match(error.message, /1 task\(s\) of the validation split could not be scored .*task 'c', target call: upstream broke.*resume the run/);
    return true;
  });
});

test('training options get SkillOpt defaults and bad values are named', () => {
  const config = resolveTrainingConfig();
  assert.deepEqual(
    [config.epochs, config.batchSize, config.minibatchSize, config.reflectConcurrency, config.mergeGroupSize, config.learningRate, config.gate, config.slowUpdate.samples],
    [4, 40, 8, 16, 8, { scheduler: 'cosine', max: 4, min: 2, control: 'fixed' }, { metric: 'hard', mixedWeight: 0.5, useGate: true, mode: 'auto', rule: 'strict', margin: 0.05, significance: 0.05, trials: 1 }, 20],
  );
  assert.equal(resolveTrainingConfig({ learningRate: { max: 6 } }).learningRate.min, 2);
  assert.deepEqual([config.rotateValidation, config.guards], [false, { leakage: true, malformed: true }]);
  assert.throws(() => resolveTrainingConfig({ gate: { rule: 'lenient' as never, significance: 0 } }), (error: unknown) => error instanceof TrainingConfigError && /gate\.rule: .*; gate\.significance: /.test(error.message));
  assert.throws(() => resolveTrainingConfig({ epochs: 0, batchSize: -1 }), (error: unknown) => error instanceof TrainingConfigError && /epochs: .*; batchSize: /.test(error.message));
  assert.throws(() => resolveTrainingConfig({ learningRate: { max: 2, min: 3 } }), /learningRate\.min: 3 is above learningRate\.max 2/);
});
