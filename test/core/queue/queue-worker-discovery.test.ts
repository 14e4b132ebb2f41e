import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openRedisClient } from '../../../src/core/queue/redis-connection';
import { registerTarget } from '../../../src/core/queue/target-registry';
import { startQueueWorker, type QueueWorkerEvent } from '../../../src/core/queue/queue-worker';
import { startTestRedis, type TestRedis } from '../../support/redis-server';

let redis: TestRedis;
before(async () => {
  redis = await startTestRedis();
});
after(async () => {
  await redis.stop();
});

/** Waits for the first event that matches, or fails after `timeoutMs`. */
function nextEvent(events: QueueWorkerEvent[], matches: (event: QueueWorkerEvent) => boolean, timeoutMs: number): Promise<number> {
  const since = Date.now();
  return new Promise((resolve, reject) => {
    const look = setInterval(() => {
      if (events.some(matches)) {
        clearInterval(look);
        resolve(Date.now() - since);
      } else if (Date.now() - since > timeoutMs) {
        clearInterval(look);
        reject(new Error(`no matching event within ${timeoutMs} ms; saw ${JSON.stringify(events)}`));
      }
    }, 10);
  });
}

test('a worker without --targets serves a target as soon as a coordinator announces it, not at its next periodic look (2 s)', { timeout: 30_000 }, async () => {
  const events: QueueWorkerEvent[] = [];
  const worker = await startQueueWorker({
    url: redis.url,
    name: 'discovery',
    concurrency: 1,
    createModel: () => {
      throw new Error('no job is run here');
    },
    onEvent: (event) => events.push(event),
  });
  const client = await openRedisClient(redis.url);
  try {
    // Past the worker's first look (at start), well before its second.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(worker.targets, []);
    await registerTarget(client, { target: 'sim:announced', account: 'sim' });
    const waitedMs = await nextEvent(events, (event) => event.type === 'serving' && event.target === 'sim:announced', 1_500);
    assert.ok(waitedMs < 1_500, `served after ${waitedMs} ms`);
    assert.deepEqual(worker.targets, ['sim:announced']);
    // Announced again (a second coordinator): still one BullMQ worker for it.
    await registerTarget(client, { target: 'sim:announced', account: 'sim' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(events.filter((event) => event.type === 'serving').length, 1);
    // The same spec on another account (a coordinator with another base URL): served there too.
    await registerTarget(client, { target: 'sim:announced', account: 'sim elsewhere' });
    await nextEvent(events, (event) => event.type === 'serving' && event.account === 'sim elsewhere', 1_500);
  } finally {
    client.disconnect();
    await worker.close();
  }
});
