import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { readStepRecords } from '../../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import { runExample } from './sim-run-helpers';

/** Wraps a model and keeps every request it answered. */
function recording(requests: ChatRequest[]): (model: ChatModel) => ChatModel {
  return (model) => ({
    ...model,
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    complete: (request) => {
      requests.push(request);
      return model.complete(request);
    },
  });
}

test('every analyst is told the constant learning rate while the cosine schedule applies only at selection', async () => {
  const requests: ChatRequest[] = [];
  // 12 train tasks in batches of 3: 4 steps per epoch, 8 steps over 2 epochs; cosine from 4 down to 2.
  const { result, workspace } = await runExample({ config: { epochs: 2, batchSize: 3, learningRate: { scheduler: 'cosine', max: 4, min: 2 } }, wrap: recording(requests) });
  assert.equal(result.status, 'finished');
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.deepEqual(steps.map((step) => step.budget), [4, 4, 3, 3, 3, 2, 2, 2]);
  assert.ok(steps.every((step) => step.analystBudget === 4));
  const reflectPrompts = requests.filter((request) => request.label === 'reflect').map((request) => request.messages.at(-1)!.content);
  assert.ok(reflectPrompts.length >= 8, 'analysts ran in every step');
  for (const prompt of reflectPrompts) assert.match(prompt, /<edit_budget>4<\/edit_budget>/);
});

test('under the autonomous scheduler the analysts still get the learning rate, and selection keeps every edit', async () => {
  const requests: ChatRequest[] = [];
  const { result, workspace } = await runExample({ config: { epochs: 1, batchSize: 6, learningRate: { scheduler: 'autonomous', max: 3, min: 2 } }, wrap: recording(requests) });
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.budget === null && step.analystBudget === 3));
  const reflectPrompts = requests.filter((request) => request.label === 'reflect').map((request) => request.messages.at(-1)!.content);
  assert.ok(reflectPrompts.length > 0);
  for (const prompt of reflectPrompts) assert.match(prompt, /<edit_budget>3<\/edit_budget>/);
  assert.equal(requests.filter((request) => request.label === 'rank').length, 0);
});
