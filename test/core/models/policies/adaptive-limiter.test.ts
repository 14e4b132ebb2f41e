import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptiveLimiter, ProviderLimiters } from '../../../../src/core/models/policies/adaptive-limiter';
import { CallAbortedError } from '../../../../src/core/models/model-errors';
import { flushPromises } from './manual-clock';

test('a 429 halves the limit, and further 429s from calls sent before it do not halve again', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 8 });
  const slots = await Promise.all(Array.from({ length: 8 }, () => limiter.acquire()));
  assert.equal(limiter.inFlight, 8);
  for (const slot of slots) limiter.rateLimited(slot);
  assert.equal(limiter.limit, 4, 'one burst of concurrent 429s halves once');
  for (const slot of slots) slot.release();

  const next = await limiter.acquire();
  limiter.rateLimited(next);
  assert.equal(limiter.limit, 2, 'a 429 sent under the new limit halves again');
  next.release();
  for (let i = 0; i < 3; i += 1) {
    const slot = await limiter.acquire();
    limiter.rateLimited(slot);
    slot.release();
  }
  assert.equal(limiter.limit, 1, 'never below 1');
});

test('the limit creeps back up by one per run of successes and never above the maximum', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 4, successesToGrow: 3 });
  const slot = await limiter.acquire();
  limiter.rateLimited(slot);
  slot.release();
  assert.equal(limiter.limit, 2);
  const history: number[] = [];
  for (let i = 0; i < 12; i += 1) {
    limiter.succeeded();
    history.push(limiter.limit);
  }
  assert.deepEqual(history, [2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4]);
});

test('a 429 resets the run of successes', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 4, successesToGrow: 3 });
  let slot = await limiter.acquire();
  limiter.rateLimited(slot);
  slot.release();
  limiter.succeeded();
  limiter.succeeded();
  slot = await limiter.acquire();
  limiter.rateLimited(slot);
  slot.release();
  assert.equal(limiter.limit, 1);
  limiter.succeeded();
  limiter.succeeded();
  assert.equal(limiter.limit, 1, 'two successes after the 429 are not yet a run of three');
  limiter.succeeded();
  assert.equal(limiter.limit, 2);
});

test('no more calls run at once than the current limit; waiters are served in order', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 2 });
  const order: number[] = [];
  const first = await limiter.acquire();
  const second = await limiter.acquire();
  const waiting = [3, 4, 5].map((n) => limiter.acquire().then((slot) => (order.push(n), slot)));
  await flushPromises();
  assert.equal(limiter.queued, 3);
  assert.deepEqual(order, []);
  first.release();
  first.release(); // idempotent: must not free two places
  await flushPromises();
  assert.deepEqual(order, [3]);
  assert.equal(limiter.inFlight, 2);
  second.release();
  await flushPromises();
  assert.deepEqual(order, [3, 4]);
  for (const slot of await Promise.all(waiting.slice(0, 2))) slot.release();
  await flushPromises();
  assert.deepEqual(order, [3, 4, 5]);
  (await waiting[2]).release();
  assert.equal(limiter.inFlight, 0);
});

test('a halved limit lets queued calls in only as slots drop below it', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 4, successesToGrow: 1 });
  const slots = await Promise.all(Array.from({ length: 4 }, () => limiter.acquire()));
  limiter.rateLimited(slots[0]!);
  let granted = 0;
  const waiter = limiter.acquire().then((slot) => (granted += 1, slot));
  slots[0]!.release();
  slots[1]!.release();
  await flushPromises();
  assert.equal(granted, 0, '2 still in flight = the halved limit of 2');
  limiter.succeeded();
  await flushPromises();
  assert.equal(granted, 1, 'growing the limit lets the waiter in');
  (await waiter).release();
  slots[2]!.release();
  slots[3]!.release();
});

test('an aborted waiter leaves the queue at once and does not take a slot', async () => {
  const limiter = new AdaptiveLimiter({ maxConcurrency: 1 });
  const held = await limiter.acquire();
  const controller = new AbortController();
  const waiting = limiter.acquire(controller.signal);
  const behind = limiter.acquire();
  controller.abort();
  await assert.rejects(waiting, CallAbortedError);
  assert.equal(limiter.queued, 1);
  held.release();
  const slot = await behind;
  assert.equal(limiter.inFlight, 1);
  slot.release();
  await assert.rejects(limiter.acquire(controller.signal), CallAbortedError, 'an already aborted signal never queues');
});

test('limiters are per provider, with per-provider maximums', () => {
  const limiters = new ProviderLimiters({ default: 6, perProvider: { ollama: 2 } });
  assert.equal(limiters.forProvider('openai').limit, 6);
  assert.equal(limiters.forProvider('ollama').limit, 2);
  assert.equal(limiters.forProvider('openai'), limiters.forProvider('openai'), 'one shared limiter per provider');
  assert.throws(() => new AdaptiveLimiter({ maxConcurrency: 0 }), RangeError);
});
