import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { connectRolloutQueue, queuedTargetForSpec, startQueueWorker, type QueueWorker, type RolloutQueue } from '../../../src/core/queue';
import { startTestRedis, type TestRedis } from '../../support/redis-server';

let redis: TestRedis;
before(async () => {
  redis = await startTestRedis();
});
after(async () => {
  await redis.stop();
});

/** A worker serving only `spec`, answering with its own name. */
function workerFor(spec: string, name: string): Promise<QueueWorker> {
  return startQueueWorker({ url: redis.url, name, concurrency: 4, targets: [spec], lockDurationMs: 2_000, createModel: () => new ScriptedChatModel([], { fallback: () => `from ${name}` }) });
}

test("two specs on one account share its queue; a worker that took a job of a spec it does not serve hands it back, and the other worker runs it", { timeout: 60_000 }, async () => {
  const workers = [await workerFor('sim:alpha', 'alpha-worker'), await workerFor('sim:beta', 'beta-worker')];
  const queue: RolloutQueue = await connectRolloutQueue(redis.url, { globalConcurrency: 8, batchSize: 4 });
  try {
    const alpha = queuedTargetForSpec(queue, 'sim:alpha', { batchSize: 4 });
    const beta = queuedTargetForSpec(queue, 'sim:beta', { batchSize: 4 });
    const ask = (index: number) => ({ label: 'rollout', messages: [{ role: 'user' as const, content: `task ${index}` }] });
    // Several rounds, so each worker is offered jobs of the other's spec from the shared queue.
    for (let round = 0; round < 3; round += 1) {
      const replies = await Promise.all([...[0, 1, 2].map((index) => alpha.complete(ask(index))), ...[0, 1, 2].map((index) => beta.complete(ask(index)))]);
      assert.deepEqual(replies.map((reply) => reply.text), ['from alpha-worker', 'from alpha-worker', 'from alpha-worker', 'from beta-worker', 'from beta-worker', 'from beta-worker']);
    }
    assert.deepEqual(workers.map((worker) => worker.targets), [['sim:alpha'], ['sim:beta']]);
  } finally {
    await queue.close();
    for (const worker of workers) await worker.close();
  }
});

test("after a 429 the worker sends none of its batch's calls until the account's pause ends, calls already waiting for a slot included", { timeout: 60_000 }, async () => {
  const sent: number[] = [];
  let refusedAt = 0;
  const model = new ScriptedChatModel(
    [
      () => {
        sent.push(Date.now());
        refusedAt = Date.now();
        throw new ProviderCallError({ provider: 'openai-compatible', kind: 'rate_limit', status: 429, retryAfterMs: 1_000, message: 'HTTP 429' });
      },
    ],
    {
      fallback: () => {
        sent.push(Date.now());
        return 'ok';
      },
    },
  );
  // One call at a time: the batch's other calls wait for the slot the refused call frees.
  const worker = await startQueueWorker({ url: redis.url, name: 'pausing', concurrency: 1, targets: ['sim:paused'], lockDurationMs: 5_000, createModel: () => model });
  const queue: RolloutQueue = await connectRolloutQueue(redis.url, { batchSize: 3 });
  try {
    const target = queuedTargetForSpec(queue, 'sim:paused', { batchSize: 3 });
    const replies = await Promise.all([0, 1, 2].map((index) => target.complete({ label: 'rollout', messages: [{ role: 'user', content: `task ${index}` }] })));
    assert.deepEqual(replies.map((reply) => reply.text), ['ok', 'ok', 'ok']);
    const duringPause = sent.filter((at) => at > refusedAt && at < refusedAt + 900);
    assert.deepEqual(duringPause.map((at) => at - refusedAt), [], 'calls sent during the 1 s pause (ms after the 429)');
  } finally {
    await queue.close();
    await worker.close();
  }
});
