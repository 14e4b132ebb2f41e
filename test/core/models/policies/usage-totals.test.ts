import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCallPolicies, UsageTotals, withCallPolicies } from '../../../../src/core/models/policies';
import { FakeChatModel, reply } from './fake-chat-model';

test('totals sum calls, hits, tokens and known costs per label and overall', () => {
  const totals = new UsageTotals();
  const usage = (costUsd: number | null) => ({ inputTokens: 100, outputTokens: 10, cachedInputTokens: 5, costUsd, latencyMs: 7 });
  totals.add({ spec: 'openai:gpt-5', label: 'rollout', usage: usage(0.5), cached: false });
  totals.add({ spec: 'openai:gpt-5', label: 'rollout', usage: { ...usage(0), inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, latencyMs: 0 }, cached: true });
  totals.add({ spec: 'ollama:llama3.1', label: 'judge', usage: usage(null), cached: false });
  assert.deepEqual(totals.byLabel().rollout, {
    calls: 2,
    cacheHits: 1,
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 5,
    costUsd: 0.5,
    unknownCostCalls: 0,
    latencyMs: 7,
  });
  assert.equal(totals.byLabel().judge!.unknownCostCalls, 1);
  assert.equal(totals.total().calls, 3);
  assert.equal(totals.total().costUsd, 0.5);
  assert.equal(totals.costOrUnknown(), null, 'one unknown price makes the total unknown');
});

test('the policies feed their own totals and every subscribed listener', async () => {
  const seen: string[] = [];
  const policies = createCallPolicies({ onUsage: (event) => seen.push(`first:${event.label}`) });
  const unsubscribe = policies.onUsage((event) => seen.push(`second:${event.label}`));
  const model = withCallPolicies(new FakeChatModel('openai:gpt-5-mini', () => reply('ok')), policies);
  await model.complete({ messages: [{ role: 'user', content: 'a' }], label: 'judge' });
  unsubscribe();
  await model.complete({ messages: [{ role: 'user', content: 'b' }] });
  assert.deepEqual(seen, ['first:judge', 'second:judge', 'first:unlabelled']);
  assert.deepEqual(Object.keys(policies.totals.byLabel()), ['judge', 'unlabelled']);
  assert.equal(policies.totals.costOrUnknown(), (2 * (100 * 0.25 + 50 * 2)) / 1e6);
});
