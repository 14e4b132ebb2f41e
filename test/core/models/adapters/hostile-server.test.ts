/**
 * Each vendor adapter, behind the call policies, against a server that fails in every
 * way a real one (or a proxy in front of it) can: dropped connections, stalled bodies,
 * HTML pages, wrong shapes, redirects, absurd retry-after values, echoed keys. Checked:
 * the failure kind, whether it was retried, a message naming the model, the base URL
 * and the fix, no key anywhere in the error, and that nothing hangs.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { CallAbortedError, createChatModel, ProviderCallError, type ChatModel, type ProviderFailureKind } from '../../../../src/core/models';
import type { HttpProvider } from '../../../../src/core/models/model-spec';
import { createCallPolicies, withCallPolicies, type CallPoliciesOptions } from '../../../../src/core/models/policies';
import { mock, startMockLlmServer, type MockBehaviour, type MockLlmServer, type MockVendor } from '../../../support/mock-llm-server';
import { rejection } from './rejection';

const key = 'sk-hostile-test-key-0123456789';

const vendors: { vendor: MockVendor; provider: HttpProvider; spec: string; keyVariable: string }[] = [
  { vendor: 'openai', provider: 'openai', spec: 'openai:gpt-hostile', keyVariable: 'OPENAI_API_KEY' },
  { vendor: 'anthropic', provider: 'anthropic', spec: 'anthropic:claude-hostile', keyVariable: 'ANTHROPIC_API_KEY' },
  { vendor: 'google', provider: 'google', spec: 'google:gemini-hostile', keyVariable: 'GEMINI_API_KEY' },
];

/** Each vendor's call route on the mock server, where a followed redirect would land. */
const vendorRoutes: Record<MockVendor, string> = {
  openai: '/v1/chat/completions',
  anthropic: '/v1/messages',
  google: '/v1beta/models/gemini-hostile:generateContent',
};

/** Fast retries, so a retried failure shows up as a call count, not as time. */
const quickRetries: CallPoliciesOptions = { timeoutMs: 5000, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 } };

function policedModel(provider: HttpProvider, spec: string, baseUrl: string, options: CallPoliciesOptions = quickRetries): ChatModel {
  const adapter = createChatModel(spec, { trusted: false, apiKeys: { [provider]: key }, baseUrls: { [provider]: baseUrl } });
  return withCallPolicies(adapter, createCallPolicies(options));
}

const ask = (signal?: AbortSignal) => ({ messages: [{ role: 'user' as const, content: 'Hi' }], signal });

/** Every failure: typed, names model and base URL, and never carries the key, not even down its causes. */
function assertWellFormedFailure(error: unknown, model: ChatModel, kind: ProviderFailureKind): asserts error is ProviderCallError {
  assert.ok(error instanceof ProviderCallError, `expected ProviderCallError, got ${inspect(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.provider, model.provider);
  assert.ok(error.message.includes(model.spec), `names the model: ${error.message}`);
  assert.ok(model.endpoint && error.message.includes(model.endpoint), `names the base URL: ${error.message}`);
  assert.ok(!inspect(error, { depth: 12 }).includes(key), `the key leaks: ${inspect(error, { depth: 12 })}`);
}

const htmlPage = (title: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`;

interface HostileCase {
  name: string;
  behaviours: MockBehaviour[];
  kind: ProviderFailureKind;
  /** Calls the server saw: 1 when not retried, 3 (every attempt) when retried (an unusable 200 is retried like a 5xx). */
  calls: number;
  message?: RegExp;
}

function hostileCases(keyVariable: string): HostileCase[] {
  const three = (behaviour: MockBehaviour) => [behaviour, behaviour, behaviour];
  return [
    { name: 'the connection dropped before any response', behaviours: three(mock.hangUp()), kind: 'network', calls: 3, message: /gave up after 3 attempts/ },
    { name: 'a body cut off mid-way', behaviours: three(mock.truncated()), kind: 'network', calls: 3 },
    { name: '200 with an HTML page', behaviours: three(mock.raw(200, htmlPage('Sign in to the proxy'), 'text/html')), kind: 'malformed_response', calls: 3, message: /HTML page.*base URL/ },
    { name: '200 with plain text', behaviours: three(mock.raw(200, 'It works!', 'text/plain')), kind: 'malformed_response', calls: 3, message: /base URL/ },
    { name: '200 with an error object', behaviours: three(mock.raw(200, JSON.stringify({ error: { message: 'Upstream said no', type: 'x' } }))), kind: 'malformed_response', calls: 3 },
    { name: '200 with an empty choice list', behaviours: three(mock.raw(200, JSON.stringify({ choices: [], content: [], candidates: [] }))), kind: 'malformed_response', calls: 3 },
    { name: '200 with null content', behaviours: three(mock.raw(200, JSON.stringify({ choices: [{ message: { content: null } }], content: null, candidates: null }))), kind: 'malformed_response', calls: 3 },
    { name: '200 with JSON null', behaviours: three(mock.raw(200, 'null')), kind: 'malformed_response', calls: 3 },
    { name: '200 gzip-labelled but not gzip', behaviours: three(mock.raw(200, '{"choices": []}', 'application/json', { 'content-encoding': 'gzip' })), kind: 'malformed_response', calls: 3, message: /content-encoding/ },
    { name: "a proxy's 502 page", behaviours: three(mock.htmlPage(502, '502 Bad Gateway')), kind: 'server', calls: 3, message: /HTML page \("502 Bad Gateway"\).*proxy/ },
    { name: "a proxy's 503 page", behaviours: three(mock.htmlPage(503, '503 Service Temporarily Unavailable')), kind: 'server', calls: 3, message: /503 Service Temporarily Unavailable/ },
    { name: "a proxy's 504 page", behaviours: three(mock.htmlPage(504, '504 Gateway Time-out')), kind: 'server', calls: 3, message: /504 Gateway Time-out/ },
    { name: '529 overloaded', behaviours: three(mock.status(529, 'Overloaded')), kind: 'server', calls: 3, message: /overloaded/ },
    {
      name: '400 context length',
      behaviours: [mock.status(400, "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.")],
      kind: 'bad_request',
      calls: 1,
      message: /Shorten the skill or the task inputs/,
    },
    { name: '400 invalid request', behaviours: [mock.status(400, 'temperature: must be at most 1')], kind: 'bad_request', calls: 1, message: /temperature: must be at most 1.*call parameters/ },
    { name: '401', behaviours: [mock.unauthorized()], kind: 'auth', calls: 1, message: new RegExp(keyVariable) },
    { name: '403', behaviours: [mock.status(403, 'Permission denied')], kind: 'auth', calls: 1, message: new RegExp(keyVariable) },
    { name: '404 model not found', behaviours: [mock.status(404, 'model not found')], kind: 'bad_request', calls: 1, message: /hostile'.*model name/ },
    { name: '413', behaviours: [mock.htmlPage(413, '413 Request Entity Too Large')], kind: 'bad_request', calls: 1, message: /too large/ },
    { name: 'a 30x redirect', behaviours: [mock.redirect(301, 'http://127.0.0.1:9/elsewhere')], kind: 'bad_request', calls: 1, message: /redirected .* to http:\/\/127\.0\.0\.1:9\/elsewhere.*base URL/ },
    { name: 'an error page that echoes the key', behaviours: [mock.status(401, `Incorrect API key provided: ${key}.`)], kind: 'auth', calls: 1, message: /redacted API key/ },
    { name: 'a 5 MB error page', behaviours: three(mock.raw(500, 'e'.repeat(5_000_000), 'text/plain')), kind: 'server', calls: 3 },
  ];
}

for (const { vendor, provider, spec, keyVariable } of vendors) {
  describe(`${vendor} adapter behind the call policies, against a hostile server`, () => {
    let server: MockLlmServer;
    let baseUrl: string;
    /** Set once a test cancelled a call in flight (Node's fetch then leaves one spare idle socket for ~4 s). */
    let cancelledInFlight = false;

    before(async () => {
      server = await startMockLlmServer();
      baseUrl = server.baseUrls[vendor];
    });
    afterEach(async () => {
      // No call is left hanging at the server, and no connection stays open; after a
      // cancelled call Node's fetch keeps one spare idle socket (~4 s), checked once at the end.
      await server.waitForIdle(3000);
      if (!cancelledInFlight) await server.waitForOpenSockets(0, 2000);
      server.reset();
    });
    after(async () => {
      await server.waitForOpenSockets(0, 8000);
      await server.close();
    });

    for (const hostile of hostileCases(keyVariable)) {
      it(`${hostile.name}: ${hostile.kind}, ${hostile.calls === 1 ? 'not retried' : 'retried'}`, async () => {
        server.enqueue(...hostile.behaviours);
        const model = policedModel(provider, spec, baseUrl);
        const error = await rejection(model.complete(ask()));
        assertWellFormedFailure(error, model, hostile.kind);
        if (hostile.message) assert.match(error.message, hostile.message);
        assert.equal(server.callCount, hostile.calls);
        assert.ok((error.body ?? '').length < 2100, 'the body excerpt is cut short');
      });
    }

    it('a redirect to another server is not followed, so the key never reaches it', async () => {
      const elsewhere = await startMockLlmServer();
      try {
        // 307 keeps the method and body, so a client that followed it would post the call there.
        server.enqueue(mock.redirect(307, `${elsewhere.url}${vendorRoutes[vendor]}`));
        const model = policedModel(provider, spec, baseUrl);
        assertWellFormedFailure(await rejection(model.complete(ask())), model, 'bad_request');
        assert.equal(server.callCount, 1);
        assert.equal(elsewhere.callCount, 0);
      } finally {
        await elsewhere.close();
      }
    });

    it('headers sent, then the body stalls: the per-call timeout fires and the socket is closed', async () => {
      server.enqueue(mock.stall('{"id": "x", '));
      cancelledInFlight = true;
      const model = policedModel(provider, spec, baseUrl, { timeoutMs: 300, retry: { maxAttempts: 1 } });
      const error = await rejection(model.complete(ask()));
      assertWellFormedFailure(error, model, 'timeout');
      assert.match(error.message, /did not answer within 300 ms/);
      await server.waitForIdle(2000);
    });

    it('a stalled attempt is retried, then the reply is used', async () => {
      server.enqueue(mock.silent(), mock.reply('second try'));
      cancelledInFlight = true;
      const model = policedModel(provider, spec, baseUrl, { timeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      assert.equal((await model.complete(ask())).text, 'second try');
      assert.equal(server.callCount, 2);
    });

    it('abort cancels a call whose body stalls, at once', async () => {
      server.enqueue(mock.stall());
      cancelledInFlight = true;
      const model = policedModel(provider, spec, baseUrl, { timeoutMs: 60_000 });
      const controller = new AbortController();
      const started = Date.now();
      const call = model.complete(ask(controller.signal));
      setTimeout(() => controller.abort(), 100);
      assert.ok((await rejection(call)) instanceof CallAbortedError);
      assert.ok(Date.now() - started < 3000, 'does not wait for the server');
      assert.equal(server.callCount, 1);
    });

    it('abort cancels the wait for a 30 s retry-after, at once', async () => {
      server.enqueue(mock.rateLimited({ seconds: 30 }));
      const model = policedModel(provider, spec, baseUrl, { retry: { maxAttempts: 5 } });
      const controller = new AbortController();
      const started = Date.now();
      const call = model.complete(ask(controller.signal));
      setTimeout(() => controller.abort(), 150);
      assert.ok((await rejection(call)) instanceof CallAbortedError);
      assert.ok(Date.now() - started < 3000);
      assert.equal(server.callCount, 1);
    });

    // The longest backoff is 300 ms here, so every wait asked for is capped to it.
    const waits: { name: string; behaviour: MockBehaviour; atLeastMs: number }[] = [
      { name: 'retry-after in seconds', behaviour: mock.rateLimited({ header: '0.25' }), atLeastMs: 200 },
      { name: 'retry-after-ms', behaviour: mock.rateLimited({ ms: 250 }), atLeastMs: 200 },
      { name: 'a negative retry-after', behaviour: mock.rateLimited({ header: '-5' }), atLeastMs: 0 },
      { name: 'an unreadable retry-after', behaviour: mock.rateLimited({ header: 'soon' }), atLeastMs: 0 },
    ];
    for (const wait of waits) {
      it(`429 with ${wait.name}: waited out, at most the longest backoff, then retried`, async () => {
        server.enqueue(wait.behaviour, mock.reply('after the wait'));
        const model = policedModel(provider, spec, baseUrl, { random: () => 0, retry: { baseDelayMs: 1, maxDelayMs: 300 } });
        const started = Date.now();
        assert.equal((await model.complete(ask())).text, 'after the wait');
        const waited = Date.now() - started;
        assert.ok(waited >= wait.atLeastMs, `waited ${waited} ms, at least ${wait.atLeastMs}`);
        assert.ok(waited < 4000, `waited ${waited} ms: the wait is capped`);
        assert.equal(server.callCount, 2);
      });
    }

    // Longer than every remaining retry could wait (4 × 300 ms here): not retried at all.
    const tooLong: { name: string; behaviour: MockBehaviour; wait: RegExp }[] = [
      { name: 'retry-after as an HTTP date a minute ahead', behaviour: mock.rateLimited({ date: new Date(Date.now() + 60_000) }), wait: /wait of \d\d s asked for/ },
      { name: 'a day-long retry-after', behaviour: mock.rateLimited({ seconds: 86_400 }), wait: /wait of 24\.0 h asked for/ },
      { name: 'a day-long retry-after-ms', behaviour: mock.rateLimited({ ms: 86_400_000 }), wait: /wait of 24\.0 h asked for/ },
      ...(vendor === 'google' ? [{ name: "Google's RetryInfo of a day", behaviour: mock.quotaExceeded(86_400), wait: /wait of 24\.0 h asked for/ }] : []),
    ];
    for (const wait of tooLong) {
      it(`429 with ${wait.name}: longer than the retries would wait, so not retried, saying when to try again`, async () => {
        server.enqueue(wait.behaviour, mock.reply('never asked for'));
        const model = policedModel(provider, spec, baseUrl, { random: () => 0, retry: { baseDelayMs: 1, maxDelayMs: 300 } });
        const error = await rejection(model.complete(ask()));
        assert.ok(error instanceof ProviderCallError, String(error));
        assert.equal(error.kind, 'rate_limit');
        assert.match(error.message, wait.wait);
        assert.match(error.message, /is more than the remaining retries would wait \(1 s in all\), so the call was not retried\. Try again after it/);
        assert.equal(server.callCount, 1);
      });
    }

    it('a server that accepts the connection and never answers times out', async () => {
      // Connections that carried a request (Node's fetch may also open a spare one that never does).
      const held = new Set<Socket>();
      const all = new Set<Socket>();
      const silent = createTcpServer((socket) => {
        all.add(socket);
        socket.once('data', () => held.add(socket));
        socket.on('close', () => held.delete(socket));
        // Read (and drop) the request, so the client closing its end is noticed.
        socket.resume();
        socket.on('end', () => socket.destroy());
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const address = `http://127.0.0.1:${(silent.address() as AddressInfo).port}${vendor === 'openai' ? '/v1' : ''}`;
        const model = policedModel(provider, spec, address, { timeoutMs: 300, retry: { maxAttempts: 2, baseDelayMs: 1 } });
        const error = await rejection(model.complete(ask()));
        assertWellFormedFailure(error, model, 'timeout');
        assert.match(error.message, /gave up after 2 attempts/);
        // The client closes the connections its abandoned attempts used.
        for (let waited = 0; held.size > 0 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal(held.size, 0, 'every connection that carried a request was closed by the client');
      } finally {
        for (const socket of all) socket.destroy();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('a 5 MB reply comes through whole', async () => {
      const text = 'y'.repeat(5_000_000);
      server.enqueue(mock.reply(text));
      const reply = await policedModel(provider, spec, baseUrl).complete(ask());
      assert.equal(reply.text.length, text.length);
    });
  });
}

describe('openai-compatible gateways that report errors inside a 200', () => {
  let server: MockLlmServer;
  before(async () => {
    server = await startMockLlmServer();
  });
  after(() => server.close());

  it("an upstream 502 in the body is retried like a real one (OpenRouter's way)", async () => {
    const upstream = JSON.stringify({ error: { message: 'Upstream provider is unavailable', code: 502 } });
    server.enqueue(mock.raw(200, upstream), mock.reply('recovered'));
    const model = policedModel('openai-compatible', 'openai-compatible:some/model', server.baseUrls.openai);
    assert.equal((await model.complete(ask())).text, 'recovered');
    assert.equal(server.callCount, 2);
  });

  it('an upstream 400 in the body is not retried and says what the upstream said', async () => {
    server.reset();
    server.enqueue(mock.raw(200, JSON.stringify({ error: { message: 'Invalid model id', code: 400 } })));
    const model = policedModel('openai-compatible', 'openai-compatible:some/model', server.baseUrls.openai);
    const error = await rejection(model.complete(ask()));
    assertWellFormedFailure(error, model, 'bad_request');
    assert.match(error.message, /Invalid model id \(code 400\)/);
    assert.equal(server.callCount, 1);
  });
});
