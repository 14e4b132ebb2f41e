import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, type ChatModel } from '../../../../src/core/models';
import { mock, startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';
import { describeHttpChatModelBehaviour } from './chat-model-behaviour-suite';

const key = 'test-anthropic-key';

function create(server: MockLlmServer, baseUrl = server.baseUrls.anthropic, requestTimeoutMs?: number): ChatModel {
  return createChatModel('anthropic:claude-test', { trusted: false, apiKeys: { anthropic: key }, baseUrls: { anthropic: baseUrl }, requestTimeoutMs });
}

describeHttpChatModelBehaviour({
  title: 'anthropic adapter (behaviour suite)',
  key,
  create,
  createWithoutKey: (server) => createChatModel('anthropic:claude-test', { trusted: false, baseUrls: { anthropic: server.baseUrls.anthropic } }),
  missingKeyVariable: 'ANTHROPIC_API_KEY',
  assertJsonRequested(request, schemaName) {
    // Messages has no JSON mode every model accepts: the schema goes into the system text.
    const system = request.messages.find((message) => message.role === 'system');
    assert.ok(system, 'a system message carries the JSON instruction');
    assert.match(system.content, new RegExp(`JSON Schema "${schemaName}"`));
    assert.match(system.content, /"verdicts"/);
  },
  readParameters(request) {
    const body = request.body as { temperature?: number; max_tokens?: number };
    return { temperature: body.temperature, maxOutputTokens: body.max_tokens };
  },
  readKey(request) {
    const header = request.headers['x-api-key'] ?? request.headers.authorization;
    return typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
  },
});

describe('anthropic adapter specifics', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(async () => {
    await server.close();
  });

  it('always sends max_tokens (required by Messages), defaulting to 8192', async () => {
    await create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal((server.requests[0].body as { max_tokens: number }).max_tokens, 8192);
  });

  it('caps temperature at 1, the top of Anthropic’s range', async () => {
    server.reset();
    await create(server).complete({ messages: [{ role: 'user', content: 'Hi' }], temperature: 1.7 });
    assert.equal((server.requests[0].body as { temperature: number }).temperature, 1);
  });

  it('keeps the caller’s system text before the JSON instruction', async () => {
    server.reset();
    await create(server).complete({
      messages: [{ role: 'system', content: 'You grade essays.' }, { role: 'user', content: 'Grade.' }],
      jsonSchema: { name: 'grade', schema: { type: 'object' } },
    });
    const system = (server.requests[0].body as { system: string }).system;
    assert.ok(system.startsWith('You grade essays.\n\n'), system);
    assert.match(system, /Write only the JSON/);
  });

  it('says the reply hit the token limit when stop_reason is max_tokens with no text', async () => {
    server.reset();
    server.enqueue(mock.empty());
    await assert.rejects(create(server).complete({ messages: [{ role: 'user', content: 'Hi' }] }), /no text/);
  });
});
