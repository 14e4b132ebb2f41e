import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetExceededError, BudgetTracker, createCallPolicies, withCallPolicies } from '../../../../src/core/models/policies';
import { isSkillTrainerError } from '../../../../src/core/errors';
import { FakeChatModel, providerError, reply } from './fake-chat-model';
import { flushPromises } from './manual-clock';

/** ~4 000 characters = ~1 000 input tokens. */
const longAsk = { messages: [{ role: 'user' as const, content: 'x'.repeat(4000) }], maxOutputTokens: 1000 };

test('a call that would cross the USD cap is refused before it is sent', async () => {
  // gpt-5: $1.25 in, $10 out per million. One call estimate: ~1 001 in + 1 000 out ≈ $0.01125.
  const fake = new FakeChatModel('openai:gpt-5', () => reply('ok', 1000, 1000));
  const policies = createCallPolicies({ budget: { maxCostUsd: 0.03 } });
  const model = withCallPolicies(fake, policies);
  await model.complete(longAsk);
  await model.complete(longAsk);
  const spent = policies.budget.snapshot().spentUsd;
  assert.ok(Math.abs(spent - 0.0225) < 1e-9, `spent ${spent}`);
  await assert.rejects(model.complete(longAsk), (error: unknown) => {
    assert.ok(error instanceof BudgetExceededError);
    assert.ok(isSkillTrainerError(error));
    assert.equal(error.code, 'budget_exceeded');
    assert.equal(error.limit, 'cost');
    assert.match(error.message, /spent \$0\.0225/);
    assert.match(error.message, /\$0\.03 cap/);
    assert.match(error.message, /openai:gpt-5 call could cost up to \$0\.011/);
    assert.match(error.message, /--max-cost/);
    return true;
  });
  assert.equal(fake.calls, 2, 'the refused call was not sent');
  assert.ok(policies.budget.snapshot().spentUsd <= 0.03);
});

test('calls in flight count against the cap, so concurrent calls cannot overshoot it together', async () => {
  let finish: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  const fake = new FakeChatModel('openai:gpt-5', async () => {
    await gate;
    return reply('ok', 1000, 1000);
  });
  const policies = createCallPolicies({ budget: { maxCostUsd: 0.025 } });
  const model = withCallPolicies(fake, policies);
  const outcomes = Array.from({ length: 4 }, () => model.complete(longAsk).then(() => 'done', (error: unknown) => error));
  await flushPromises();
  finish();
  const results = await Promise.all(outcomes);
  assert.deepEqual(results.slice(0, 2), ['done', 'done']);
  assert.ok(results[2] instanceof BudgetExceededError && results[3] instanceof BudgetExceededError);
  assert.match((results[2] as Error).message, /in calls still running/);
  assert.equal(fake.calls, 2);
});

test('the token cap refuses calls, also for models whose price is unknown', async () => {
  const fake = new FakeChatModel('ollama:llama3.1', () => reply('ok', 1000, 1000));
  const policies = createCallPolicies({ budget: { maxTokens: 5000, maxCostUsd: 0.000001 } });
  const model = withCallPolicies(fake, policies);
  await model.complete(longAsk);
  await model.complete(longAsk);
  await assert.rejects(model.complete(longAsk), (error: unknown) => {
    assert.ok(error instanceof BudgetExceededError);
    assert.equal(error.limit, 'tokens');
    assert.match(error.message, /used 4000 tokens .* of the 5000-token cap/);
    return true;
  });
  const snapshot = policies.budget.snapshot();
  assert.equal(snapshot.tokensUsed, 4000);
  assert.equal(snapshot.spentUsd, 0, 'an unknown price is not counted as a cost');
  assert.equal(snapshot.unknownCostCalls, 2);
});

test('a failed call frees its reservation and spends nothing', async () => {
  const fake = new FakeChatModel('openai:gpt-5', () => {
    throw providerError('auth', { status: 401 });
  });
  const policies = createCallPolicies({ budget: { maxCostUsd: 1 } });
  await assert.rejects(withCallPolicies(fake, policies).complete(longAsk));
  const snapshot = policies.budget.snapshot();
  assert.equal(snapshot.reservedUsd, 0);
  assert.equal(snapshot.spentUsd, 0);
});

test('one tracker is shared by every role of a run', async () => {
  const tracker = new BudgetTracker({ maxCostUsd: 0.02 });
  const target = withCallPolicies(new FakeChatModel('openai:gpt-5', () => reply('t', 1000, 1000)), createCallPolicies({ budget: tracker }));
  const judge = withCallPolicies(new FakeChatModel('openai:gpt-5', () => reply('j', 1000, 1000)), createCallPolicies({ budget: tracker }));
  await target.complete(longAsk);
  await assert.rejects(judge.complete(longAsk), BudgetExceededError);
});

test('spend restored from a checkpoint counts', () => {
  const tracker = new BudgetTracker({ maxCostUsd: 1 });
  tracker.record({ tokens: 500, costUsd: 0.99 });
  assert.throws(() => tracker.reserve({ spec: 'openai:gpt-5', tokens: 10, costUsd: 0.02 }), BudgetExceededError);
  const reservation = tracker.reserve({ spec: 'openai:gpt-5', tokens: 10, costUsd: 0.005 });
  reservation.settle({ tokens: 8, costUsd: 0.004 });
  reservation.settle({ tokens: 8, costUsd: 0.004 });
  assert.equal(tracker.snapshot().tokensUsed, 508, 'settling twice records once');
  assert.throws(() => new BudgetTracker({ maxCostUsd: -1 }), RangeError);
});
