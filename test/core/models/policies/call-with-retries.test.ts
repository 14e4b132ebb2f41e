import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallPolicies, withCallPolicies } from '../../../../src/core/models/policies';
import { ProviderCallError, type ProviderFailureKind } from '../../../../src/core/models/model-errors';
import { FakeChatModel, providerError, reply } from './fake-chat-model';
import { ManualClock, runToCompletion } from './manual-clock';

const ask = { messages: [{ role: 'user' as const, content: 'hello' }] };

function policiesWith(clock: ManualClock, retry = {}) {
  // random() = 0.5 makes every jittered wait exactly half its ceiling.
  return createCallPolicies({ clock, random: () => 0.5, retry: { baseDelayMs: 1000, ...retry } });
}

for (const kind of ['rate_limit', 'timeout', 'conflict', 'server', 'network'] as const) {
  test(`a '${kind}' failure is retried with exponential backoff and full jitter`, async () => {
    const clock = new ManualClock();
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
      if (index < 3) throw providerError(kind);
      return reply('finally');
    });
    const model = withCallPolicies(fake, policiesWith(clock));
    const response = await runToCompletion(clock, model.complete(ask));
    assert.equal(response.text, 'finally');
    assert.equal(fake.calls, 4);
    const waits = clock.scheduledDelays.filter((delay) => delay !== 120_000);
    assert.deepEqual(waits, [500, 1000, 2000], 'half of 1 s, 2 s, 4 s');
  });
}

for (const kind of ['auth', 'bad_request'] as const) {
  test(`a '${kind}' failure is never retried, even when listed as retryable`, async () => {
    const clock = new ManualClock();
    const fake = new FakeChatModel('openai:gpt-5-mini', () => {
      throw providerError(kind, { status: kind === 'auth' ? 401 : 400 });
    });
    const policies = policiesWith(clock, { retryableKinds: [kind, 'server'] as ProviderFailureKind[] });
    const model = withCallPolicies(fake, policies);
    await assert.rejects(runToCompletion(clock, model.complete(ask)), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, kind);
      assert.doesNotMatch(error.message, /gave up/);
      return true;
    });
    assert.equal(fake.calls, 1);
  });
}

test('errors that are not provider failures are not retried', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', () => {
    throw new TypeError('bug in an adapter');
  });
  const model = withCallPolicies(fake, policiesWith(clock));
  await assert.rejects(runToCompletion(clock, model.complete(ask)), TypeError);
  assert.equal(fake.calls, 1);
});

test('a kind left out of retryableKinds is not retried', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', () => {
    throw providerError('conflict');
  });
  const model = withCallPolicies(fake, policiesWith(clock, { retryableKinds: ['rate_limit'] }));
  await assert.rejects(runToCompletion(clock, model.complete(ask)), ProviderCallError);
  assert.equal(fake.calls, 1);
});

test('retry-after is honoured as the least wait, capped by maxDelayMs', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
    if (index === 0) throw providerError('rate_limit', { status: 429, retryAfterMs: 7000 });
    // A minute: more than one wait may be (30 s), less than the three retries left (90 s).
    if (index === 1) throw providerError('rate_limit', { status: 429, retryAfterMs: 60_000 });
    return reply('ok');
  });
  const model = withCallPolicies(fake, policiesWith(clock, { maxDelayMs: 30_000 }));
  const started = clock.now();
  await runToCompletion(clock, model.complete(ask));
  const waits = clock.scheduledDelays.filter((delay) => delay !== 120_000);
  assert.deepEqual(waits, [7000, 30_000]);
  assert.ok(clock.now() - started >= 37_000, 'the call really waited');
});

test('after maxAttempts the last failure is thrown, saying how many attempts were made', async () => {
  const clock = new ManualClock();
  const fake = new FakeChatModel('openai:gpt-5-mini', () => {
    throw providerError('server', { status: 503 });
  });
  const model = withCallPolicies(fake, policiesWith(clock, { maxAttempts: 3 }));
  await assert.rejects(runToCompletion(clock, model.complete(ask)), (error: unknown) => {
    assert.ok(error instanceof ProviderCallError);
    assert.equal(error.kind, 'server');
    assert.equal(error.status, 503);
    assert.match(error.message, /gave up after 3 attempts/);
    return true;
  });
  assert.equal(fake.calls, 3);
});

test('backoff waits are random in [0, ceiling] (full jitter) and the ceiling is capped', async () => {
  const clock = new ManualClock();
  const draws = [0, 0.999, 0.25, 0.999, 0.999];
  const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
    if (index < 5) throw providerError('network');
    return reply('ok');
  });
  const policies = createCallPolicies({
    clock,
    random: () => draws.shift() ?? 0,
    retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 5000 },
  });
  await runToCompletion(clock, withCallPolicies(fake, policies).complete(ask));
  const waits = clock.scheduledDelays.filter((delay) => delay !== 120_000);
  assert.deepEqual(waits, [0, 1998, 1000, 4995, 4995]);
});

test('a 429 halves the provider limit shared by every model of that provider', async () => {
  const clock = new ManualClock();
  const policies = policiesWith(clock);
  const first = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
    if (index === 0) throw providerError('rate_limit', { status: 429 });
    return reply('ok');
  });
  const second = new FakeChatModel('openai:gpt-5', () => reply('ok'));
  await runToCompletion(clock, withCallPolicies(first, policies).complete(ask));
  withCallPolicies(second, policies);
  assert.equal(policies.limiters.forProvider('openai').limit, 4, 'default 8 halved');
  assert.equal(policies.limiters.forProvider('anthropic').limit, 8, 'other vendors are unaffected');
});
