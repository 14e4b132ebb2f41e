/**
 * What the mock vendor server does for one call. Tests queue behaviours with
 * `server.enqueue(...)`; when the queue is empty the server's responder decides.
 */

/** The vendors whose wire formats the mock server speaks. */
export type MockVendor = 'anthropic' | 'openai' | 'google';

/** One call as the mock server received it, normalized across vendors. */
export interface MockRequest {
  /** 0-based number of the call since the server started (or was reset). */
  index: number;
  vendor: MockVendor;
  method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  path: string;
  /** Lower-case header names, as Node parsed them. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (the raw text when it was not JSON). */
  body: unknown;
  /** Model named in the body (Anthropic, OpenAI) or the URL (Gemini). */
  model: string;
  /** System text first (when any), then the conversation, flattened to text. */
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  /** True when the vendor's JSON or JSON-schema output mode was requested. */
  jsonMode: boolean;
  /** The JSON Schema sent with the JSON mode, when one was sent. */
  jsonSchema?: unknown;
  /** The functions offered to the model, read from the vendor's tool format (empty when none). */
  tools: MockTool[];
  /** The vendor's tool choice field as sent (`tool_choice`, Gemini's `toolConfig`), when one was. */
  toolChoice?: unknown;
}

/** A function offered to the model, as the mock read it from the request. */
export interface MockTool {
  name: string;
  description?: string;
  /** The JSON Schema of its arguments, whichever field carried it. */
  parameters: unknown;
}

/** A call the mock model makes, written into the vendor's wire format. */
export interface MockToolCall {
  name: string;
  /** The arguments object. */
  args: Record<string, unknown>;
}

/** How a reply ends besides its text: tool calls, or cut off at the output token limit. */
export interface MockEnding {
  toolCalls?: MockToolCall[];
  cutOff?: boolean;
}

/** Token counts the mock reports; defaults are about one token per 4 characters. */
export interface MockUsage {
  inputTokens: number;
  outputTokens: number;
  /** Part of `inputTokens` reported as read from the vendor's prompt cache. */
  cachedInputTokens: number;
}

export type MockBehaviour =
  /** A normal reply in the vendor's format. */
  | { kind: 'reply'; text: string | ((request: MockRequest) => string); usage?: Partial<MockUsage> }
  /**
   * An error status with a vendor-shaped error body. `retryAfter` is sent verbatim as
   * the `retry-after` header (seconds or an HTTP date); `retryAfterMs` as `retry-after-ms`;
   * `retryDelaySeconds` only for Gemini, as `RetryInfo.retryDelay` in the error body
   * (where the real Gemini API puts it).
   */
  | { kind: 'status'; status: number; message?: string; retryAfter?: string; retryAfterMs?: number; retryDelaySeconds?: number }
  /**
   * Any status and body, verbatim (e.g. valid JSON that is not the vendor's shape, an
   * HTML proxy page). `headers` are added as given, e.g. a `location` for a redirect or
   * a `content-encoding` the body does not have.
   */
  | { kind: 'raw'; status: number; body: string | Buffer; contentType?: string; headers?: Record<string, string> }
  /** Waits `delayMs` before doing `then` (default: a reply), so client timeouts fire first. */
  | { kind: 'slow'; delayMs: number; then?: MockBehaviour }
  /** Status 200, JSON content type, a body that is not JSON. */
  | { kind: 'malformed_json' }
  /** Status 200 with a declared content-length, half the body, then the socket is destroyed. */
  | { kind: 'truncated' }
  /** The connection is destroyed before any byte of a response is sent. */
  | { kind: 'hang_up' }
  /**
   * Status 200 and a declared content-length, `partialBody` (default: nothing), then
   * silence until the client gives up: headers arrive, the body never ends.
   */
  | { kind: 'stall'; partialBody?: string }
  /** The request is read, then nothing is ever sent until the client closes the connection. */
  | { kind: 'silent' }
  /** The vendor's refusal / content-filter / safety-block reply, with no text. */
  | { kind: 'refusal' }
  /** A well-formed reply whose text is empty. */
  | { kind: 'empty' }
  /** A reply that calls tools (the vendor's tool-call finish reason), with some text or none. */
  | { kind: 'tool_calls'; calls: MockToolCall[]; text?: string }
  /** A reply cut off at the output token limit (finish reason length / max_tokens / MAX_TOKENS). */
  | { kind: 'cut_off'; text: string };

/** Builders for the behaviours, so tests read as sentences. */
export const mock = {
  reply(text: string | ((request: MockRequest) => string), usage?: Partial<MockUsage>): MockBehaviour {
    return { kind: 'reply', text, usage };
  },
  /**
   * 429. Give `seconds` for `retry-after: <seconds>`, `date` for an HTTP-date
   * `retry-after`, `ms` for `retry-after-ms`, `header` for any `retry-after` text
   * (e.g. `-5` or `soon`); nothing sends no header.
   */
  rateLimited(retry: { seconds?: number; date?: Date; ms?: number; header?: string } = {}): MockBehaviour {
    const retryAfter =
      retry.header ?? (retry.seconds !== undefined ? String(retry.seconds) : retry.date ? retry.date.toUTCString() : undefined);
    return { kind: 'status', status: 429, message: 'Rate limit reached (mock).', retryAfter, retryAfterMs: retry.ms };
  },
  /** Gemini's way: 429 with `RetryInfo.retryDelay` in the body and no header. */
  quotaExceeded(retryDelaySeconds: number): MockBehaviour {
    return { kind: 'status', status: 429, message: 'Quota exceeded (mock).', retryDelaySeconds };
  },
  serverError(status = 500): MockBehaviour {
    return { kind: 'status', status, message: 'Internal server error (mock).' };
  },
  unauthorized(): MockBehaviour {
    return { kind: 'status', status: 401, message: 'Invalid API key (mock).' };
  },
  status(status: number, message?: string): MockBehaviour {
    return { kind: 'status', status, message };
  },
  slow(delayMs: number, then?: MockBehaviour): MockBehaviour {
    return { kind: 'slow', delayMs, then };
  },
  raw(status: number, body: string | Buffer, contentType = 'application/json', headers?: Record<string, string>): MockBehaviour {
    return { kind: 'raw', status, body, contentType, headers };
  },
  /** A proxy or load balancer's HTML error page (nginx style) instead of the vendor's JSON. */
  htmlPage(status: number, title = `${status} Bad Gateway`): MockBehaviour {
    const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    return { kind: 'raw', status, body, contentType: 'text/html' };
  },
  /** A redirect to `location` (followed by fetch: the next queued behaviour answers it). */
  redirect(status: number, location: string): MockBehaviour {
    return { kind: 'raw', status, body: '', contentType: 'text/plain', headers: { location } };
  },
  hangUp(): MockBehaviour {
    return { kind: 'hang_up' };
  },
  stall(partialBody?: string): MockBehaviour {
    return { kind: 'stall', partialBody };
  },
  silent(): MockBehaviour {
    return { kind: 'silent' };
  },
  malformedJson(): MockBehaviour {
    return { kind: 'malformed_json' };
  },
  truncated(): MockBehaviour {
    return { kind: 'truncated' };
  },
  refusal(): MockBehaviour {
    return { kind: 'refusal' };
  },
  empty(): MockBehaviour {
    return { kind: 'empty' };
  },
  toolCalls(calls: MockToolCall[], text?: string): MockBehaviour {
    return { kind: 'tool_calls', calls, text };
  },
  cutOff(text: string): MockBehaviour {
    return { kind: 'cut_off', text };
  },
};

/** The text of the last user message, or '' when there is none. */
export function lastUserMessage(request: MockRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    if (request.messages[index].role === 'user') return request.messages[index].content;
  }
  return '';
}

/** Default usage: about one token per 4 characters of prompt and reply. */
export function estimateUsage(request: MockRequest, replyText: string, override: Partial<MockUsage> = {}): MockUsage {
  const promptCharacters = request.messages.reduce((sum, message) => sum + message.content.length, 0);
  return {
    inputTokens: override.inputTokens ?? Math.max(1, Math.ceil(promptCharacters / 4)),
    outputTokens: override.outputTokens ?? Math.ceil(replyText.length / 4),
    cachedInputTokens: override.cachedInputTokens ?? 0,
  };
}
