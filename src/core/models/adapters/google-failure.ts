/**
 * What the `@google/genai` SDK throws, read as our typed errors: its ApiError has a
 * status and the error body as JSON text in its message but no headers (they come from
 * the call's observed response, see `observingFetch`).
 */
import type { ApiError } from '@google/genai';
import { ProviderCallError } from '../model-errors';
import { callError, malformedReplyError, type AdapterContext, type HttpFailure } from './provider-failure';
import { retryAfterMsFromGoogleRpcBody } from './retry-after';

/** The error a Google adapter throws for whatever its SDK call threw. */
export function googleCallError(context: AdapterContext, error: unknown, signal: AbortSignal | undefined, apiErrorClass: typeof ApiError, response: Response | undefined): Error {
  const failure = callError(context, error, signal, (thrown) => googleHttpFailure(thrown, apiErrorClass, response));
  // The SDK trips over a 2xx body of the wrong shape (e.g. `null`) with a TypeError of its own.
  if (failure instanceof ProviderCallError && failure.kind === 'other' && response?.ok) {
    return malformedReplyError(context, error instanceof Error ? error.message : String(error), null);
  }
  return failure;
}

/**
 * The SDK's ApiError has a status and the error body as JSON text in its message, but no
 * headers; any other status outside 2xx (a redirect) comes as a plain Error with that text.
 */
export function googleHttpFailure(error: unknown, apiErrorClass: typeof ApiError, response: Response | undefined): HttpFailure | undefined {
  const status = error instanceof apiErrorClass && typeof error.status === 'number' ? error.status : undefined;
  const redirected = response && response.status >= 300 && response.status < 400 ? response.status : undefined;
  if (status === undefined && redirected === undefined) return undefined;
  const headers = response?.headers;
  if (!(error instanceof Error)) return { status: redirected!, headers };
  let body: unknown = error.message;
  try {
    body = JSON.parse(error.message);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: status ?? redirected!, headers, body, bodyRetryAfterMs: retryAfterMsFromGoogleRpcBody(body) };
}

/** The reply without the SDK's own additions (response headers), for the error log. */
export function withoutSdkFields(reply: unknown): unknown {
  if (reply === null || typeof reply !== 'object') return reply;
  const { sdkHttpResponse: _headers, ...rest } = reply as Record<string, unknown>;
  return rest;
}
