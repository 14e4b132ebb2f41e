/**
 * The built bundles (npm run build) keep each vendor SDK in its own file under
 * dist/vendor/ and load it on a model's first call. These tests run the real
 * dist/core.js: loading it parses no SDK, and each SDK-backed model still talks to
 * its vendor's wire format and maps an HTTP 429 through that SDK's own error class.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Core from '../../src/core';
import { mock, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';

const dist = resolve('dist');
const vendorFiles = ['anthropic-sdk.js', 'openai-sdk.js', 'google-genai-sdk.js'].map((name) => join(dist, 'vendor', name));
const requireFromHere = createRequire(__filename);

function loadBuiltCore(): typeof Core {
  const corePath = join(dist, 'core.js');
  if (!existsSync(corePath)) throw new Error(`${corePath} is missing: run \`npm run build\` before these tests.`);
  return requireFromHere(corePath) as typeof Core;
}

const vendorFilesLoaded = () => vendorFiles.filter((file) => requireFromHere.cache[file] !== undefined);

describe('the built core bundle and its vendor SDK files', () => {
  let core: typeof Core;
  let server: MockLlmServer;
  before(async () => {
    core = loadBuiltCore();
    server = await startMockLlmServer();
  });
  after(async () => {
    await server.close();
  });

  it('loads without parsing any vendor SDK', () => {
    assert.deepEqual(vendorFilesLoaded(), []);
  });

  const cases = [
    { spec: 'anthropic:claude-test', apiKeys: { anthropic: 'test-key' }, baseUrl: (s: MockLlmServer) => ({ anthropic: s.baseUrls.anthropic }) },
    { spec: 'openai:gpt-test', apiKeys: { openai: 'test-key' }, baseUrl: (s: MockLlmServer) => ({ openai: s.baseUrls.openai }) },
    { spec: 'google:gemini-test', apiKeys: { google: 'test-key' }, baseUrl: (s: MockLlmServer) => ({ google: s.baseUrls.google }) },
  ] as const;

  for (const { spec, apiKeys, baseUrl } of cases) {
    it(`${spec}: replies through its SDK, loaded on the first call`, async () => {
      server.reset();
      server.enqueue(mock.reply('bundled hello'));
      const model = core.createChatModel(spec, { trusted: false, apiKeys, baseUrls: baseUrl(server) });
      const response = await model.complete({ messages: [{ role: 'user', content: 'Hi' }] });
      assert.equal(response.text, 'bundled hello');
      assert.equal(server.requests.length, 1);
    });

    it(`${spec}: a 429 becomes a rate_limit failure with its retry-after, read through the SDK's error class`, async () => {
      server.reset();
      server.enqueue(mock.rateLimited({ seconds: 3 }));
      const model = core.createChatModel(spec, { trusted: false, apiKeys, baseUrls: baseUrl(server) });
      await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
        assert.ok(error instanceof core.ProviderCallError, `expected a ProviderCallError, got ${String(error)}`);
        assert.equal(error.kind, 'rate_limit');
        assert.equal(error.status, 429);
        assert.equal(error.retryAfterMs, 3000);
        return true;
      });
    });
  }

  it('has loaded each vendor file once the models were used', () => {
    assert.deepEqual(vendorFilesLoaded(), vendorFiles);
  });

  it('loads the SQL parser from dist/vendor/ on the first is-sql check, not before', async () => {
    const parserFile = join(dist, 'vendor', 'sql-parser.js');
    assert.equal(requireFromHere.cache[parserFile], undefined);
    const context = { task: { id: 'sql', prompt: 'Count the users' }, trusted: false, javascriptTimeoutMs: 1000 };
    const result = await core.runAssertion({ type: 'is-sql', value: { databaseType: 'PostgreSQL' } }, 'SELECT * FROM generate_series(1, 3)', context);
    assert.equal(result.reason, 'expected to be valid PostgreSQL; it is valid PostgreSQL');
    assert.notEqual(requireFromHere.cache[parserFile], undefined);
  });

  it('a core bundle copied without dist/vendor/ fails the call with what is missing and how to fix it', async () => {
    const alone = await mkdtemp(join(tmpdir(), 'core-without-vendor-'));
    try {
      await copyFile(join(dist, 'core.js'), join(alone, 'core.js'));
      const copied = requireFromHere(join(alone, 'core.js')) as typeof Core;
      const model = copied.createChatModel('openai:gpt-test', { trusted: false, apiKeys: { openai: 'test-key' }, baseUrls: { openai: server.baseUrls.openai } });
      for (let attempt = 0; attempt < 2; attempt++) {
        await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
          assert.ok(error instanceof copied.SkillTrainerError, String(error));
          assert.equal(error.code, 'provider_sdk_unavailable');
          assert.match(error.message, /could not be loaded: Cannot find module '\.\/vendor\/openai-sdk\.js'.*npm run build/s);
          return true;
        });
      }
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});
