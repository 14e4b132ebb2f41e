import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, ProviderCallError, type ChatModel } from '../../../../src/core/models';
import { mock, startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';
import { describeHttpChatModelBehaviour } from './chat-model-behaviour-suite';

const key = 'test-gemini-key';

function create(server: MockLlmServer, baseUrl = server.baseUrls.google, requestTimeoutMs?: number): ChatModel {
  return createChatModel('google:gemini-test', { trusted: false, apiKeys: { google: key }, baseUrls: { google: baseUrl }, requestTimeoutMs });
}

type GeminiBody = {
  generationConfig?: { temperature?: number; maxOutputTokens?: number; responseMimeType?: string; responseJsonSchema?: unknown };
};

describeHttpChatModelBehaviour({
  title: 'google adapter (behaviour suite)',
  key,
  create,
  createWithoutKey: (server) => createChatModel('google:gemini-test', { trusted: false, baseUrls: { google: server.baseUrls.google } }),
  missingKeyVariable: 'GEMINI_API_KEY',
  assertJsonRequested(request) {
    const config = (request.body as GeminiBody).generationConfig;
    assert.equal(config?.responseMimeType, 'application/json');
    assert.deepEqual(config?.responseJsonSchema, request.jsonSchema);
    assert.ok(request.jsonSchema, 'the schema is sent');
  },
  readParameters(request) {
    const config = (request.body as GeminiBody).generationConfig;
    return { temperature: config?.temperature, maxOutputTokens: config?.maxOutputTokens };
  },
  readKey(request) {
    const header = request.headers['x-goog-api-key'];
    return typeof header === 'string' ? header : undefined;
  },
});

describe('google adapter specifics', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(async () => {
    await server.close();
  });

  it('reads the wait from RetryInfo in the error body, where the Gemini API puts it', async () => {
    server.enqueue(mock.quotaExceeded(37));
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'rate_limit');
      assert.equal(error.retryAfterMs, 37_000);
      return true;
    });
  });

  it('counts thinking tokens as output', async () => {
    server.enqueue(
      mock.raw(
        200,
        JSON.stringify({
          candidates: [{ content: { role: 'model', parts: [{ text: 'thought', thought: true }, { text: 'answer' }] }, finishReason: 'STOP' }],
          usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 3, thoughtsTokenCount: 40 },
        }),
      ),
    );
    const response = await create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(response.text, 'answer', 'thought parts are not the answer');
    assert.equal(response.usage.outputTokens, 43);
  });

  it('says the prompt was blocked on a safety block', async () => {
    server.enqueue(mock.refusal());
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), /prompt blocked: SAFETY/);
  });
});
