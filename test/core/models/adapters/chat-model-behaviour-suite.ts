/**
 * The behaviour every HTTP adapter must show, run against the mock vendor server
 * with the real SDK configured only with a base URL. Each adapter's test file calls
 * `describeHttpChatModelBehaviour` with what differs (how to build it, where its
 * wire format puts JSON mode, parameters and the key).
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CallAbortedError,
  MissingApiKeyError,
  ProviderCallError,
  type ChatModel,
  type ProviderFailureKind,
} from '../../../../src/core/models';
import { mock, startMockLlmServer, type MockBehaviour, type MockLlmServer, type MockRequest } from '../../../support/mock-llm-server';
import { rejection } from './rejection';

export interface HttpAdapterUnderTest {
  /** Suite title, e.g. `anthropic adapter`. */
  title: string;
  /**
   * A model whose SDK points at `baseUrl` (the server's base URL for this vendor unless
   * a test changes it), with the SDK's own per-request limit when `requestTimeoutMs` is given.
   */
  create(server: MockLlmServer, baseUrl?: string, requestTimeoutMs?: number): ChatModel;
  /** Creates the model with no key: expected to throw MissingApiKeyError, or to work when the provider needs none. */
  createWithoutKey(server: MockLlmServer): ChatModel;
  /** The environment variable named by MissingApiKeyError, or undefined when no key is required. */
  missingKeyVariable?: string;
  /** Asserts the request asked for the vendor's JSON mode (or, for Anthropic, the JSON instruction). */
  assertJsonRequested(request: MockRequest, schemaName: string): void;
  /** Temperature and output limit as the wire body carries them. */
  readParameters(request: MockRequest): { temperature?: number; maxOutputTokens?: number };
  /** The key as sent by the SDK (undefined when no key header was sent). */
  readKey(request: MockRequest): string | undefined;
  /** The key `create` configures. */
  key: string | undefined;
}

/** A port nothing listens on: bind one, then close it. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const failures: { name: string; behaviour: () => MockBehaviour; kind: ProviderFailureKind; status?: number; retryAfterMs?: [number, number] }[] = [
  { name: '429 with retry-after seconds', behaviour: () => mock.rateLimited({ seconds: 2 }), kind: 'rate_limit', status: 429, retryAfterMs: [2000, 2000] },
  { name: '429 with retry-after-ms', behaviour: () => mock.rateLimited({ ms: 1500 }), kind: 'rate_limit', status: 429, retryAfterMs: [1500, 1500] },
  {
    name: '429 with an HTTP-date retry-after',
    behaviour: () => mock.rateLimited({ date: new Date(Date.now() + 3000) }),
    kind: 'rate_limit',
    status: 429,
    // HTTP dates have one-second resolution.
    retryAfterMs: [1000, 3100],
  },
  { name: '500', behaviour: () => mock.serverError(500), kind: 'server', status: 500 },
  { name: '503', behaviour: () => mock.serverError(503), kind: 'server', status: 503 },
  { name: '401', behaviour: () => mock.unauthorized(), kind: 'auth', status: 401 },
  { name: '403', behaviour: () => mock.status(403, 'Forbidden (mock).'), kind: 'auth', status: 403 },
  { name: '400', behaviour: () => mock.status(400, 'Bad parameter (mock).'), kind: 'bad_request', status: 400 },
  { name: '404', behaviour: () => mock.status(404, 'No such model (mock).'), kind: 'bad_request', status: 404 },
  { name: '422', behaviour: () => mock.status(422, 'Unprocessable (mock).'), kind: 'bad_request', status: 422 },
  { name: '408', behaviour: () => mock.status(408, 'Request timeout (mock).'), kind: 'timeout', status: 408 },
  { name: '409', behaviour: () => mock.status(409, 'Conflict (mock).'), kind: 'conflict', status: 409 },
  { name: 'malformed JSON', behaviour: () => mock.malformedJson(), kind: 'malformed_response' },
  { name: 'a truncated body', behaviour: () => mock.truncated(), kind: 'network' },
  { name: 'an empty reply', behaviour: () => mock.empty(), kind: 'malformed_response' },
  { name: 'a refusal', behaviour: () => mock.refusal(), kind: 'other' },
];

export function describeHttpChatModelBehaviour(adapter: HttpAdapterUnderTest): void {
  describe(adapter.title, () => {
    let server: MockLlmServer;
    let model: ChatModel;
    /**
     * Set by tests that cancel a call in flight: Node's fetch then closes that call's
     * connection at once but opens one idle connection in its place (closed by its 4 s
     * keep-alive, or reused by the next call), which is not ours to wait for.
     */
    let cancelledInFlight = false;

    before(async () => {
      server = await startMockLlmServer();
      model = adapter.create(server);
    });
    afterEach(async () => {
      // Every call, successful or not, must leave no call hanging and no connection open.
      await server.waitForIdle();
      if (!cancelledInFlight) await server.waitForOpenSockets(0);
      cancelledInFlight = false;
      server.reset();
    });
    after(async () => {
      await server.close();
    });

    it('returns the reply text, with cost left to the policies', async () => {
      server.enqueue(mock.reply('hello from the mock'));
      const response = await model.complete({ messages: [{ role: 'user', content: 'Say hello.' }] });
      assert.equal(response.text, 'hello from the mock');
      assert.equal(response.usage.costUsd, null);
      assert.ok(response.usage.latencyMs >= 0);
      assert.equal(server.requests.length, 1);
      assert.equal(server.requests[0].model, model.model);
    });

    it('sends system text apart from the conversation, and keeps the turn order', async () => {
      await model.complete({
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'First question' },
          { role: 'assistant', content: 'First answer' },
          { role: 'user', content: 'Second question' },
        ],
      });
      assert.deepEqual(server.requests[0].messages, [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'user', content: 'Second question' },
      ]);
      assert.equal(server.requests[0].jsonMode, false);
    });

    it('passes temperature and the output token limit', async () => {
      await model.complete({ messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3, maxOutputTokens: 321 });
      assert.deepEqual(adapter.readParameters(server.requests[0]), { temperature: 0.3, maxOutputTokens: 321 });
    });

    it("asks for the vendor's JSON mode when the request has a schema", async () => {
      server.enqueue(mock.reply('{"verdicts": []}'));
      const response = await model.complete({
        messages: [{ role: 'user', content: 'Judge this.' }],
        jsonSchema: { name: 'judge_verdicts', schema: { type: 'object', properties: { verdicts: { type: 'array' } } } },
      });
      assert.equal(response.text, '{"verdicts": []}');
      adapter.assertJsonRequested(server.requests[0], 'judge_verdicts');
    });

    it("gives the tools in the vendor's format and returns the calls with the finish reason tool_calls", async () => {
      const parameters = { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] };
      server.enqueue(mock.toolCalls([{ name: 'get_weather', args: { location: 'Paris' } }]));
      const response = await model.complete({
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [{ name: 'get_weather', description: 'Current weather', parameters }],
        toolChoice: { name: 'get_weather' },
      });
      assert.deepEqual(server.requests[0].tools, [{ name: 'get_weather', description: 'Current weather', parameters }]);
      assert.match(JSON.stringify(server.requests[0].toolChoice), /get_weather/);
      assert.equal(response.text, '');
      assert.deepEqual(response.toolCalls?.map((call) => ({ name: call.name, args: JSON.parse(call.arguments) })), [{ name: 'get_weather', args: { location: 'Paris' } }]);
      assert.equal(response.finishReason, 'tool_calls');
    });

    it('keeps the text written beside tool calls', async () => {
      server.enqueue(mock.toolCalls([{ name: 'lookup', args: {} }], 'Let me look that up.'));
      const response = await model.complete({ messages: [{ role: 'user', content: 'Look it up.' }], tools: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }] });
      assert.equal(response.text, 'Let me look that up.');
      assert.deepEqual(response.toolCalls?.map((call) => call.name), ['lookup']);
    });

    it('sends no tools when the request has none, and records the finish reason stop or length', async () => {
      server.enqueue(mock.reply('done'));
      server.enqueue(mock.cutOff('cut short'));
      const stopped = await model.complete({ messages: [{ role: 'user', content: 'Hi' }] });
      const cut = await model.complete({ messages: [{ role: 'user', content: 'Hi' }] });
      assert.deepEqual(server.requests[0].tools, []);
      assert.equal(stopped.toolCalls, undefined);
      assert.equal(stopped.finishReason, 'stop');
      assert.equal(cut.text, 'cut short');
      assert.equal(cut.finishReason, 'length');
    });

    it('reads input, output and cached-input tokens (input includes cached)', async () => {
      server.enqueue(mock.reply('counted', { inputTokens: 1200, outputTokens: 34, cachedInputTokens: 1000 }));
      const { usage } = await model.complete({ messages: [{ role: 'user', content: 'Count.' }] });
      assert.equal(usage.inputTokens, 1200);
      assert.equal(usage.outputTokens, 34);
      assert.equal(usage.cachedInputTokens, 1000);
    });

    it('sends the configured key', async () => {
      await model.complete({ messages: [{ role: 'user', content: 'Hi' }] });
      assert.equal(adapter.readKey(server.requests[0]), adapter.key);
    });

    for (const failure of failures) {
      it(`maps ${failure.name} to a ${failure.kind} ProviderCallError`, async () => {
        server.enqueue(failure.behaviour());
        const error = await rejection(model.complete({ messages: [{ role: 'user', content: 'Hi' }] }));
        assert.ok(error instanceof ProviderCallError, `expected ProviderCallError, got ${String(error)}`);
        assert.equal(error.kind, failure.kind, error.message);
        assert.equal(error.provider, model.provider);
        assert.equal(error.status, failure.status);
        assert.ok(error.message.includes(model.spec), `message names the model: ${error.message}`);
        if (failure.retryAfterMs) {
          assert.ok(error.retryAfterMs !== undefined, 'retryAfterMs is set');
          assert.ok(
            error.retryAfterMs >= failure.retryAfterMs[0] && error.retryAfterMs <= failure.retryAfterMs[1],
            `retryAfterMs ${error.retryAfterMs} within ${failure.retryAfterMs.join('..')}`,
          );
        }
        if (failure.kind === 'auth') assert.match(error.message, /API key/);
        if (failure.status !== undefined) assert.ok(error.body && error.body.length > 0, 'keeps the error body for the log');
      });
    }

    it('maps a refused connection to a network ProviderCallError', async () => {
      const unreachable = adapter.create(server, await closedPortUrl());
      const error = await rejection(unreachable.complete({ messages: [{ role: 'user', content: 'Hi' }] }));
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'network', error.message);
    });

    it('rejects at once when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(model.complete({ messages: [{ role: 'user', content: 'Hi' }], signal: controller.signal }));
      assert.ok(error instanceof CallAbortedError, `expected CallAbortedError, got ${String(error)}`);
    });

    if (adapter.missingKeyVariable) {
      const variable = adapter.missingKeyVariable;
      it(`throws MissingApiKeyError naming ${variable} when no key is given`, () => {
        assert.throws(
          () => adapter.createWithoutKey(server),
          (error: unknown) => error instanceof MissingApiKeyError && error.environmentVariable === variable && error.message.includes(variable),
        );
      });
    } else {
      it('works without a key and sends no Authorization header', async () => {
        const keyless = adapter.createWithoutKey(server);
        const response = await keyless.complete({ messages: [{ role: 'user', content: 'Hi' }] });
        assert.equal(response.text, 'echo: Hi');
        assert.equal(server.requests[0].headers.authorization, undefined);
      });
    }

    // Last: these leave one idle connection of Node's fetch behind (see cancelledInFlight).
    it("maps the SDK's own request timeout to a timeout ProviderCallError", async () => {
      server.enqueue(mock.slow(5000));
      const impatient = adapter.create(server, undefined, 200);
      cancelledInFlight = true;
      const error = await rejection(impatient.complete({ messages: [{ role: 'user', content: 'Hi' }] }));
      assert.ok(error instanceof ProviderCallError, String(error));
      assert.equal(error.kind, 'timeout', error.message);
      // The connection carrying the call is closed at once.
      await server.waitForIdle(500);
    });

    it('rejects promptly with CallAbortedError when aborted mid-call, and closes the socket', async () => {
      server.enqueue(mock.slow(10_000));
      cancelledInFlight = true;
      const controller = new AbortController();
      const startedAt = Date.now();
      const call = model.complete({ messages: [{ role: 'user', content: 'Take your time.' }], signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await rejection(call);
      assert.ok(error instanceof CallAbortedError, `expected CallAbortedError, got ${String(error)}`);
      assert.ok(Date.now() - startedAt < 2000, 'rejects well before the slow reply');
      // The connection carrying the call is closed at once.
      await server.waitForIdle(500);
    });
  });
}
