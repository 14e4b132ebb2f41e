import { ProviderLimiters } from './adaptive-limiter';
import { BudgetTracker, type BudgetLimits } from './budget-tracker';
import { systemClock, type Clock } from './clock';
import type { PriceOverrides } from './price-table';
import { ProviderHealthMonitors } from './provider-health';
import type { ResponseCache } from './response-cache';
import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from './retry-policy';
import { UsageTotals, type UsageEvent, type UsageListener } from './usage-totals';

/** Default per-call timeout, ms: long enough for a slow reasoning model's full reply. */
export const defaultCallTimeoutMs = 120_000;

/** How a run's model calls are governed. Every field is optional. */
export interface CallPoliciesOptions {
  /**
   * Calls in flight at once per provider: one number for all, or a default plus
   * per-provider values (`{ default: 8, perProvider: { ollama: 2 } }`). Default 8.
   */
  maxConcurrency?: number | { default?: number; perProvider?: Record<string, number> };
  /** Consecutive successes before a limit lowered by a 429 rises by one. Default 8. */
  successesToGrow?: number;
  /**
   * Limiters to share with other sets of policies in this process (a library run trains
   * several skills at once against one account): given, `maxConcurrency` and
   * `successesToGrow` are the shared limiters' own and are ignored here.
   */
  limiters?: ProviderLimiters;
  /** Providers' recent health to share the same way (a provider's failure rate is the same for every run). */
  health?: ProviderHealthMonitors;
  retry?: RetryOptions;
  /** Per attempt, ms. Default 120 000. */
  timeoutMs?: number;
  /** Where replies are cached; absent or `false` = no caching (the `--no-cache` switch). */
  cache?: ResponseCache | false;
  /** Prices from settings, over the built-in table. */
  prices?: PriceOverrides;
  /** The run's caps, or a tracker to share with another set of policies. */
  budget?: BudgetLimits | BudgetTracker;
  /** Called after each finished call (also cache hits). Must not throw. */
  onUsage?: UsageListener;
  /** Injected time, for tests. */
  clock?: Clock;
  /** Injected randomness in [0, 1) for backoff jitter, for tests. */
  random?: () => number;
}

/**
 * The shared state of one run's call policies: limiters per provider, budget, usage
 * totals, cache. Created once per run and handed to `withCallPolicies` for every role,
 * so all roles share one rate limit per vendor and one budget.
 */
export interface CallPolicies {
  readonly limiters: ProviderLimiters;
  /** Each provider's recent attempts, which raise the retries during a storm of transient errors. */
  readonly health: ProviderHealthMonitors;
  readonly retry: ResolvedRetryOptions;
  readonly timeoutMs: number;
  readonly cache: ResponseCache | undefined;
  readonly prices: PriceOverrides;
  readonly budget: BudgetTracker;
  /** Totals over every call made through these policies, overall and per label. */
  readonly totals: UsageTotals;
  readonly clock: Clock;
  readonly random: () => number;
  /** Subscribes to finished calls; returns the unsubscribe function. */
  onUsage(listener: UsageListener): () => void;
  /** Tells every listener (and `totals`) about a finished call. */
  reportUsage(event: UsageEvent): void;
}

export function createCallPolicies(options: CallPoliciesOptions = {}): CallPolicies {
  const concurrency =
    typeof options.maxConcurrency === 'number' ? { default: options.maxConcurrency } : (options.maxConcurrency ?? {});
  const timeoutMs = options.timeoutMs ?? defaultCallTimeoutMs;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0 ms, got ${timeoutMs}.`);
  const totals = new UsageTotals();
  const listeners = new Set<UsageListener>([totals.add]);
  if (options.onUsage) listeners.add(options.onUsage);
  return {
    limiters: options.limiters ?? new ProviderLimiters(concurrency, options.successesToGrow),
    health: options.health ?? new ProviderHealthMonitors(),
    retry: resolveRetryOptions(options.retry),
    timeoutMs,
    cache: options.cache || undefined,
    prices: options.prices ?? {},
    budget: options.budget instanceof BudgetTracker ? options.budget : new BudgetTracker(options.budget),
    totals,
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    onUsage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reportUsage(event) {
      for (const listener of listeners) listener(event);
    },
  };
}
