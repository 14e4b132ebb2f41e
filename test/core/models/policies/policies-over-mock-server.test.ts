import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAiChatModel } from '../../../../src/core/models/adapters/openai-chat-model';
import { AnthropicChatModel } from '../../../../src/core/models/adapters/anthropic-chat-model';
import { CallAbortedError, ProviderCallError } from '../../../../src/core/models/model-errors';
import { createCallPolicies, DiskResponseCache, withCallPolicies, type CallPoliciesOptions } from '../../../../src/core/models/policies';
import { mock, startMockLlmServer, type MockLlmServer } from '../../../support/mock-llm-server';

/** The real OpenAI adapter, pointed at the mock server, behind the policies. */
function openAiThroughPolicies(server: MockLlmServer, options: CallPoliciesOptions) {
  const policies = createCallPolicies(options);
  const adapter = new OpenAiChatModel({ provider: 'openai', model: 'gpt-5-mini', apiKey: 'test-key', baseUrl: server.baseUrls.openai });
  return { policies, model: withCallPolicies(adapter, policies) };
}

const ask = (n: number) => ({ messages: [{ role: 'user' as const, content: `task ${n}` }], label: 'rollout' });

async function withServer(options: Parameters<typeof startMockLlmServer>[0], run: (server: MockLlmServer) => Promise<void>) {
  const server = await startMockLlmServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

test('a 429 storm completes without losing a task, and the limit drops then recovers', () =>
  withServer({ latencyMs: 5 }, async (server) => {
    // The first 60 calls are refused with 429 + retry-after-ms 20, whoever makes them.
    server.setResponder((request) =>
      request.index < 60 ? mock.rateLimited({ ms: 20 }) : mock.reply(`done: ${request.messages.at(-1)!.content}`),
    );
    const { policies, model } = openAiThroughPolicies(server, {
      maxConcurrency: 8,
      successesToGrow: 2,
      retry: { maxAttempts: 30, baseDelayMs: 5, maxDelayMs: 50 },
    });
    const limiter = policies.limiters.forProvider('openai');
    let lowest = limiter.limit;
    const watcher = setInterval(() => (lowest = Math.min(lowest, limiter.limit)), 1);
    const replies = await Promise.all(Array.from({ length: 40 }, (_, n) => model.complete(ask(n))));
    clearInterval(watcher);

    assert.deepEqual(
      replies.map((reply) => reply.text),
      Array.from({ length: 40 }, (_, n) => `done: task ${n}`),
    );
    assert.equal(server.callCount, 100, '60 refused + 40 answered: no task lost, none sent twice after success');
    assert.ok(lowest < 8, `the limit fell during the storm (lowest ${lowest})`);
    assert.ok(limiter.limit > lowest, `and crept back up after it (now ${limiter.limit})`);
    assert.ok(limiter.limit <= 8);
    assert.equal(policies.totals.total().calls, 40);
    await server.waitForOpenSockets(0);
  }));

test("the server's retry-after is waited out through the real adapter", () =>
  withServer({}, async (server) => {
    server.enqueue(mock.rateLimited({ ms: 300 }), mock.reply('after the wait'));
    const { model } = openAiThroughPolicies(server, { retry: { baseDelayMs: 1 } });
    const started = performance.now();
    const reply = await model.complete(ask(1));
    assert.equal(reply.text, 'after the wait');
    assert.ok(performance.now() - started >= 290, `waited ${performance.now() - started} ms`);
  }));

test('a 401 is not retried, a 500 is', () =>
  withServer({}, async (server) => {
    server.enqueue(mock.unauthorized());
    const { model } = openAiThroughPolicies(server, { retry: { baseDelayMs: 1 } });
    await assert.rejects(model.complete(ask(1)), (error: unknown) => error instanceof ProviderCallError && error.kind === 'auth');
    assert.equal(server.callCount, 1);
    server.enqueue(mock.serverError(503), mock.serverError(500), mock.reply('third time'));
    assert.equal((await model.complete(ask(2))).text, 'third time');
    assert.equal(server.callCount, 4);
  }));

/**
 * Node 20's fetch (undici) closes an aborted request's socket at once, but then opens
 * one spare connection that never carries a request (nodejs/undici#5845) and lets it
 * idle until its keep-alive timeout (~4 s). So "no socket left behind" is checked as:
 * no further request reaches the server, and every socket is gone within 8 s.
 */
const socketsGoneWithinMs = 8000;

test('timeouts and aborts cancel at once, send nothing more and leave no socket behind', () =>
  withServer({ latencyMs: 10_000 }, async (server) => {
    // A reply slower than the per-call timeout fails as kind 'timeout'.
    const timing = openAiThroughPolicies(server, { timeoutMs: 150, retry: { maxAttempts: 1 } });
    let started = performance.now();
    await assert.rejects(timing.model.complete(ask(0)), (error: unknown) => error instanceof ProviderCallError && error.kind === 'timeout');
    assert.ok(performance.now() - started < 2000);
    assert.equal(server.callCount, 1);

    // Abort cancels queued and in-flight calls at once.
    const { policies, model } = openAiThroughPolicies(server, { maxConcurrency: 3 });
    const controller = new AbortController();
    const outcomes = Array.from({ length: 7 }, (_, n) =>
      model.complete({ ...ask(n), signal: controller.signal }).then(
        () => 'resolved',
        (error: unknown) => error,
      ),
    );
    for (let waited = 0; server.callCount < 4 && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(server.callCount, 4, 'three in flight at the server');
    assert.equal(policies.limiters.forProvider('openai').queued, 4);

    started = performance.now();
    controller.abort();
    const results = await Promise.all(outcomes);
    assert.ok(performance.now() - started < 2000, 'nobody waits for the 10 s server');
    for (const result of results) assert.ok(result instanceof CallAbortedError, String(result));
    await server.waitForOpenSockets(0, socketsGoneWithinMs);
    assert.equal(server.callCount, 4, 'queued calls were never sent');
  }));

test('the disk cache answers a repeated call without reaching the server', () =>
  withServer({}, async (server) => {
    const directory = await mkdtemp(join(tmpdir(), 'skill-trainer-cache-'));
    try {
      const { policies, model } = openAiThroughPolicies(server, { cache: new DiskResponseCache(directory) });
      const first = await model.complete(ask(1));
      const second = await model.complete(ask(1));
      assert.equal(server.callCount, 1);
      assert.equal(second.text, first.text);
      assert.equal(second.cached, true);
      assert.ok(first.usage.costUsd! > 0, 'gpt-5-mini is priced');
      assert.equal(policies.totals.total().cacheHits, 1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }));

test('the same policies govern another vendor through its own adapter and limiter', () =>
  withServer({}, async (server) => {
    server.enqueue(mock.rateLimited({ ms: 10 }), mock.reply('from claude'));
    const policies = createCallPolicies({ retry: { baseDelayMs: 1 } });
    const adapter = new AnthropicChatModel({ model: 'claude-haiku-4-5', apiKey: 'test-key', baseUrl: server.baseUrls.anthropic });
    const reply = await withCallPolicies(adapter, policies).complete(ask(1));
    assert.equal(reply.text, 'from claude');
    assert.equal(policies.limiters.forProvider('anthropic').limit, 4);
    assert.equal(policies.limiters.forProvider('openai').limit, 8);
  }));
