import { CallAbortedError } from '../model-errors';

/** Settings of one provider's concurrency limiter. */
export interface AdaptiveLimiterOptions {
  /** The configured maximum of calls in flight at once; the limit never rises above it. */
  maxConcurrency: number;
  /**
   * Consecutive successful calls after which a lowered limit rises by one.
   * Default: 8, small enough to recover within a batch, large enough not to oscillate.
   */
  successesToGrow?: number;
}

/** What the limiter holds for one call; hand it back to `release`, `rateLimited` or `succeeded`. */
export interface LimiterSlot {
  /** The limiter's generation when the slot was granted (see `rateLimited`). */
  readonly generation: number;
  /** Gives the slot back. Idempotent. */
  release(): void;
}

interface Waiter {
  grant: (slot: LimiterSlot) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * A semaphore whose size adapts to the vendor's rate limit, AIMD style (as TCP does):
 * a 429 halves the limit (minimum 1), a run of successes adds one back, never above the
 * configured maximum. Waiting callers are served in order and leave the queue the moment
 * their AbortSignal fires.
 */
export class AdaptiveLimiter {
  readonly maxConcurrency: number;
  private readonly successesToGrow: number;
  private currentLimit: number;
  private active = 0;
  private successStreak = 0;
  /**
   * Bumped at every halving. A 429 from a call that started before the last halving
   * says nothing new (it was sent under the old limit), so it does not halve again;
   * without this, one burst of 8 concurrent 429s would drop the limit from 8 to 1.
   */
  private generation = 0;
  private readonly waiters: Waiter[] = [];

  constructor(options: AdaptiveLimiterOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be a whole number >= 1, got ${options.maxConcurrency}.`);
    }
    this.maxConcurrency = options.maxConcurrency;
    this.currentLimit = options.maxConcurrency;
    this.successesToGrow = Math.max(1, options.successesToGrow ?? 8);
  }

  /** How many calls may be in flight now. */
  get limit(): number {
    return this.currentLimit;
  }

  /** Calls in flight now. */
  get inFlight(): number {
    return this.active;
  }

  /** Calls waiting for a slot now. */
  get queued(): number {
    return this.waiters.length;
  }

  /** Waits for a free slot; rejects with `CallAbortedError` as soon as `signal` fires. */
  acquire(signal?: AbortSignal): Promise<LimiterSlot> {
    if (signal?.aborted) return Promise.reject(new CallAbortedError());
    if (this.waiters.length === 0 && this.active < this.currentLimit) {
      return Promise.resolve(this.grantSlot());
    }
    return new Promise<LimiterSlot>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          const index = this.waiters.indexOf(waiter);
          if (index >= 0) this.waiters.splice(index, 1);
          reject(new CallAbortedError());
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Records a 429 for a call holding `slot`: halves the limit once per generation. */
  rateLimited(slot: LimiterSlot): void {
    this.successStreak = 0;
    if (slot.generation !== this.generation) return;
    this.generation += 1;
    this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
  }

  /** Records a successful call: after a run of successes a lowered limit rises by one. */
  succeeded(): void {
    if (this.currentLimit >= this.maxConcurrency) {
      this.successStreak = 0;
      return;
    }
    this.successStreak += 1;
    if (this.successStreak >= this.successesToGrow) {
      this.successStreak = 0;
      this.currentLimit += 1;
      this.drain();
    }
  }

  private grantSlot(): LimiterSlot {
    this.active += 1;
    let released = false;
    return {
      generation: this.generation,
      release: () => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.drain();
      },
    };
  }

  private drain(): void {
    while (this.waiters.length > 0 && this.active < this.currentLimit) {
      const waiter = this.waiters.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.grant(this.grantSlot());
    }
  }
}

/**
 * One limiter per provider, created on first use, shared by every model of that provider
 * in a run (the vendor's rate limit is per account, not per role).
 */
export class ProviderLimiters {
  private readonly limiters = new Map<string, AdaptiveLimiter>();

  /**
   * @param maxConcurrency calls in flight per provider, by provider name; `default`
   *   applies to providers not named. Default 8.
   */
  constructor(
    private readonly maxConcurrency: { default?: number; perProvider?: Record<string, number> } = {},
    private readonly successesToGrow?: number,
  ) {}

  forProvider(provider: string): AdaptiveLimiter {
    let limiter = this.limiters.get(provider);
    if (!limiter) {
      const max = this.maxConcurrency.perProvider?.[provider] ?? this.maxConcurrency.default ?? 8;
      limiter = new AdaptiveLimiter({ maxConcurrency: max, successesToGrow: this.successesToGrow });
      this.limiters.set(provider, limiter);
    }
    return limiter;
  }
}
