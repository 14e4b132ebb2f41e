/**
 * An HTTP error status turned into a ProviderCallError whose kind the retry policy can
 * act on and whose message says what failed, where, and what to change. The body may
 * be the vendor's JSON error, or a proxy's HTML page; both are read for the person.
 */
import type { ProviderCallError, ProviderFailureKind } from '../model-errors';
import { adapterCallError, bodyText, redactSecret, truncateForLog, whereText, type AdapterContext, type HttpFailure } from './failure-details';
import { headerValue, retryAfterMsFromHeaders } from './retry-after';

/** 429 rate_limit, 408 timeout, 409 conflict, 5xx server, 401/403 auth, 3xx and other 4xx bad_request. */
export function failureKindForStatus(status: number): ProviderFailureKind {
  if (status === 429) return 'rate_limit';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server';
  // A redirect is not followed (see the adapters), so it fails like a wrong address.
  if (status >= 300) return 'bad_request';
  return 'other';
}

/** The title (or first heading) of an HTML page, '' for a page without one, undefined when `text` is no HTML page. */
export function htmlPageTitle(text: string): string | undefined {
  if (!/<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]/i.test(text)) return undefined;
  const heading = /<title[^>]*>([^<]*)<\/title>/i.exec(text) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text);
  return heading?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
}

/** ` ("title")` for a page that has one. */
export function quotedTitle(title: string): string {
  return title ? ` ("${truncateForLog(title, 120)}")` : '';
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
  const fields = body as { message?: unknown; error?: { message?: unknown } | string } | undefined;
  const nested = typeof fields?.error === 'object' && fields.error !== null ? fields.error.message : fields?.error;
  const message = nested ?? fields?.message;
  return typeof message === 'string' ? message : bodyText(body);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** Phrases vendors use when the prompt does not fit the model's context window. */
const contextLengthPattern =
  /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|input is too long|exceeds? the (maximum|max)\b[^.]*tokens|token count[^.]*exceeds|input token count/i;

/** A ProviderCallError for an HTTP error status, with kind, wait and a message naming the fix. */
export function httpCallError(context: AdapterContext, failure: HttpFailure, cause?: unknown): ProviderCallError {
  const { spec, provider } = context;
  const status = failure.status;
  const kind = failureKindForStatus(status);
  const retryAfterMs = retryAfterMsFromHeaders(failure.headers) ?? failure.bodyRetryAfterMs;
  // Cleared of the key before it is cut short, so no part of a key survives the cut.
  const explanation = redactSecret(vendorMessage(failure.body), context.secret).replace(/^\d{3} (?=<)/, '');
  const pageTitle = htmlPageTitle(explanation);
  const where = whereText(context);
  const http = `HTTP ${status}`;
  // An HTML page where the vendor sends JSON comes from something in between.
  const said = pageTitle !== undefined
    ? ` with an HTML page${quotedTitle(pageTitle)} instead of ${provider}'s JSON, so a proxy or gateway in front of it probably answered`
    : explanation.trim()
      ? `: ${truncateForLog(explanation.trim().replace(/\.+$/, ''), 300)}`
      : '';
  const model = context.model ?? spec.slice(provider.length + 1);
  const throughProxy = pageTitle !== undefined ? ' If it persists, check the base URL and any proxy between you and the server.' : '';

  let message: string;
  if (status >= 300 && status < 400) {
    const location = headerValue(failure.headers, 'location');
    message =
      `${spec}: ${provider}${where} redirected the request (${http})${location ? ` to ${location}` : ''}. ` +
      'Redirects are not followed, so the API key never goes to another address: set the base URL to the address the API really answers at.';
  } else if (kind === 'rate_limit') {
    const wait = retryAfterMs !== undefined ? `, asked to wait ${seconds(retryAfterMs)}` : '';
    message = `${spec}: rate limited by ${provider}${where} (${http})${wait}${said}. Lower the concurrency or raise your rate limit with ${provider}.`;
  } else if (kind === 'auth') {
    const key = context.apiKeyVariable ? ` in ${context.apiKeyVariable}` : '';
    message =
      `${spec}: ${provider}${where} refused the credentials (${http})${said}. ` +
      `Check the API key${key} (or run 'Skill Trainer: Set API Key') and that it may use model '${model}'.`;
  } else if (status === 404) {
    message =
      `${spec}: ${provider}${where} does not know model '${model}' or the address (${http})${said}. ` +
      `Check the model name in '${spec}' and the base URL${provider === 'anthropic' || provider === 'google' ? '' : ' (OpenAI-style servers end in /v1)'}.`;
  } else if (status === 413 || contextLengthPattern.test(explanation)) {
    message =
      `${spec}: the request is too large for ${provider}${where} (${http})${said}. ` +
      `Shorten the skill or the task inputs, or pick a model with a larger context window than '${model}'.`;
  } else if (kind === 'bad_request') {
    message = `${spec}: ${provider}${where} rejected the request (${http})${said}. Check that '${model}' accepts the call parameters (temperature, output token limit, JSON schema).`;
  } else if (kind === 'server') {
    const state = status === 529 || status === 503 ? 'is overloaded' : status === 502 || status === 504 ? 'could not be reached through its gateway' : 'had a server error';
    message = `${spec}: ${provider}${where} ${state} (${http})${said}. Trying again later usually helps; so does lower concurrency.${throughProxy}`;
  } else if (kind === 'timeout') {
    message = `${spec}: ${provider}${where} timed out handling the request (${http})${said}.`;
  } else if (kind === 'conflict') {
    message = `${spec}: ${provider}${where} reported a conflict (${http})${said}; trying again usually helps.`;
  } else {
    message = `${spec}: ${provider}${where} answered ${http}${said}.${throughProxy}`;
  }
  return adapterCallError(context, { kind, status, retryAfterMs, body: failure.body, message, cause });
}
