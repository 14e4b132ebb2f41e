import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, ProviderCallError, type ChatModel } from '../../../../src/core/models';
import { mock, startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';
import { describeHttpChatModelBehaviour } from './chat-model-behaviour-suite';
import { assertOpenAiJsonSchemaRequested, readBearer } from './openai-wire-assertions';

const key = 'test-openai-key';

function create(server: MockLlmServer, baseUrl = server.baseUrls.openai, requestTimeoutMs?: number): ChatModel {
  return createChatModel('openai:gpt-test', { trusted: false, apiKeys: { openai: key }, baseUrls: { openai: baseUrl }, requestTimeoutMs });
}

describeHttpChatModelBehaviour({
  title: 'openai adapter (behaviour suite)',
  key,
  create,
  createWithoutKey: (server) => createChatModel('openai:gpt-test', { trusted: false, baseUrls: { openai: server.baseUrls.openai } }),
  missingKeyVariable: 'OPENAI_API_KEY',
  assertJsonRequested: assertOpenAiJsonSchemaRequested,
  readParameters(request) {
    // OpenAI's reasoning models accept only max_completion_tokens.
    const body = request.body as { temperature?: number; max_completion_tokens?: number; max_tokens?: number };
    assert.equal(body.max_tokens, undefined);
    return { temperature: body.temperature, maxOutputTokens: body.max_completion_tokens };
  },
  readKey: readBearer,
});

describe('openai adapter specifics', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(async () => {
    await server.close();
  });

  it('reports the refusal text when the model refuses', async () => {
    server.enqueue(mock.refusal());
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.match(error.message, /declined to answer/);
      assert.match(error.message, /I cannot help with that/);
      return true;
    });
  });

  it('names the base URL when a 200 reply is JSON of another shape', async () => {
    server.enqueue(mock.raw(200, '{"object": "something.else"}'));
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'malformed_response');
      assert.match(error.message, /base URL/);
      assert.match(error.body ?? '', /something\.else/);
      return true;
    });
  });

  it('says the reply hit the token limit when it was cut off before any text', async () => {
    server.enqueue(
      mock.raw(200, JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: '' }, finish_reason: 'length' }] })),
    );
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), /output token limit/);
  });
});
