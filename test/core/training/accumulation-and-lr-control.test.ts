import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { readRolloutRecords, readStepRecords } from '../../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import { decideEditCount } from '../../../src/core/training/edit-count-decision';
import { stepsPerEpoch } from '../../../src/core/training/training-config';
import { runExample } from './sim-run-helpers';
import { edit, userMessage } from './stage-helpers';

function recording(requests: ChatRequest[]): (model: ChatModel) => ChatModel {
  return (model) => ({ spec: model.spec, provider: model.provider, model: model.model, complete: (request) => (requests.push(request), model.complete(request)) });
}

test('accumulation: each step rolls out and reflects on several batches and merges all their patches into one update', async () => {
  assert.equal(stepsPerEpoch(12, 3, 2), 2);
  assert.equal(stepsPerEpoch(12, 40, 3), 1);
  const requests: ChatRequest[] = [];
  const { result, workspace } = await runExample({ config: { epochs: 1, batchSize: 3, accumulation: 2 }, wrap: recording(requests) });
  assert.equal(result.status, 'finished');
  assert.equal(result.stepsDone, 2);
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  for (const step of steps) {
    assert.equal(step.train.count, 6);
    assert.deepEqual(step.accumulationBatches?.map((batch) => batch.count), [3, 3]);
  }
  // Every train task is rolled out once per epoch, in batches of 3.
  const train = (await readRolloutRecords(workspace, result.runId)).filter((record) => record.phase === 'train');
  assert.equal(new Set(train.map((record) => record.taskId)).size, 12);
  // Reflect ran per batch: no minibatch mixes tasks of two batches.
  const reflectTasks = requests.filter((request) => request.label === 'reflect').map((request) => [...userMessage(request).matchAll(/<task id="([^"]+)"/g)].length);
  assert.ok(reflectTasks.every((count) => count <= 3));
});

test('autonomous learning-rate control: one optimizer call sets the edit count, then ranking keeps that many', async () => {
  const requests: ChatRequest[] = [];
  const { result, workspace } = await runExample({ config: { epochs: 2, learningRate: { control: 'autonomous' } }, wrap: recording(requests) });
  assert.equal(result.status, 'finished');
  const steps = (await readStepRecords(workspace, result.runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  const decided = steps.filter((step) => step.editCountDecision !== undefined);
  assert.ok(decided.length > 0);
  for (const step of decided) {
    assert.equal(step.budget, step.editCountDecision!.count);
    assert.ok(step.selectedEdits.length <= step.editCountDecision!.count);
  }
  const decisions = requests.filter((request) => request.label === 'edit_count');
  assert.equal(decisions.length, decided.length);
  assert.equal(decisions[0].jsonSchema?.name, 'edit_count_decision');
  assert.match(userMessage(decisions[0]), /Train tasks run: 12\. Mean hard score: [\d.]+\. Mean soft score: [\d.]+\. Proposed edits: \d+\./);
  assert.match(decisions[0].messages[0].content, /Do not assume a default size/);
});

test('the decision is clamped to the pool, and an unusable reply applies nothing', async () => {
  const pool = [edit('a'), edit('b')];
  const base = { skill: 's', edits: pool, train: { hard: 0.5, soft: 0.5, count: 4 }, stepHistory: '', metaSkill: '' };
  const many = await decideEditCount({ ...base, optimizer: new ScriptedChatModel([JSON.stringify({ learning_rate: 9, reasoning: 'all' })]) });
  assert.deepEqual([many.count, many.requested, many.available, many.fallback], [2, 9, 2, false]);
  const broken = await decideEditCount({ ...base, optimizer: new ScriptedChatModel(['no', 'still no']) });
  assert.deepEqual([broken.count, broken.fallback], [0, true]);
});
