import type { ChatModel, ChatRequest } from '../chat-model';
import { CallAbortedError, ProviderCallError } from '../model-errors';
import { sleep } from './abort';
import type { AdaptiveLimiter } from './adaptive-limiter';
import type { CallPolicies } from './call-policies';
import { attemptWithTimeout, type AttemptResult } from './attempt-with-timeout';
import type { Clock } from './clock';
import type { ProviderHealth } from './provider-health';
import { backoffDelayMs, isRetryable, type ResolvedRetryOptions } from './retry-policy';

export interface RetryContext {
  limiter: AdaptiveLimiter;
  retry: ResolvedRetryOptions;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  /** The provider's recent attempts: raises the attempts of a call during a storm of transient errors. */
  health: ProviderHealth;
}

/** The retry context of one provider's calls under a run's call policies (its limiter and health are shared by every model of the provider). */
export function retryContextFor(policies: CallPolicies, provider: string): RetryContext {
  return {
    limiter: policies.limiters.forProvider(provider),
    retry: policies.retry,
    timeoutMs: policies.timeoutMs,
    clock: policies.clock,
    random: policies.random,
    health: policies.health.forProvider(provider),
  };
}

/**
 * Runs a call until it succeeds, fails for good, or runs out of attempts: the
 * configured number, raised while the provider is flaky but not down (see
 * `ProviderHealth.attemptsAllowed`).
 *
 * Each attempt takes its own limiter slot and gives it back before the backoff wait,
 * i.e. retries happen *outside* the slot: a call sleeping off a 429 does not hold
 * capacity other calls could use, and its retry queues behind the (now halved) limit
 * like any new call, which is what drains a 429 storm instead of feeding it.
 */
export async function callWithRetries(model: ChatModel, request: ChatRequest, context: RetryContext): Promise<AttemptResult> {
  const signal = request.signal;
  const { limiter, retry, health } = context;
  for (let attempt = 1; ; attempt += 1) {
    const slot = await limiter.acquire(signal);
    let failure: unknown;
    try {
      const result = await attemptWithTimeout(model, request, context.timeoutMs, context.clock);
      limiter.succeeded();
      health.record('ok');
      return result;
    } catch (error) {
      failure = error;
      // Before the slot goes back, so no waiter is let in under the old limit.
      if (error instanceof ProviderCallError && error.kind === 'rate_limit') limiter.rateLimited(slot);
    } finally {
      slot.release();
    }
    if (signal?.aborted) throw failure instanceof CallAbortedError ? failure : new CallAbortedError();
    if (!isRetryable(failure, retry)) {
      health.record('permanent');
      throw failure;
    }
    health.record('transient', failure.status !== undefined ? `HTTP ${failure.status}` : failure.kind.replace('_', ' '));
    const allowed = health.attemptsAllowed(retry.maxAttempts);
    if (attempt >= allowed) throw withAttemptCount(failure, attempt, health);
    if (asksForLongerThanRetriesWait(failure, attempt, allowed, retry)) throw withWaitTooLong(failure, attempt, allowed, retry);
    await sleep(context.clock, backoffDelayMs(attempt, failure, retry, context.random), signal);
  }
}

/**
 * The same failure, its message saying that retrying did not help and, when most recent
 * attempts to the provider failed, that the provider is down (not this call unlucky).
 */
function withAttemptCount(error: ProviderCallError, attempts: number, health: ProviderHealth): ProviderCallError {
  if (attempts <= 1 && !health.isDown) return error;
  const down = health.isDown
    ? ` ${error.provider} looks down: ${health.describe()}. Try again later (a stopped run resumes where it stopped), or use another model or endpoint.`
    : '';
  return new ProviderCallError({
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    body: error.body,
    message: `${error.message} (gave up after ${attempts} attempt${attempts === 1 ? '' : 's'})${down}`,
    cause: error,
  });
}

/**
 * A server that asks to wait longer than every remaining retry could wait in total (a
 * daily quota: "retry in 20 hours") is not retried: the attempts would only earn more
 * refusals. The waits a retry makes are capped at maxDelayMs each.
 */
function asksForLongerThanRetriesWait(error: ProviderCallError, attempt: number, allowed: number, retry: ResolvedRetryOptions): boolean {
  return error.retryAfterMs !== undefined && error.retryAfterMs > retry.maxDelayMs * (allowed - attempt);
}

function withWaitTooLong(error: ProviderCallError, attempts: number, allowed: number, retry: ResolvedRetryOptions): ProviderCallError {
  const remaining = retry.maxDelayMs * (allowed - attempts);
  return new ProviderCallError({
    provider: error.provider,
    kind: error.kind,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    body: error.body,
    message:
      `${error.message} The wait of ${formatWait(error.retryAfterMs!)} asked for is more than the remaining retries would wait ` +
      `(${formatWait(remaining)} in all), so the call was not retried. Try again after it (a stopped run resumes where it stopped), or use another model or key.`,
    cause: error,
  });
}

function formatWait(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
}
