import { ProviderCallError, type ProviderFailureKind } from '../model-errors';

/** Which failed calls are tried again, how often and how long to wait in between. */
export interface RetryOptions {
  /** Total attempts including the first. Default 5; raised while a provider is flaky but not down (see ProviderHealth). */
  maxAttempts?: number;
  /**
   * Failure kinds worth another try. Default: rate_limit, timeout, conflict, server,
   * network, malformed_response (a 2xx reply cut short, an HTML page or an empty body
   * from a gateway: as passing as a 5xx). `auth` and `bad_request` are never retried
   * even when listed: the same request with the same key fails the same way.
   */
  retryableKinds?: readonly ProviderFailureKind[];
  /** Backoff before the first retry, in ms; doubles per attempt. Default 1000. */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait, in ms (also caps a server's retry-after). Default 60 000. */
  maxDelayMs?: number;
}

export const defaultRetryableKinds: readonly ProviderFailureKind[] = ['rate_limit', 'timeout', 'conflict', 'server', 'network', 'malformed_response'];

const neverRetried: ReadonlySet<ProviderFailureKind> = new Set(['auth', 'bad_request']);

/** The retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 5)),
    retryableKinds: options.retryableKinds ?? defaultRetryableKinds,
    baseDelayMs: options.baseDelayMs ?? 1000,
    maxDelayMs: options.maxDelayMs ?? 60_000,
  };
}

/** True when `error` is a provider failure the options allow to retry. */
export function isRetryable(error: unknown, options: ResolvedRetryOptions): error is ProviderCallError {
  if (!(error instanceof ProviderCallError)) return false;
  if (neverRetried.has(error.kind)) return false;
  return options.retryableKinds.includes(error.kind);
}

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1), in ms.
 * Exponential backoff with full jitter (a uniform draw in [0, base·2^(attempt-1)]),
 * which spreads a crowd of clients that failed together. A server's retry-after is a
 * floor: waiting less would only earn another 429.
 */
export function backoffDelayMs(
  attempt: number,
  error: ProviderCallError,
  options: ResolvedRetryOptions,
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  if (error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
    return Math.min(options.maxDelayMs, Math.max(error.retryAfterMs, jittered));
  }
  return jittered;
}
