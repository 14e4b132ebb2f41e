import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  costAtPrice,
  createCallPolicies,
  estimateCallCost,
  lookupPrice,
  normalizeModelId,
  resolveCallCost,
  withCallPolicies,
} from '../../../../src/core/models/policies';
import type { Usage } from '../../../../src/core/models/chat-model';
import { FakeChatModel, reply } from './fake-chat-model';

const usage = (inputTokens: number, outputTokens: number, cachedInputTokens = 0, costUsd: number | null = null): Usage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens,
  costUsd,
  latencyMs: 0,
});

test('model ids are matched whole, after dropping date snapshots and prefixes', () => {
  assert.equal(normalizeModelId('claude-sonnet-4-5-20250929'), 'claude-sonnet-4-5');
  assert.equal(normalizeModelId('gpt-5-mini-2025-08-07'), 'gpt-5-mini');
  assert.equal(normalizeModelId('models/gemini-2.5-flash'), 'gemini-2.5-flash');
  assert.equal(lookupPrice('anthropic', 'claude-sonnet-4-5-20250929')?.price.inputUsdPerMillion, 3);
  assert.equal(lookupPrice('openai', 'gpt-5-mini')?.price.outputUsdPerMillion, 2);
  assert.equal(lookupPrice('openai', 'gpt-5-nano')?.price.inputUsdPerMillion, 0.05);
  assert.equal(lookupPrice('google', 'gemini-2.5-flash-lite')?.price.outputUsdPerMillion, 0.4);
  assert.equal(lookupPrice('openai', 'gpt-5.9'), undefined, 'never priced as its prefix gpt-5');
  assert.equal(lookupPrice('anthropic', 'gpt-5'), undefined, 'prices are per vendor');
  assert.equal(lookupPrice('ollama', 'llama3.1'), undefined);
});

test('cost splits cached and uncached input and prices output', () => {
  // gpt-5: $1.25 in, $0.125 cached, $10 out per million.
  const price = lookupPrice('openai', 'gpt-5')!.price;
  assert.ok(Math.abs(costAtPrice(price, usage(1_000_000, 100_000, 400_000)) - (0.6 * 1.25 + 0.4 * 0.125 + 1)) < 1e-12);
  assert.equal(costAtPrice({ inputUsdPerMillion: 2, outputUsdPerMillion: 4 }, usage(1_000_000, 0, 1_000_000)), 2, 'no cached price: input price');
});

test('unknown prices are null, never 0; sim is free; local providers need an override', () => {
  assert.equal(resolveCallCost('openai', 'gpt-unknown', usage(10, 10, 0, 0)), null, 'an adapter saying 0 does not make it free');
  assert.equal(resolveCallCost('ollama', 'llama3.1', usage(10, 10, 0, 0)), null);
  assert.equal(resolveCallCost('openai-compatible', 'qwen', usage(10, 10)), null);
  assert.equal(resolveCallCost('sim', 'anything', usage(10, 10, 0, null)), 0);
  const overridden = resolveCallCost('ollama', 'llama3.1', usage(1_000_000, 1_000_000), { 'ollama:llama3.1': { inputUsdPerMillion: 0, outputUsdPerMillion: 0 } });
  assert.equal(overridden, 0, 'a price of 0 set on purpose is free');
  const byModelName = resolveCallCost('openai-compatible', 'qwen', usage(1_000_000, 0), { qwen: { inputUsdPerMillion: 0.5, outputUsdPerMillion: 1 } });
  assert.equal(byModelName, 0.5);
  const overrideWins = resolveCallCost('openai', 'gpt-5', usage(1_000_000, 0), { 'openai:gpt-5': { inputUsdPerMillion: 9, outputUsdPerMillion: 9 } });
  assert.equal(overrideWins, 9);
});

test('agent CLIs keep the cost they report, else are priced by their vendor table', () => {
  assert.equal(resolveCallCost('claude-code', 'claude-sonnet-4-5', usage(1_000_000, 0, 0, 0.42)), 0.42);
  assert.equal(resolveCallCost('codex', 'gpt-5', usage(1_000_000, 0, 0, null)), 1.25);
  assert.equal(resolveCallCost('codex', '', usage(1_000_000, 0, 0, null)), null);
  assert.equal(resolveCallCost('copilot', 'gpt-4o', usage(10, 10, 0, null)), null);
  assert.equal(resolveCallCost('scripted', 'x', usage(10, 10, 0, 0)), 0, 'other models keep what they report');
});

test('estimates use the same prices', () => {
  assert.equal(estimateCallCost('google', 'gemini-2.5-pro', { inputTokens: 1_000_000, outputTokens: 100_000 }), 2.25);
  assert.equal(estimateCallCost('ollama', 'llama3.1', { inputTokens: 1, outputTokens: 1 }), null);
  assert.equal(estimateCallCost('sim', 'x', { inputTokens: 1, outputTokens: 1 }), 0);
});

test('the wrapper prices each call and measures its latency', async () => {
  const fake = new FakeChatModel('anthropic:claude-haiku-4-5', async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return reply('ok', 2_000, 1_000, 1_000);
  });
  const response = await withCallPolicies(fake, createCallPolicies()).complete({ messages: [{ role: 'user', content: 'hi' }] });
  // Haiku 4.5: $1 in, $0.10 cached, $5 out per million.
  assert.ok(Math.abs(response.usage.costUsd! - (1000 * 1 + 1000 * 0.1 + 1000 * 5) / 1e6) < 1e-12);
  assert.ok(response.usage.latencyMs >= 15, `latency ${response.usage.latencyMs} ms`);
});
