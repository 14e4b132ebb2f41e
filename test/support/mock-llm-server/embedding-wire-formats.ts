/**
 * The embedding routes of the mock server: OpenAI's `POST /v1/embeddings` (also what
 * Ollama and OpenAI-compatible servers serve) and Gemini's
 * `POST /v1beta/models/{model}:batchEmbedContents` (what `@google/genai`'s
 * `embedContent` sends). Each input text is one user message of the recorded request;
 * a `reply` answers with the simulated world's embedding of each text (a hashed bag of
 * words), so tests know the similarities to expect. Errors look like the vendor's chat errors.
 */
import { simulatedEmbedding } from '../../../src/core/models/sim/simulated-embedding-model';
import type { MockRequest } from './mock-behaviours';
import { googleWireFormat, openAiWireFormat, type VendorWireFormat } from './vendor-wire-formats';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function inputsOf(request: MockRequest): string[] {
  return request.messages.map((message) => message.content);
}

export const openAiEmbeddingsWireFormat: VendorWireFormat = {
  vendor: 'openai',
  matchRoute: (method, path) => (method === 'POST' && path === '/v1/embeddings' ? {} : undefined),
  normalize(body) {
    const fields = record(body);
    const input = Array.isArray(fields.input) ? fields.input : [fields.input];
    return { model: String(fields.model ?? ''), messages: input.map((text) => ({ role: 'user' as const, content: String(text ?? '') })), jsonMode: false, tools: [] };
  },
  replyBody(request, _text, usage) {
    return {
      object: 'list',
      // Listed last to first, with their index: clients must put them back in order.
      data: inputsOf(request)
        .map((text, index) => ({ object: 'embedding', index, embedding: simulatedEmbedding(text) }))
        .reverse(),
      model: request.model,
      usage: { prompt_tokens: usage.inputTokens, total_tokens: usage.inputTokens },
    };
  },
  refusalBody: (request) => ({ object: 'list', data: [], model: request.model }),
  errorBody: (status, message) => openAiWireFormat.errorBody(status, message),
};

export const googleEmbeddingsWireFormat: VendorWireFormat = {
  vendor: 'google',
  matchRoute(method, path) {
    const match = /^\/v1(?:beta)?\/models\/([^/:]+):batchEmbedContents$/.exec(path);
    return method === 'POST' && match ? { model: decodeURIComponent(match[1]) } : undefined;
  },
  normalize(body, routeModel) {
    const requests = Array.isArray(record(body).requests) ? (record(body).requests as unknown[]) : [];
    const messages = requests.map((request) => {
      const parts = record(record(request).content).parts;
      const text = Array.isArray(parts) ? parts.map((part) => String(record(part).text ?? '')).join('') : '';
      return { role: 'user' as const, content: text };
    });
    return { model: routeModel ?? '', messages, jsonMode: false, tools: [] };
  },
  replyBody: (request) => ({ embeddings: inputsOf(request).map((text) => ({ values: simulatedEmbedding(text) })) }),
  refusalBody: () => ({ embeddings: [] }),
  errorBody: (status, message, retryDelaySeconds) => googleWireFormat.errorBody(status, message, retryDelaySeconds),
};

export const embeddingWireFormats: VendorWireFormat[] = [openAiEmbeddingsWireFormat, googleEmbeddingsWireFormat];
