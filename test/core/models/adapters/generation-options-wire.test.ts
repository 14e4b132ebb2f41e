import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, type ChatModel } from '../../../../src/core/models';
import type { ChatRequest } from '../../../../src/core/models/chat-model';
import { startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';

/** What the training roles send: effort, output limit and temperature. */
const request: ChatRequest = { messages: [{ role: 'user', content: 'hello' }], reasoningEffort: 'medium', maxOutputTokens: 16_384, temperature: 0.3 };

describe('reasoning effort, output limit and temperature reach the wire in each vendor’s own field names', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(() => server.close());

  async function send(model: ChatModel, overrides: Partial<ChatRequest> = {}): Promise<Record<string, unknown>> {
    server.reset();
    await model.complete({ ...request, ...overrides });
    return server.requests[0].body as Record<string, unknown>;
  }

  it('OpenAI: reasoning_effort, max_completion_tokens, temperature', async () => {
    const body = await send(createChatModel('openai:gpt-test', { trusted: false, apiKeys: { openai: 'k' }, baseUrls: { openai: server.baseUrls.openai } }));
    assert.equal(body.reasoning_effort, 'medium');
    assert.equal(body.max_completion_tokens, 16_384);
    assert.equal(body.temperature, 0.3);
  });

  it('OpenAI-compatible and Ollama: reasoning_effort, max_tokens, temperature', async () => {
    for (const model of [
      createChatModel('openai-compatible:qwen-test', { trusted: false, baseUrls: { 'openai-compatible': server.baseUrls.openai } }),
      createChatModel('ollama:llama-test', { trusted: false, baseUrls: { ollama: server.baseUrls.openai } }),
    ]) {
      const body = await send(model);
      assert.equal(body.reasoning_effort, 'medium', model.spec);
      assert.equal(body.max_tokens, 16_384, model.spec);
      assert.equal(body.temperature, 0.3, model.spec);
    }
  });

  it('Anthropic: a thinking budget below max_tokens (and no temperature, which thinking does not allow)', async () => {
    const model = createChatModel('anthropic:claude-test', { trusted: false, apiKeys: { anthropic: 'k' }, baseUrls: { anthropic: server.baseUrls.anthropic } });
    const body = await send(model);
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 8_192 });
    assert.equal(body.max_tokens, 16_384);
    assert.equal(body.temperature, undefined);
    // Without an effort, the temperature goes as it is; a limit too small for thinking sends none.
    const plain = await send(model, { reasoningEffort: undefined });
    assert.equal(plain.temperature, 0.3);
    assert.equal(plain.thinking, undefined);
    const small = await send(model, { maxOutputTokens: 1_500 });
    assert.equal(small.thinking, undefined);
    const high = await send(model, { reasoningEffort: 'high', maxOutputTokens: 16_384 });
    assert.deepEqual(high.thinking, { type: 'enabled', budget_tokens: 15_360 });
  });

  it('Google: thinkingConfig.thinkingBudget, maxOutputTokens, temperature', async () => {
    const body = await send(createChatModel('google:gemini-test', { trusted: false, apiKeys: { google: 'k' }, baseUrls: { google: server.baseUrls.google } }));
    const config = body.generationConfig as Record<string, unknown>;
    assert.deepEqual(config.thinkingConfig, { thinkingBudget: 8_192 });
    assert.equal(config.maxOutputTokens, 16_384);
    assert.equal(config.temperature, 0.3);
  });
});
