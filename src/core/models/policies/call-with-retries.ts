import type { ChatModel, ChatRequest } from '../chat-model';
import { CallAbortedError, ProviderCallError } from '../model-errors';
import { sleep } from './abort';
import type { AdaptiveLimiter } from './adaptive-limiter';
import { attemptWithTimeout, type AttemptResult } from './attempt-with-timeout';
import type { Clock } from './clock';
import { backoffDelayMs, isRetryable, type ResolvedRetryOptions } from './retry-policy';

export interface RetryContext {
  limiter: AdaptiveLimiter;
  retry: ResolvedRetryOptions;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
}

/**
 * Runs a call until it succeeds, fails for good, or runs out of attempts.
 *
 * Each attempt takes its own limiter slot and gives it back before the backoff wait,
 * i.e. retries happen *outside* the slot: a call sleeping off a 429 does not hold
 * capacity other calls could use, and its retry queues behind the (now halved) limit
 * like any new call, which is what drains a 429 storm instead of feeding it.
 */
export async function callWithRetries(model: ChatModel, request: ChatRequest, context: RetryContext): Promise<AttemptResult> {
  const signal = request.signal;
  const { limiter, retry } = context;
  for (let attempt = 1; ; attempt += 1) {
    const slot = await limiter.acquire(signal);
    let failure: unknown;
    try {
      const result = await attemptWithTimeout(model, request, context.timeoutMs, context.clock);
      limiter.succeeded();
      return result;
    } catch (error) {
      failure = error;
      // Before the slot goes back, so no waiter is let in under the old limit.
      if (error instanceof ProviderCallError && error.kind === 'rate_limit') limiter.rateLimited(slot);
    } finally {
      slot.release();
    }
    if (signal?.aborted) throw failure instanceof CallAbortedError ? failure : new CallAbortedError();
    if (!isRetryable(failure, retry)) throw failure;
    if (attempt >= retry.maxAttempts) throw withAttemptCount(failure, attempt);
    await sleep(context.clock, backoffDelayMs(attempt, failure, retry, context.random), signal);
  }
}

/** The same failure, its message saying that retrying did not help. */
function withAttemptCount(error: ProviderCallError, attempts: number): ProviderCallError {
  if (attempts <= 1) return error;
  return new ProviderCallError({
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    body: error.body,
    message: `${error.message} (gave up after ${attempts} attempts)`,
    cause: error,
  });
}
