/**
 * One mapping from whatever an SDK or transport throws to our typed errors, shared by
 * every HTTP adapter, so the retry policy can decide without knowing the vendor.
 */
import { CallAbortedError, ProviderCallError } from '../model-errors';
import { adapterCallError, bodyText, truncateForLog, whereText, type AdapterContext, type HttpFailure } from './failure-details';
import { failureKindForStatus, htmlPageTitle, httpCallError, quotedTitle } from './http-call-error';
import type { HeadersLike } from './retry-after';

export { maxLoggedBodyCharacters, truncateForLog, type AdapterContext, type HttpFailure } from './failure-details';
export { failureKindForStatus, httpCallError } from './http-call-error';

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

/** zlib's codes for a body that does not decode as its `content-encoding` says. */
const decodingErrorCodes = new Set(['Z_DATA_ERROR', 'Z_BUF_ERROR', 'ERR_BROTLI_DECOMPRESSION_FAILED']);

function looksLikeDecodingFailure(chain: unknown[]): boolean {
  return chain.some((link) => decodingErrorCodes.has(String((link as { code?: unknown }).code)));
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
  const where = whereText(context);
  const detail = deepestMessage(chain);
  if (looksLikeTimeout(chain)) {
    return adapterCallError(context, {
      kind: 'timeout',
      cause: error,
      message: `${spec}: no answer from ${provider}${where} in time (${detail}). If the model is just slow, raise the request timeout.`,
    });
  }
  // Before the network check: undici reports a failed decompression as a dropped body.
  if (looksLikeDecodingFailure(chain)) {
    return adapterCallError(context, {
      kind: 'malformed_response',
      cause: error,
      message:
        `${spec}: ${provider}${where} sent a body that does not decode as its content-encoding header says (${detail}). ` +
        'A proxy in between may be rewriting replies; check the base URL and any proxy settings.',
    });
  }
  if (looksLikeNetworkFailure(chain)) {
    return adapterCallError(context, {
      kind: 'network',
      cause: error,
      message: `${spec}: network failure talking to ${provider}${where}: ${detail}. Check the connection and the base URL; for a local server, check it is running.`,
    });
  }
  if (error instanceof SyntaxError) {
    // JSON.parse of a page starting with '<': the SDK had only the text, the error shows its start.
    const markup = /Unexpected token '<'/.test(error.message) ? ', but what looks like an HTML page from a proxy or web server' : '';
    return adapterCallError(context, {
      kind: 'malformed_response',
      cause: error,
      message: `${spec}: ${provider}${where} sent a reply that is not valid JSON${markup} (${error.message}). Check the base URL points at the ${provider} API.`,
    });
  }
  return adapterCallError(context, { kind: 'other', cause: error, message: `${spec}: call to ${provider}${where} failed: ${detail}.` });
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

/** A 2xx reply that cannot be used: it does not have the vendor's shape. */
export function malformedReplyError(context: AdapterContext, problem: string, body: unknown): ProviderCallError {
  const { spec, provider } = context;
  const where = whereText(context);
  const pageTitle = typeof body === 'string' ? htmlPageTitle(body) : undefined;
  let message: string;
  if (pageTitle !== undefined) {
    message =
      `${spec}: ${provider}${where} answered with an HTML page${quotedTitle(pageTitle)} instead of JSON. ` +
      `A proxy, captive portal or web server is answering in place of the API: check the base URL points at the ${provider} API.`;
  } else if (typeof body === 'string' || body === undefined) {
    const excerpt = typeof body === 'string' && body.trim() ? `: "${truncateForLog(body.trim(), 80)}"` : '';
    message = `${spec}: ${provider}${where} answered with ${excerpt ? 'plain text' : 'an empty body'} instead of JSON${excerpt}. Check the base URL points at the ${provider} API.`;
  } else {
    message = `${spec}: ${provider}${where} sent a reply without the expected fields (${problem}). Check the base URL points at the ${provider} API (or one compatible with it).`;
  }
  return adapterCallError(context, { kind: 'malformed_response', body, message });
}

/**
 * A 2xx reply that carries an error instead of an answer (`{"error": {...}}`, as
 * OpenRouter and some gateways send when the model behind them failed). An HTTP-like
 * `error.code` decides the kind, so an upstream 429 or 5xx is retried like the real one.
 */
export function errorInSuccessfulReply(context: AdapterContext, body: unknown): ProviderCallError | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (error === undefined || error === null) return undefined;
  // A reply that has its answer fields as well is judged by those.
  const fields = body as { choices?: unknown; content?: unknown };
  if (fields.choices !== undefined || fields.content !== undefined) return undefined;
  const details = (typeof error === 'object' ? error : { message: error }) as { message?: unknown; code?: unknown };
  const code = Number(details.code);
  const kind = Number.isInteger(code) && code >= 400 && code < 600 ? failureKindForStatus(code) : 'malformed_response';
  const said = typeof details.message === 'string' && details.message.trim() ? details.message.trim().replace(/\.+$/, '') : bodyText(error);
  return adapterCallError(context, {
    kind,
    body,
    message:
      `${context.spec}: ${context.provider}${whereText(context)} answered with success but sent an error instead of a reply: ` +
      `${truncateForLog(said, 300)}${Number.isInteger(code) && code > 0 ? ` (code ${code})` : ''}.` +
      (kind === 'malformed_response' ? ` Check the base URL points at the ${context.provider} API.` : ''),
  });
}

/** A reply with no usable text: empty, cut off before any text, refused or blocked. */
export function noTextReplyError(context: AdapterContext, reason: string, options: { refused: boolean; body?: unknown }): ProviderCallError {
  return adapterCallError(context, {
    // A refusal is the model's decision: retrying the same prompt rarely changes it.
    kind: options.refused ? 'other' : 'malformed_response',
    body: options.body,
    message: options.refused
      ? `${context.spec}: the model declined to answer (${reason}). Rephrase the task or use another model for this role.`
      : `${context.spec}: the reply from ${context.provider}${whereText(context)} has no text (${reason}).`,
  });
}
