import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel, ChatResponse } from '../../../src/core/models/chat-model';
import { createCallPolicies, withCallPolicies } from '../../../src/core/models/policies';
import type { ResponseCache } from '../../../src/core/models/policies/response-cache';
import { readRolloutRecords } from '../../../src/core/store/run-reader';
import type { TrainingConfigInput } from '../../../src/core/training/training-config';
import { runExample } from './sim-run-helpers';

/** The shared response cache, in memory. */
class MemoryCache implements ResponseCache {
  readonly entries = new Map<string, ChatResponse>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async set(key: string, response: ChatResponse) {
    this.entries.set(key, response);
  }
}

/**
 * A vendor-like model (the simulated world's answers under another provider name, so
 * the call policies cache it) that counts the calls that reach it, and a run of the
 * example with it, through one shared cache.
 */
async function runThroughCache(cache: MemoryCache, config: TrainingConfigInput) {
  let reached = 0;
  const result = await runExample({
    config: { epochs: 2, ...config },
    wrap: (sim) => {
      const vendor: ChatModel = {
        spec: 'vendor:model',
        provider: 'vendor',
        model: 'model',
        complete: (request) => {
          reached += 1;
          return sim.complete(request);
        },
      };
      return withCallPolicies(vendor, createCallPolicies({ maxConcurrency: 8, cache }));
    },
  });
  return { ...result, reached };
}

test('with the response cache on, every training call of a run is a fresh sample: a second identical run pays for all its calls again', async () => {
  const cache = new MemoryCache();
  const first = await runThroughCache(cache, {});
  assert.equal(first.result.status, 'finished');
  assert.equal(cache.entries.size, 0, 'training calls are neither read from nor written to the shared cache');
  const second = await runThroughCache(cache, {});
  assert.equal(second.reached, first.reached, 'the same seed and skill asked again reach the model again');
  // Within a run, the slow update's comparison runs both skills even when they are identical text.
  const rollouts = await readRolloutRecords(second.workspace, second.result.runId);
  assert.ok(rollouts.filter((record) => record.phase === 'slow_update').length >= 2 * 12);
});

test('cacheTrainingCalls restores the shared cache for cheap demos: the second run replays', async () => {
  const cache = new MemoryCache();
  await runThroughCache(cache, { cacheTrainingCalls: true });
  assert.ok(cache.entries.size > 0);
  const second = await runThroughCache(cache, { cacheTrainingCalls: true });
  assert.equal(second.reached, 0, 'every call of the identical second run came from the cache');
});

test('validation is still scored once per skill text within a run', async () => {
  const { result, workspace } = await runExample({ config: { epochs: 2 } });
  const rollouts = await readRolloutRecords(workspace, result.runId);
  const validations = rollouts.filter((record) => record.phase === 'validation');
  const perSkill = new Map<string, number>();
  for (const record of validations) perSkill.set(`${record.skillHash}|${record.taskId}`, (perSkill.get(`${record.skillHash}|${record.taskId}`) ?? 0) + 1);
  assert.ok([...perSkill.values()].every((count) => count === 1));
});
