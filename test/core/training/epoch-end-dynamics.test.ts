import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { readRolloutRecords, readStepRecords } from '../../../src/core/store/run-reader';
import type { EpochEndRecord, TrainingStepRecord } from '../../../src/core/store/run-records';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { runExample } from './sim-run-helpers';

/** Records each request with the epoch it was made in, and lets a test change replies. */
function observe(calls: Array<{ epoch: number; request: ChatRequest }>, epoch: () => number, reply?: (request: ChatRequest, epoch: number) => string | undefined) {
  return (model: ChatModel): ChatModel => ({
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    complete: async (request) => {
      calls.push({ epoch: epoch(), request });
      const scripted = reply?.(request, epoch());
      return scripted === undefined ? model.complete(request) : { text: scripted, usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0, latencyMs: 0 } };
    },
  });
}

function epochTracker() {
  let current = 0;
  return { epoch: () => current, onEvent: (event: TrainingEvent) => {
      if (event.type === 'step_started') current = event.epoch;
      // The epoch's end counts as epoch + 0.5.
      if (event.type === 'stage_started' && (event.stage === 'slow_update' || event.stage === 'meta_skill')) current = event.epoch + 0.5;
    },
  };
}

const lastUser = (request: ChatRequest) => request.messages.at(-1)!.content;

test('the meta skill skips the first epoch: the first memory is written after epoch 2 and active from epoch 3', async () => {
  const calls: Array<{ epoch: number; request: ChatRequest }> = [];
  const tracker = epochTracker();
  const { result, workspace } = await runExample({ wrap: observe(calls, tracker.epoch), input: { onEvent: tracker.onEvent } });
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  assert.equal(epochEnds[0].metaSkill.action, 'skipped_first_epoch');
  assert.equal(epochEnds[1].metaSkill.action, 'written');
  const metaCalls = calls.filter((call) => call.request.label === 'meta_skill');
  assert.deepEqual(metaCalls.map((call) => call.epoch), [2.5, 3.5, 4.5]);
  const withMemory = (epoch: number) => calls.filter((call) => call.epoch === epoch && call.request.label === 'reflect').map((call) => /<meta_skill>/.test(lastUser(call.request)));
  assert.ok(withMemory(1).length > 0 && withMemory(1).every((has) => !has));
  assert.ok(withMemory(2).every((has) => !has), 'epoch 2 has no memory yet');
  assert.ok(withMemory(3).length > 0 && withMemory(3).every((has) => has), 'epoch 3 uses the memory of epoch 2');
  // The memory is built from the adjacent-epoch comparison: the prompt shows the pairs with full answers.
  assert.match(lastUser(metaCalls[0].request), /<pair id="[^"]+" category="(improved|regressed|persistent_failure|stable_success)">[\s\S]*<previous_epoch verdict=/);
});

test('an epoch that yields no memory leaves the next epoch without one', async () => {
  const calls: Array<{ epoch: number; request: ChatRequest }> = [];
  const tracker = epochTracker();
  // The memory written after epoch 3 is empty.
  const reply = (request: ChatRequest, epoch: number) => (request.label === 'meta_skill' && epoch === 3.5 ? JSON.stringify({ reasoning: 'nothing learned', memory: '' }) : undefined);
  const { result, workspace } = await runExample({ wrap: observe(calls, tracker.epoch, reply), input: { onEvent: tracker.onEvent } });
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  // (After epoch 4 a memory is written from scratch when that epoch's steps taught something; the seed decides.)
  assert.deepEqual(epochEnds.slice(0, 3).map((record) => record.metaSkill.action), ['skipped_first_epoch', 'written', 'no_content']);
  const reflect4 = calls.filter((call) => call.epoch === 4 && call.request.label === 'reflect');
  assert.ok(reflect4.length > 0 && reflect4.every((call) => !/<meta_skill>/.test(lastUser(call.request))));
});

test('without a slow update the meta skill runs its own comparison of the two epochs\' skills', async () => {
  const { result, workspace } = await runExample({ config: { slowUpdate: { enabled: false } } });
  const rollouts = await readRolloutRecords(workspace, result.runId);
  const records = await readStepRecords(workspace, result.runId);
  const epochEnds = records.filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  assert.deepEqual(epochEnds.map((record) => record.metaSkill.action), ['skipped_first_epoch', 'written', 'written', 'written']);
  // 12 train tasks compared under both skills after epochs 2, 3 and 4; accounted under the meta skill.
  for (const epoch of [2, 3, 4]) assert.equal(rollouts.filter((record) => record.phase === 'slow_update' && record.epoch === epoch).length, 24, `epoch ${epoch}`);
  assert.equal(rollouts.filter((record) => record.phase === 'slow_update' && record.epoch === 1).length, 0);
  assert.ok((epochEnds[1].usage?.meta_skill?.calls ?? 0) > 24);
});

test('an ungated slow update marks the current score as not validated until a step is accepted', async () => {
  const { result, workspace } = await runExample({ config: { epochs: 3 } });
  const records = await readStepRecords(workspace, result.runId);
  const epochEnds = records.filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  const rewrote = epochEnds.find((record) => record.slowUpdate.action === 'rewrote_region');
  assert.ok(rewrote, 'a slow update rewrote the region');
  assert.equal(rewrote.currentScoreUnvalidated, true);
  const next = records.find((record): record is TrainingStepRecord => record.kind === 'step' && record.epoch === rewrote.epoch + 1);
  if (next) assert.equal(next.scoreBeforeUnvalidated, true);
});

test('slowUpdate.gateWithSelection validates the rewritten skill and keeps it only when the gate accepts it', async () => {
  // Three epochs: the skill still fails some tasks after epoch 2, so the slow update writes guidance.
  const { result, workspace } = await runExample({ config: { epochs: 3, slowUpdate: { gateWithSelection: true } } });
  assert.equal(result.status, 'finished');
  const rollouts = await readRolloutRecords(workspace, result.runId);
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  const gated = epochEnds.filter((record) => record.slowUpdate.gate !== undefined);
  assert.ok(gated.length > 0, 'a rewritten region went through the gate');
  for (const record of gated) {
    const gate = record.slowUpdate.gate!;
    assert.equal(gate.action === 'reject', !(gate.gateScore > gate.scoreBefore));
    assert.ok(rollouts.some((rollout) => rollout.phase === 'validation' && rollout.epoch === record.epoch && rollout.step === record.step));
    assert.equal(record.currentScoreUnvalidated, undefined);
    if (gate.action !== 'reject') assert.equal(record.currentScore, gate.gateScore);
  }
});

test('the changed pair policy keeps only tasks whose outcome changed and tops the sample up from the train split', async () => {
  const { result, workspace } = await runExample({ config: { longitudinalPairPolicy: 'changed', slowUpdate: { samples: 4 } } });
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  for (const record of epochEnds.slice(1)) {
    const pairs = record.slowUpdate.pairs!;
    assert.equal(pairs.policy, 'changed');
    assert.ok(pairs.kept <= 4);
    assert.equal((record.slowUpdate.categories?.persistent_failure ?? 0) + (record.slowUpdate.categories?.stable_success ?? 0), 0);
    // Fewer than 4 changed among the first 4 tasks: more tasks were compared, up to the whole split.
    if (pairs.kept < 4) assert.equal(pairs.compared, 12);
  }
});
