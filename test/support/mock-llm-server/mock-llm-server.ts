/**
 * A local mock of three LLM vendors, for tests and benchmarks that must exercise the
 * real SDKs and the real HTTP stack without any network.
 *
 * It is a plain `node:http` server on 127.0.0.1, port 0, speaking:
 * - Anthropic Messages: `POST /v1/messages` (SDK `baseURL` = `server.url`)
 * - OpenAI Chat Completions: `POST /v1/chat/completions` (SDK `baseURL` = `server.url + '/v1'`)
 * - Gemini generateContent: `POST /v1beta/models/{model}:generateContent` (SDK `httpOptions.baseUrl` = `server.url`)
 * - Embeddings: OpenAI `POST /v1/embeddings`, Gemini `POST /v1beta/models/{model}:batchEmbedContents`
 *   (see embedding-wire-formats.ts)
 *
 * Each call takes the next queued behaviour (`enqueue`), or asks the responder when the
 * queue is empty (default: echo the last user message). Every call is recorded,
 * normalized across vendors, so tests can assert what was sent.
 *
 * ```ts
 * const server = await startMockLlmServer({ latencyMs: 20 });
 * server.enqueue(mock.rateLimited({ seconds: 1 }), mock.reply('hello'));
 * // ... point an SDK at server.baseUrls.openai and call it twice ...
 * assert.equal(server.requests[1].jsonMode, true);
 * await server.waitForOpenSockets(0);
 * await server.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { estimateUsage, lastUserMessage, type MockBehaviour, type MockRequest } from './mock-behaviours';
import { embeddingWireFormats } from './embedding-wire-formats';
import { vendorWireFormats, type VendorWireFormat } from './vendor-wire-formats';

export interface MockLlmServerOptions {
  /** Fixed wait before every reply (errors included), in ms. Default 0. */
  latencyMs?: number;
  /**
   * Keep connections open between calls. Default false: every response carries
   * `connection: close`, so after a call no socket stays open and tests can assert
   * `openSockets() === 0`.
   */
  keepAlive?: boolean;
  /** Decides calls when the queue is empty. Default: reply `echo: <last user message>`. */
  respond?: (request: MockRequest) => MockBehaviour;
  /** Keep calls in `requests`. Default true; benchmarks with many calls turn it off. */
  recordRequests?: boolean;
}

export interface MockLlmServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** What to give each SDK as its base URL. */
  readonly baseUrls: { anthropic: string; openai: string; google: string };
  /** Recorded calls, oldest first (empty when `recordRequests` is false). */
  readonly requests: MockRequest[];
  /** Calls received so far, recorded or not. */
  readonly callCount: number;
  /** Queue behaviours; each call takes the next one, across vendors, in order. */
  enqueue(...behaviours: MockBehaviour[]): void;
  /** Replace the responder used when the queue is empty. */
  setResponder(respond: (request: MockRequest) => MockBehaviour): void;
  /** Change the fixed per-call latency, in ms. */
  setLatency(latencyMs: number): void;
  /**
   * Sockets currently open on the server side, idle ones included. Note: after a
   * client aborts a call, Node's fetch (undici) closes that connection at once but
   * opens a fresh idle one, which it closes itself after 4 s of keep-alive.
   */
  openSockets(): number;
  /** Calls received whose response has neither finished nor lost its connection. */
  inFlight(): number;
  /** Resolves once no call is in flight; rejects after `timeoutMs` (default 2000). */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Resolves once at most `count` sockets are open; rejects after `timeoutMs` (default 2000). */
  waitForOpenSockets(count?: number, timeoutMs?: number): Promise<void>;
  /** Forget queued behaviours and recorded calls; the call counter restarts at 0. */
  reset(): void;
  /** Destroy every open socket and stop listening. */
  close(): Promise<void>;
}

const echoResponder = (request: MockRequest): MockBehaviour => ({
  kind: 'reply',
  text: `echo: ${lastUserMessage(request)}`,
});

/** Start a mock vendor server on 127.0.0.1 with a free port. */
export async function startMockLlmServer(options: MockLlmServerOptions = {}): Promise<MockLlmServer> {
  let latencyMs = options.latencyMs ?? 0;
  let respond = options.respond ?? echoResponder;
  const recordRequests = options.recordRequests ?? true;
  const queue: MockBehaviour[] = [];
  const requests: MockRequest[] = [];
  const sockets = new Set<Socket>();
  let callCount = 0;
  let inFlight = 0;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`mock server bug: ${String(error)}`);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    inFlight += 1;
    // 'close' fires when the response is done or when its connection died first.
    response.once('close', () => (inFlight -= 1));
    const rawBody = await readBody(request);
    const path = (request.url ?? '/').split('?')[0];
    const method = request.method ?? 'GET';
    let format: VendorWireFormat | undefined;
    let routeModel: string | undefined;
    for (const candidate of [...vendorWireFormats, ...embeddingWireFormats]) {
      const match = candidate.matchRoute(method, path);
      if (match) {
        format = candidate;
        routeModel = match.model;
        break;
      }
    }
    if (!options.keepAlive) response.setHeader('connection', 'close');
    if (!format) {
      sendJson(response, 404, { error: { message: `mock server has no route ${method} ${path}` } });
      return;
    }
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // Keep the raw text; normalize() copes with a non-object body.
    }
    const mockRequest: MockRequest = {
      index: callCount,
      vendor: format.vendor,
      method,
      path,
      headers: request.headers,
      body,
      ...format.normalize(body, routeModel),
    };
    callCount += 1;
    if (recordRequests) requests.push(mockRequest);
    const behaviour = queue.shift() ?? respond(mockRequest);
    if (!(await waitUnlessClosed(response, latencyMs))) return;
    await perform(format, mockRequest, behaviour, response);
  }

  async function perform(
    format: VendorWireFormat,
    request: MockRequest,
    behaviour: MockBehaviour,
    response: ServerResponse,
  ): Promise<void> {
    switch (behaviour.kind) {
      case 'reply': {
        const text = typeof behaviour.text === 'function' ? behaviour.text(request) : behaviour.text;
        sendJson(response, 200, format.replyBody(request, text, estimateUsage(request, text, behaviour.usage)));
        return;
      }
      case 'empty':
        sendJson(response, 200, format.replyBody(request, '', estimateUsage(request, '')));
        return;
      case 'tool_calls': {
        const text = behaviour.text ?? '';
        sendJson(response, 200, format.replyBody(request, text, estimateUsage(request, text + JSON.stringify(behaviour.calls)), { toolCalls: behaviour.calls }));
        return;
      }
      case 'cut_off':
        sendJson(response, 200, format.replyBody(request, behaviour.text, estimateUsage(request, behaviour.text), { cutOff: true }));
        return;
      case 'refusal':
        sendJson(response, 200, format.refusalBody(request, estimateUsage(request, '')));
        return;
      case 'status': {
        const headers: Record<string, string> = {};
        if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
        if (behaviour.retryAfterMs !== undefined) headers['retry-after-ms'] = String(behaviour.retryAfterMs);
        const message = behaviour.message ?? `Mock error ${behaviour.status}.`;
        sendJson(response, behaviour.status, format.errorBody(behaviour.status, message, behaviour.retryDelaySeconds), headers);
        return;
      }
      case 'raw':
        if (response.destroyed) return;
        response.writeHead(behaviour.status, {
          ...behaviour.headers,
          'content-type': behaviour.contentType ?? 'application/json',
          'content-length': Buffer.byteLength(behaviour.body),
        });
        response.end(behaviour.body);
        return;
      case 'hang_up':
        response.socket?.destroy();
        return;
      case 'stall': {
        const partial = behaviour.partialBody ?? '';
        // Declares more than is ever sent, so the client keeps waiting for the rest.
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(partial) + 1000 });
        response.write(partial);
        await waitUnlessClosed(response, Number.POSITIVE_INFINITY);
        return;
      }
      case 'silent':
        await waitUnlessClosed(response, Number.POSITIVE_INFINITY);
        return;
      case 'slow':
        if (!(await waitUnlessClosed(response, behaviour.delayMs))) return;
        await perform(format, request, behaviour.then ?? respond(request), response);
        return;
      case 'malformed_json': {
        const text = '{"id": "mock-broken", "choices": [ {"message": ';
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        response.end(text);
        return;
      }
      case 'truncated': {
        const full = JSON.stringify(format.replyBody(request, 'this reply never arrives whole', estimateUsage(request, '')));
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
        response.write(full.slice(0, Math.floor(full.length / 2)));
        // Let the first half leave before the connection dies mid-body.
        setTimeout(() => response.socket?.destroy(), 10);
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    baseUrls: { anthropic: url, openai: `${url}/v1`, google: url },
    requests,
    get callCount() {
      return callCount;
    },
    enqueue: (...behaviours) => void queue.push(...behaviours),
    setResponder: (next) => void (respond = next),
    setLatency: (next) => void (latencyMs = next),
    openSockets: () => sockets.size,
    waitForOpenSockets: (count = 0, timeoutMs = 2000) =>
      waitUntil(() => sockets.size <= count, timeoutMs, () => `${sockets.size} open socket(s), wanted at most ${count}`),
    inFlight: () => inFlight,
    waitForIdle: (timeoutMs = 2000) => waitUntil(() => inFlight === 0, timeoutMs, () => `${inFlight} call(s) still in flight`),
    reset() {
      queue.length = 0;
      requests.length = 0;
      callCount = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function waitUntil(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`mock server: ${describe()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/**
 * Waits `ms` (Infinity: until the client goes away); resolves false early when the
 * client went away, so nothing is written to a dead socket.
 */
function waitUnlessClosed(response: ServerResponse, ms: number): Promise<boolean> {
  if (response.destroyed || response.socket?.destroyed) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    // setTimeout treats Infinity as 1 ms, so a wait without end gets no timer at all.
    const timer = Number.isFinite(ms)
      ? setTimeout(() => {
          response.off('close', onClose);
          resolve(true);
        }, ms)
      : undefined;
    response.once('close', onClose);
  });
}
