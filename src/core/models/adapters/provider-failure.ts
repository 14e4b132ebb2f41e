/**
 * One mapping from whatever an SDK or transport throws to our typed errors, shared by
 * every HTTP adapter, so the retry policy can decide without knowing the vendor.
 */
import { CallAbortedError, ProviderCallError, type ProviderFailureKind } from '../model-errors';
import { retryAfterMsFromHeaders, type HeadersLike } from './retry-after';

/** Who is calling, for error messages. */
export interface AdapterContext {
  /** The model spec, e.g. `openai:gpt-5-mini`. */
  spec: string;
  provider: string;
  /** Where requests go, named in network errors. */
  baseUrl?: string;
  /** The environment variable that holds the key, named in auth errors. */
  apiKeyVariable?: string;
}

/** What an adapter extracts from its SDK's HTTP error. */
export interface HttpFailure {
  status: number;
  headers?: HeadersLike;
  /** Parsed error body or its text. */
  body?: unknown;
  /** A wait the body asked for (Google puts it there), in ms; headers win when both exist. */
  bodyRetryAfterMs?: number;
}

/** Longest body or output kept on an error, in characters. */
export const maxLoggedBodyCharacters = 2000;

export function truncateForLog(text: string, maxCharacters = maxLoggedBodyCharacters): string {
  return text.length > maxCharacters ? `${text.slice(0, maxCharacters)}… (truncated, ${text.length} characters)` : text;
}

/** 429 rate_limit, 408 timeout, 409 conflict, 5xx server, 401/403 auth, other 4xx bad_request. */
export function failureKindForStatus(status: number): ProviderFailureKind {
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'other';
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The vendor's own explanation: `error.message` or `message` in the body, else the raw text. */
function vendorMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return vendorMessage(JSON.parse(body));
    } catch {
      return body;
    }
  }
  const fields = body as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = fields?.error?.message ?? fields?.message;
  return typeof message === 'string' ? message : bodyText(body);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** A ProviderCallError for an HTTP error status, with kind, wait and a message naming the fix. */
export function httpCallError(context: AdapterContext, failure: HttpFailure, cause?: unknown): ProviderCallError {
  const { spec, provider } = context;
  const kind = failureKindForStatus(failure.status);
  const retryAfterMs = retryAfterMsFromHeaders(failure.headers) ?? failure.bodyRetryAfterMs;
  const said = truncateForLog(vendorMessage(failure.body), 300);
  const detail = said ? `: ${said}` : '';
  const status = `HTTP ${failure.status}`;
  const messages: Record<ProviderFailureKind, string> = {
    rate_limit: `${spec}: rate limited by ${provider} (${status})${retryAfterMs !== undefined ? `, asked to wait ${seconds(retryAfterMs)}` : ''}${detail}. Lower the concurrency or raise your rate limit with ${provider}.`,
    timeout: `${spec}: ${provider} timed out handling the request (${status})${detail}.`,
    conflict: `${spec}: ${provider} reported a conflict (${status})${detail}; trying again usually helps.`,
    server: `${spec}: ${provider} had a server error (${status})${detail}; trying again later usually helps.`,
    auth: `${spec}: ${provider} refused the credentials (${status})${detail}. Check the API key${context.apiKeyVariable ? ` in ${context.apiKeyVariable}` : ''} (or run 'Skill Trainer: Set API Key') and that it may use this model.`,
    bad_request: `${spec}: ${provider} rejected the request (${status})${detail}. Check the model name${failure.status === 404 ? ' (not found)' : ''} and the call parameters.`,
    malformed_response: `${spec}: ${provider} answered ${status} with an unreadable body${detail}.`,
    network: `${spec}: network failure talking to ${provider} (${status})${detail}.`,
    process: `${spec}: ${provider} failed (${status})${detail}.`,
    other: `${spec}: ${provider} answered ${status}${detail}.`,
  };
  return new ProviderCallError({
    provider,
    kind,
    status: failure.status,
    retryAfterMs,
    body: truncateForLog(bodyText(failure.body)),
    message: messages[kind],
    cause,
  });
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  while (current !== undefined && current !== null && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

const networkErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

function looksLikeNetworkFailure(chain: unknown[]): boolean {
  return chain.some((link) => {
    const fields = link as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof fields.code === 'string' && networkErrorCodes.has(fields.code)) return true;
    if (fields.name === 'APIConnectionError' || fields.name === 'ResponseContentLengthMismatchError') return true;
    return fields.name === 'TypeError' && (fields.message === 'fetch failed' || fields.message === 'terminated');
  });
}

function looksLikeTimeout(chain: unknown[]): boolean {
  return chain.some((link) => {
    const name = (link as { name?: unknown }).name;
    const className = (link as { constructor?: { name?: unknown } }).constructor?.name;
    // An AbortError the caller did not ask for comes from the SDK's own request timeout.
    return (
      name === 'APIConnectionTimeoutError' ||
      className === 'APIConnectionTimeoutError' ||
      name === 'TimeoutError' ||
      name === 'AbortError'
    );
  });
}

function deepestMessage(chain: unknown[]): string {
  const messages = chain
    .map((link) => (link instanceof Error ? link.message : String(link)).replace(/\.+$/, ''))
    .filter(Boolean);
  return messages.length > 1 ? `${messages[0]} (${messages[messages.length - 1]})` : (messages[0] ?? 'unknown error');
}

/**
 * Any failure that is not an HTTP status: our own abort, an SDK timeout, a dropped or
 * refused connection, a body that is not JSON. `signal` is the caller's; when it fired,
 * the result is a CallAbortedError whatever the SDK threw.
 */
export function transportCallError(context: AdapterContext, error: unknown, signal?: AbortSignal): Error {
  const { spec, provider } = context;
  if (signal?.aborted) return new CallAbortedError(`Call to ${spec}`);
  if (error instanceof ProviderCallError || error instanceof CallAbortedError) return error;
  const chain = causeChain(error);
  const where = context.baseUrl ? ` at ${context.baseUrl}` : '';
  const detail = deepestMessage(chain);
  if (looksLikeTimeout(chain)) {
    return new ProviderCallError({ provider, kind: 'timeout', cause: error, message: `${spec}: no answer from ${provider}${where} in time (${detail}).` });
  }
  if (looksLikeNetworkFailure(chain)) {
    return new ProviderCallError({
      provider,
      kind: 'network',
      cause: error,
      message: `${spec}: network failure talking to ${provider}${where}: ${detail}. Check the connection and the base URL; for a local server, check it is running.`,
    });
  }
  if (error instanceof SyntaxError) {
    return new ProviderCallError({
      provider,
      kind: 'malformed_response',
      cause: error,
      message: `${spec}: ${provider}${where} sent a reply that is not valid JSON (${error.message}). Check the base URL points at a ${provider} API.`,
    });
  }
  return new ProviderCallError({ provider, kind: 'other', cause: error, message: `${spec}: call to ${provider} failed: ${detail}.` });
}

/** The shape of the Anthropic and OpenAI SDKs' `APIError` (both generated the same way). */
type SdkApiErrorClass = abstract new (...args: never[]) => { status?: number; headers?: HeadersLike; error?: unknown; message: string };

/** Reads the HTTP failure out of an SDK `APIError` that carries a status. */
export function httpFailureFromApiError(apiErrorClass: SdkApiErrorClass): (error: unknown) => HttpFailure | undefined {
  return (error) =>
    error instanceof apiErrorClass && typeof error.status === 'number'
      ? { status: error.status, headers: error.headers, body: error.error ?? error.message }
      : undefined;
}

/**
 * What an adapter throws for anything its SDK threw: the caller's abort wins, then an
 * HTTP status (read by the SDK-specific `readHttpFailure`), then transport failures.
 */
export function callError(
  context: AdapterContext,
  error: unknown,
  signal: AbortSignal | undefined,
  readHttpFailure: (error: unknown) => HttpFailure | undefined,
): Error {
  if (!signal?.aborted) {
    const failure = readHttpFailure(error);
    if (failure) return httpCallError(context, failure, error);
  }
  return transportCallError(context, error, signal);
}

/** A 200 reply that cannot be used: it does not have the vendor's shape. */
export function malformedReplyError(context: AdapterContext, problem: string, body: unknown): ProviderCallError {
  return new ProviderCallError({
    provider: context.provider,
    kind: 'malformed_response',
    body: truncateForLog(bodyText(body)),
    message: `${context.spec}: ${context.provider} sent a reply without the expected fields (${problem}). Check the base URL points at a ${context.provider}-compatible API.`,
  });
}

/** A reply with no usable text: empty, cut off before any text, refused or blocked. */
export function noTextReplyError(context: AdapterContext, reason: string, options: { refused: boolean; body?: unknown }): ProviderCallError {
  return new ProviderCallError({
    provider: context.provider,
    // A refusal is the model's decision: retrying the same prompt rarely changes it.
    kind: options.refused ? 'other' : 'malformed_response',
    body: options.body === undefined ? undefined : truncateForLog(bodyText(options.body)),
    message: options.refused
      ? `${context.spec}: the model declined to answer (${reason}). Rephrase the task or use another model for this role.`
      : `${context.spec}: the reply has no text (${reason}).`,
  });
}
