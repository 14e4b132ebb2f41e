/**
 * What every adapter error is built from: who called (the adapter context), how much
 * of a body goes into the log, and the one constructor that makes sure no message,
 * body excerpt or cause ever repeats the API key (a hostile or careless server may
 * echo it back: "Incorrect API key provided: sk-…").
 */
import { ProviderCallError, type ProviderFailureKind } from '../model-errors';
import type { HeadersLike } from './retry-after';

/** Who is calling, for error messages. */
export interface AdapterContext {
  /** The model spec, e.g. `openai:gpt-5-mini`. */
  spec: string;
  provider: string;
  /** The model name alone, named when the server does not know it. */
  model?: string;
  /** Where requests go, named in error messages. */
  baseUrl?: string;
  /** The environment variable that holds the key, named in auth errors. */
  apiKeyVariable?: string;
  /** The API key, so it can be cut out of anything a server sends back. Never shown. */
  secret?: string;
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

/** Keys shorter than this are not redacted: cutting out a word like `test` would garble messages. */
const shortestRedactedSecret = 8;

export function truncateForLog(text: string, maxCharacters = maxLoggedBodyCharacters): string {
  return text.length > maxCharacters ? `${text.slice(0, maxCharacters)}… (truncated, ${text.length} characters)` : text;
}

/** A body as text for the log: strings as they are, anything else as JSON. */
export function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}

/** ` at <base URL>` when the context has one, for messages. */
export function whereText(context: AdapterContext): string {
  return context.baseUrl ? ` at ${context.baseUrl}` : '';
}

/** `text` with every occurrence of the key replaced by `[redacted API key]`. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < shortestRedactedSecret) return text;
  return text.split(secret).join('[redacted API key]');
}

/** True when the key shows in `value`'s message, body or anything down its cause chain. */
function mentionsSecret(value: unknown, secret: string | undefined): boolean {
  if (!secret || secret.length < shortestRedactedSecret) return false;
  for (let link = value, depth = 0; link !== undefined && link !== null && depth < 6; depth += 1) {
    const fields = link as { message?: unknown; error?: unknown; body?: unknown };
    const texts = [typeof link === 'string' ? link : '', fields.message, fields.error, fields.body].map(bodyText);
    if (texts.some((text) => text.includes(secret))) return true;
    link = (link as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The one way adapters build a ProviderCallError: message and body excerpt are cleared
 * of the key, and a cause that carries the key (an SDK error holding the echoed body)
 * is left off rather than kept for a logger to print.
 */
export function adapterCallError(
  context: AdapterContext,
  options: { kind: ProviderFailureKind; message: string; status?: number; retryAfterMs?: number; body?: unknown; cause?: unknown },
): ProviderCallError {
  const body = options.body === undefined ? undefined : truncateForLog(redactSecret(bodyText(options.body), context.secret));
  return new ProviderCallError({
    provider: context.provider,
    kind: options.kind,
    status: options.status,
    retryAfterMs: options.retryAfterMs,
    body,
    message: redactSecret(options.message, context.secret),
    cause: mentionsSecret(options.cause, context.secret) ? undefined : options.cause,
  });
}
