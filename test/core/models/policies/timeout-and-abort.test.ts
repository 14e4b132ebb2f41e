import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createCallPolicies, withCallPolicies } from '../../../../src/core/models/policies';
import { CallAbortedError, ProviderCallError } from '../../../../src/core/models/model-errors';
import { FakeChatModel, providerError, reply, untilAborted } from './fake-chat-model';
import { flushPromises, ManualClock } from './manual-clock';

const ask = { messages: [{ role: 'user' as const, content: 'hello' }] };

test('a call past the per-call timeout fails as kind timeout and its request is aborted', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('anthropic:claude-haiku-4-5', untilAborted);
  const policies = createCallPolicies({ clock, timeoutMs: 5000, retry: { maxAttempts: 1 } });
  const outcome = withCallPolicies(fake, policies).complete(ask).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  await clock.advance(4999);
  assert.equal(fake.requests[0]!.signal!.aborted, false, 'not yet');
  await clock.advance(1);
  const error = await outcome;
  assert.ok(error instanceof ProviderCallError, String(error));
  assert.equal(error.kind, 'timeout');
  assert.match(error.message, /anthropic:claude-haiku-4-5 did not answer within 5000 ms/);
  assert.equal(fake.requests[0]!.signal!.aborted, true, 'the underlying request is cancelled');
  assert.equal(policies.limiters.forProvider('anthropic').inFlight, 0);
  assert.equal(policies.budget.snapshot().reservedTokens, 0, 'the budget claim is freed');
});

test('the default per-call timeout is 120 s and a timed-out attempt is retried', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5', (request, index) => (index === 0 ? untilAborted(request) : reply('second try')));
  const policies = createCallPolicies({ clock, random: () => 0 });
  const pending = withCallPolicies(fake, policies).complete(ask);
  await clock.advance(120_000);
  await clock.advance(0);
  const response = await pending;
  assert.equal(response.text, 'second try');
  assert.equal(fake.calls, 2);
});

test('abort cancels queued and in-flight calls at once', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', untilAborted);
  const policies = createCallPolicies({ clock, maxConcurrency: 2 });
  const model = withCallPolicies(fake, policies);
  const controller = new AbortController();
  const outcomes = Array.from({ length: 5 }, () =>
    model.complete({ ...ask, signal: controller.signal }).then(
      () => 'resolved',
      (error: unknown) => error,
    ),
  );
  await flushPromises();
  const limiter = policies.limiters.forProvider('openai');
  assert.equal(fake.calls, 2, 'two in flight');
  assert.equal(limiter.queued, 3, 'three queued');
  assert.equal(policies.budget.snapshot().reservedTokens > 0, true);

  controller.abort();
  const settled = await Promise.all(outcomes);
  for (const error of settled) assert.ok(error instanceof CallAbortedError, String(error));
  assert.equal(fake.calls, 2, 'queued calls never reach the model');
  assert.ok(fake.requests.every((request) => request.signal!.aborted), 'in-flight requests are cancelled');
  assert.equal(limiter.inFlight, 0);
  assert.equal(limiter.queued, 0);
  assert.equal(policies.budget.snapshot().reservedTokens, 0);
  assert.equal(clock.pending, 0, 'no timeout timer left behind');
});

test('abort does not wait for an adapter that ignores its signal', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', () => new Promise(() => undefined));
  const model = withCallPolicies(fake, createCallPolicies({ clock }));
  const controller = new AbortController();
  const pending = model.complete({ ...ask, signal: controller.signal });
  await flushPromises();
  controller.abort();
  await assert.rejects(pending, CallAbortedError);
});

test('abort during a backoff wait stops the retries', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', () => {
    throw providerError('server', { status: 500 });
  });
  const model = withCallPolicies(fake, createCallPolicies({ clock, random: () => 0.5 }));
  const controller = new AbortController();
  const pending = model.complete({ ...ask, signal: controller.signal });
  await flushPromises();
  assert.equal(fake.calls, 1);
  controller.abort();
  await assert.rejects(pending, CallAbortedError);
  await clock.advance(60_000);
  assert.equal(fake.calls, 1, 'no retry after the abort');
});

test('an already aborted signal fails before anything else happens', async () => {
  const fake = new FakeChatModel('openai:gpt-5-mini', () => reply('never'));
  const model = withCallPolicies(fake, createCallPolicies());
  await assert.rejects(model.complete({ ...ask, signal: AbortSignal.abort() }), CallAbortedError);
  assert.equal(fake.calls, 0);
});

test('a model is wrapped only once', () => {
  const policies = createCallPolicies();
  const model = withCallPolicies(new FakeChatModel('openai:gpt-5', () => reply('x')), policies);
  assert.throws(() => withCallPolicies(model, policies), /already has call policies/);
});

test("finished calls leave no listener on the caller's signal", async () => {
  const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
    if (index % 3 === 0) throw providerError('bad_request', { status: 400 });
    return reply('ok');
  });
  const model = withCallPolicies(fake, createCallPolicies({ maxConcurrency: 2 }));
  const controller = new AbortController();
  await Promise.allSettled(Array.from({ length: 9 }, () => model.complete({ ...ask, signal: controller.signal })));
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});
