import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCallPolicies,
  DiskResponseCache,
  responseCacheKey,
  withCallPolicies,
  type UsageEvent,
} from '../../../../src/core/models/policies';
import type { ChatRequest } from '../../../../src/core/models/chat-model';
import { FakeChatModel, providerError, reply } from './fake-chat-model';

async function withTemporaryDirectory(run: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'skill-trainer-cache-'));
  try {
    await run(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

const ask: ChatRequest = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hello' }], temperature: 0.7 };

test('an identical call is answered from the cache: free, instant, flagged, counted as a hit', () =>
  withTemporaryDirectory(async (directory) => {
    const events: UsageEvent[] = [];
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => reply(`answer ${index}`, 1000, 200));
    const policies = createCallPolicies({ cache: new DiskResponseCache(directory), onUsage: (event) => events.push(event) });
    const model = withCallPolicies(fake, policies);

    const first = await model.complete({ ...ask, label: 'rollout' });
    const second = await model.complete({ ...ask, label: 'judge' });
    assert.equal(first.cached, false);
    assert.equal(second.cached, true);
    assert.equal(second.text, 'answer 0');
    assert.equal(fake.calls, 1, 'the label is not part of the key');
    assert.deepEqual(second.usage, { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, latencyMs: 0 });
    // What the call cost when it was made stays readable (cost and latency checks use it).
    assert.deepEqual(second.firstUsage, first.usage);
    assert.deepEqual(
      events.map((event) => [event.label, event.cached]),
      [
        ['rollout', false],
        ['judge', true],
      ],
    );
    assert.equal(policies.totals.total().cacheHits, 1);
    assert.equal(policies.budget.snapshot().tokensUsed, 1200, 'a hit spends nothing');

    const again = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    assert.equal((await again.complete(ask)).text, 'answer 0', 'the cache outlives the run (it is on disk)');
  }));

test('every ingredient of the key separates entries: model, parameters, messages, skill, sample index', () => {
  const model = { provider: 'openai', model: 'gpt-5-mini' };
  const base = responseCacheKey(model, ask);
  const variants = [
    responseCacheKey({ provider: 'openai', model: 'gpt-5' }, ask),
    responseCacheKey({ provider: 'openai-compatible', model: 'gpt-5-mini' }, ask),
    responseCacheKey(model, { ...ask, temperature: 0.2 }),
    responseCacheKey(model, { ...ask, maxOutputTokens: 10 }),
    responseCacheKey(model, { ...ask, jsonSchema: { name: 'x', schema: { type: 'object' } } }),
    responseCacheKey(model, { ...ask, messages: [{ role: 'user', content: 'hello' }] }),
    responseCacheKey(model, { ...ask, messages: [{ role: 'user', content: 'be brief' }, { role: 'user', content: 'hello' }] }),
    responseCacheKey(model, { ...ask, skill: { name: 'demo', text: 'Do X.' } }),
    responseCacheKey(model, { ...ask, sampleIndex: 1 }),
  ];
  assert.equal(new Set([base, ...variants]).size, variants.length + 1);
  assert.equal(responseCacheKey(model, { ...ask, sampleIndex: 0 }), base, 'sampleIndex defaults to 0');
  assert.equal(responseCacheKey(model, { ...ask, label: 'x', signal: new AbortController().signal }), base);
  assert.match(base, /^[0-9a-f]{64}$/);
});

test('repeated samples (sampleIndex) are stored and answered separately', () =>
  withTemporaryDirectory(async (directory) => {
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => reply(`sample ${index}`));
    const model = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    const texts = [];
    for (const sampleIndex of [0, 1, 2, 0, 1, 2]) texts.push((await model.complete({ ...ask, sampleIndex })).text);
    assert.deepEqual(texts, ['sample 0', 'sample 1', 'sample 2', 'sample 0', 'sample 1', 'sample 2']);
    assert.equal(fake.calls, 3);
  }));

test('errors are never cached', () =>
  withTemporaryDirectory(async (directory) => {
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => {
      if (index === 0) throw providerError('bad_request', { status: 400 });
      return reply('ok now');
    });
    const model = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    await assert.rejects(model.complete(ask));
    assert.deepEqual(await readdir(directory), []);
    assert.equal((await model.complete(ask)).text, 'ok now');
    assert.equal(fake.calls, 2);
  }));

test('cache: false bypasses the cache', () =>
  withTemporaryDirectory(async (directory) => {
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => reply(`answer ${index}`));
    const warm = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    await warm.complete(ask);
    const bypassing = withCallPolicies(fake, createCallPolicies({ cache: false }));
    assert.equal((await bypassing.complete(ask)).text, 'answer 1');
    assert.equal((await bypassing.complete(ask)).cached, false);
    assert.equal(fake.calls, 3);
  }));

test('simulated models are never cached: edited task hints must change their answers', () =>
  withTemporaryDirectory(async (directory) => {
    const fake = new FakeChatModel('sim:default', (_request, index) => reply(`answer ${index}`));
    const model = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    await model.complete(ask);
    const second = await model.complete(ask);
    assert.equal(second.text, 'answer 1');
    assert.equal(second.cached, false);
    assert.deepEqual(await readdir(directory), [], 'nothing written for sim calls');
  }));

test('a corrupt or foreign cache file is ignored and replaced, never fatal', () =>
  withTemporaryDirectory(async (directory) => {
    const cache = new DiskResponseCache(directory);
    const fake = new FakeChatModel('openai:gpt-5-mini', (_request, index) => reply(`fresh ${index}`));
    const key = responseCacheKey(fake, ask);
    const path = join(directory, key.slice(0, 2), `${key}.json`);
    await withCallPolicies(fake, createCallPolicies({ cache })).complete(ask);
    for (const damage of ['{"version":1,"key":"', 'null', JSON.stringify({ version: 1, key: 'other', response: { text: 'x' } })]) {
      await writeFile(path, damage);
      assert.equal(await cache.get(key), undefined);
    }
    const model = withCallPolicies(fake, createCallPolicies({ cache }));
    assert.equal((await model.complete(ask)).text, 'fresh 1');
    assert.equal((await model.complete(ask)).text, 'fresh 1', 'the damaged entry was replaced');
    const stored = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(stored.key, key);
    assert.deepEqual((await readdir(join(directory, key.slice(0, 2)))).filter((name) => name.endsWith('.tmp')), []);
  }));

test('a cache that cannot be written does not fail the call', async () => {
  const fake = new FakeChatModel('openai:gpt-5-mini', () => reply('paid for'));
  const brokenCache = {
    get: async () => undefined,
    set: async () => {
      throw new Error('ENOSPC: no space left on device');
    },
  };
  const model = withCallPolicies(fake, createCallPolicies({ cache: brokenCache }));
  assert.equal((await model.complete(ask)).text, 'paid for');
});

test("an agent's trajectory is cached with its reply (eval re-runs show it too)", () =>
  withTemporaryDirectory(async (directory) => {
    const trajectory = { steps: [{ type: 'text' as const, text: 'Looking.' }, { type: 'tool_call' as const, name: 'Read', input: '{"file_path":"a"}' }], skippedLines: 0 };
    const fake = new FakeChatModel('codex', () => ({ ...reply('answer'), trajectory }));
    const model = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    assert.deepEqual((await model.complete(ask)).trajectory, trajectory);
    const again = withCallPolicies(fake, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    const hit = await again.complete(ask);
    assert.equal(hit.cached, true);
    assert.deepEqual(hit.trajectory, trajectory);
    assert.equal(fake.calls, 1);
  }));
