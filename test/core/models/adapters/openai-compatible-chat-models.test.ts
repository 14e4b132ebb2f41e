import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatModel, MissingBaseUrlError } from '../../../../src/core/models';
import type { MockRequest } from '../../../support/mock-llm-server';
import { describeHttpChatModelBehaviour } from './chat-model-behaviour-suite';
import { assertOpenAiJsonSchemaRequested, readBearer } from './openai-wire-assertions';

function readLocalServerParameters(request: MockRequest) {
  // Local servers know max_tokens; not all know max_completion_tokens.
  const body = request.body as { temperature?: number; max_tokens?: number };
  return { temperature: body.temperature, maxOutputTokens: body.max_tokens };
}

describeHttpChatModelBehaviour({
  title: 'ollama adapter (behaviour suite)',
  key: undefined,
  create: (server, baseUrl = server.baseUrls.openai, requestTimeoutMs) =>
    createChatModel('ollama:llama-test:8b', { trusted: false, baseUrls: { ollama: baseUrl }, requestTimeoutMs }),
  createWithoutKey: (server) => createChatModel('ollama:llama-test:8b', { trusted: false, baseUrls: { ollama: server.baseUrls.openai } }),
  assertJsonRequested: assertOpenAiJsonSchemaRequested,
  readParameters: readLocalServerParameters,
  readKey: readBearer,
});

const compatibleKey = 'test-gateway-key';

describeHttpChatModelBehaviour({
  title: 'openai-compatible adapter (behaviour suite)',
  key: compatibleKey,
  create: (server, baseUrl = server.baseUrls.openai, requestTimeoutMs) =>
    createChatModel('openai-compatible:qwen-test', {
      trusted: false,
      apiKeys: { 'openai-compatible': compatibleKey },
      baseUrls: { 'openai-compatible': baseUrl },
      requestTimeoutMs,
    }),
  createWithoutKey: (server) =>
    createChatModel('openai-compatible:qwen-test', { trusted: false, baseUrls: { 'openai-compatible': server.baseUrls.openai } }),
  assertJsonRequested: assertOpenAiJsonSchemaRequested,
  readParameters: readLocalServerParameters,
  readKey: readBearer,
});

describe('OpenAI-compatible providers', () => {
  it('ollama defaults to the local Ollama server', () => {
    const model = createChatModel('ollama:llama3.1', { trusted: false });
    assert.equal(model.spec, 'ollama:llama3.1');
    assert.equal(model.model, 'llama3.1');
  });

  it('openai-compatible without a base URL names the variable to set', () => {
    assert.throws(
      () => createChatModel('openai-compatible:qwen', { trusted: false }),
      (error: unknown) => error instanceof MissingBaseUrlError && /OPENAI_COMPATIBLE_BASE_URL/.test(error.message),
    );
  });
});
