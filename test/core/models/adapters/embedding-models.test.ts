import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MissingApiKeyError, ProviderCallError } from '../../../../src/core/models';
import { createCallPolicies, withEmbeddingCallPolicies } from '../../../../src/core/models/policies';
import { createEmbeddingModel, EmbeddingUnsupportedError } from '../../../../src/core/models/embeddings/create-embedding-model';
import type { EmbeddingModel } from '../../../../src/core/models/embeddings/embedding-model';
import { simulatedEmbedding } from '../../../../src/core/models/sim/simulated-embedding-model';
import { mock, startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';

const texts = ['The refund window is 30 days.', 'We ship worldwide.'];

/** Retries without real waiting, so a 429 costs the test milliseconds. */
function fastPolicies() {
  return createCallPolicies({ retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
}

describe('embedding adapters against the mock vendor server', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  beforeEach(() => server.reset());
  after(async () => {
    await server.close();
  });

  const openai = (): EmbeddingModel =>
    createEmbeddingModel('openai:text-embedding-3-small', { trusted: false, apiKeys: { openai: 'test-openai-key' }, baseUrls: { openai: server.baseUrls.openai } });
  const google = (): EmbeddingModel =>
    createEmbeddingModel('google:gemini-embedding-001', { trusted: false, apiKeys: { google: 'test-google-key' }, baseUrls: { google: server.baseUrls.google } });

  it('openai: sends the texts as floats and puts the vectors back in input order', async () => {
    const response = await openai().embed({ texts });
    assert.deepEqual(response.vectors, texts.map(simulatedEmbedding));
    const [request] = server.requests;
    assert.equal(request.path, '/v1/embeddings');
    assert.deepEqual(request.body, { model: 'text-embedding-3-small', input: texts, encoding_format: 'float' });
    assert.equal(request.headers.authorization, 'Bearer test-openai-key');
    assert.ok(response.usage.inputTokens > 0);
    assert.equal(response.usage.outputTokens, 0);
  });

  it('google: sends one batchEmbedContents request and reads the vectors', async () => {
    const response = await google().embed({ texts });
    assert.deepEqual(response.vectors, texts.map(simulatedEmbedding));
    const [request] = server.requests;
    assert.equal(request.path, '/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.deepEqual(request.messages.map((message) => message.content), texts);
    assert.equal(request.headers['x-goog-api-key'], 'test-google-key');
  });

  for (const [name, make, rateLimited] of [
    ['openai', openai, () => mock.rateLimited({ ms: 1 })],
    ['google', google, () => mock.quotaExceeded(0)],
  ] as const) {
    it(`${name}: a 429 is retried by the call policies, and the retry's vectors are used`, async () => {
      server.enqueue(rateLimited());
      const policies = fastPolicies();
      const response = await withEmbeddingCallPolicies(make(), policies).embed({ texts, label: 'similar' });
      assert.deepEqual(response.vectors, texts.map(simulatedEmbedding));
      assert.equal(server.callCount, 2);
      assert.equal(policies.totals.byLabel().similar?.calls, 1);
    });

    it(`${name}: a 200 reply of another shape is a malformed_response naming the base URL`, async () => {
      server.enqueue(mock.raw(200, '{"object": "list", "items": [1, 2]}'));
      await assert.rejects(make().embed({ texts }), (error: unknown) => {
        assert.ok(error instanceof ProviderCallError);
        assert.equal(error.kind, 'malformed_response');
        assert.match(error.message, /base URL/);
        return true;
      });
    });

    it(`${name}: a body that is not JSON is a malformed_response, not a crash`, async () => {
      server.enqueue(mock.raw(200, 'garbage <html>', 'text/html'));
      await assert.rejects(make().embed({ texts }), (error: unknown) => error instanceof ProviderCallError && error.kind === 'malformed_response');
    });

    it(`${name}: fewer vectors than texts is refused`, async () => {
      server.enqueue(mock.refusal());
      await assert.rejects(make().embed({ texts }), (error: unknown) => error instanceof ProviderCallError && error.kind === 'malformed_response');
    });
  }

  it('a key the server echoes back never shows in the error', async () => {
    server.enqueue(mock.status(401, 'Incorrect API key provided: test-openai-key'));
    await assert.rejects(openai().embed({ texts }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'auth');
      assert.doesNotMatch(`${error.message} ${error.body ?? ''}`, /test-openai-key/);
      return true;
    });
  });
});

describe('createEmbeddingModel', () => {
  for (const spec of ['anthropic:claude-sonnet-4-5', 'claude-code', 'codex:gpt-5-codex', 'copilot:gpt-4o']) {
    it(`refuses ${spec}, which has no embeddings API, naming --embedding and examples`, () => {
      assert.throws(() => createEmbeddingModel(spec, { trusted: true }), (error: unknown) => {
        assert.ok(error instanceof EmbeddingUnsupportedError);
        assert.equal(error.code, 'embedding_unsupported');
        assert.match(error.message, /--embedding/);
        assert.match(error.message, /openai:text-embedding-3-small/);
        return true;
      });
    });
  }

  it('asks for the key of a vendor that needs one', () => {
    assert.throws(() => createEmbeddingModel('openai:text-embedding-3-small', { trusted: true }), MissingApiKeyError);
    assert.throws(() => createEmbeddingModel('google:gemini-embedding-001', { trusted: true }), MissingApiKeyError);
  });

  it('makes sim: embeddings offline, the same for the same text', async () => {
    const model = createEmbeddingModel('sim:embedding', { trusted: false });
    const { vectors } = await model.embed({ texts: ['a b c', 'a b c', ''] });
    assert.deepEqual(vectors[0], vectors[1]);
    assert.ok(vectors[2].every((value) => value === 0));
  });
});

describe('withEmbeddingCallPolicies', () => {
  it('prices a priced embedding model from its input tokens and counts it in the budget', async () => {
    const raw: EmbeddingModel = {
      spec: 'openai:text-embedding-3-small',
      provider: 'openai',
      model: 'text-embedding-3-small',
      embed: async () => ({ vectors: [[1, 0]], usage: { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, costUsd: null, latencyMs: 3 } }),
    };
    const policies = createCallPolicies();
    const { usage } = await withEmbeddingCallPolicies(raw, policies).embed({ texts: ['x'] });
    assert.equal(usage.costUsd, 0.02);
    assert.equal(policies.totals.total().costUsd, 0.02);
  });
});
