/**
 * How a provider has been answering lately, and what that means for retries. A storm
 * of transient errors (429s, 5xx, cut-off replies) that still lets many attempts
 * through should cost time, not tasks: with 45 % of attempts failing, a call given 5
 * attempts still fails 1.8 % of the time (0.45^5), which loses a task or two in every
 * 40-task eval. So a call may make as many attempts as it takes for the chance of all
 * of them failing, at the provider's recent failure rate, to drop below 1 in 10 000.
 * A provider failing nearly every attempt is down: its calls keep the configured
 * attempts (hammering it helps nobody), and once half or more of the recent attempts
 * failed, a call that gives up says the provider looks down, not that it was unlucky.
 */

/** Attempts kept per provider (the oldest drop out). */
const windowSize = 100;
/** Attempts seen before the rate is trusted; below it, calls keep the configured attempts. */
const minimumSamples = 10;
/** At or above this failure rate a call that gives up says the provider looks down. */
export const downFailureRate = 0.5;
/** At or above this failure rate the provider is out: no raised attempts. */
const outageFailureRate = 0.8;
/**
 * The rate the raised attempts are sized for at most: a sample of 100 attempts at a
 * true 45 % can read 55 %, and the budget must not collapse then.
 */
const sizingRateCeiling = 0.6;
/** Chance, accepted per call, that every one of its attempts fails during a storm. */
const acceptedLossChance = 1e-4;
/** Raised budgets stay within this many times the configured attempts... */
const maxRaiseFactor = 4;
/** ...and within this many attempts in all. */
const maxAttemptsEver = 30;

/** What one attempt did: answered, failed in a way worth retrying, or failed for good. */
export type AttemptOutcome = 'ok' | 'transient' | 'permanent';

export class ProviderHealth {
  /** true = a transient failure; permanent failures say nothing about the provider's health. */
  private readonly recent: boolean[] = [];
  private readonly failuresByReason = new Map<string, number>();

  /** Records one attempt; `reason` names a transient failure ("HTTP 429", "HTTP 500", "malformed_response"). */
  record(outcome: AttemptOutcome, reason?: string): void {
    if (outcome === 'permanent') return;
    this.recent.push(outcome === 'transient');
    if (outcome === 'transient') this.failuresByReason.set(reason ?? 'error', (this.failuresByReason.get(reason ?? 'error') ?? 0) + 1);
    if (this.recent.length > windowSize) this.recent.shift();
  }

  /** Transient failures among the recent attempts. */
  get recentFailures(): { failed: number; attempts: number } {
    return { failed: this.recent.filter(Boolean).length, attempts: this.recent.length };
  }

  /** True when enough attempts were seen and at least half of them failed. */
  get isDown(): boolean {
    const { failed, attempts } = this.recentFailures;
    return attempts >= minimumSamples && failed / attempts >= downFailureRate;
  }

  /** Attempts a call may make now, given the configured `configured` (at least that many). */
  attemptsAllowed(configured: number): number {
    const { failed, attempts } = this.recentFailures;
    if (attempts < minimumSamples || failed === 0 || failed / attempts >= outageFailureRate) return configured;
    const rate = Math.min(failed / attempts, sizingRateCeiling);
    const needed = Math.ceil(Math.log(acceptedLossChance) / Math.log(rate));
    return Math.max(configured, Math.min(needed, configured * maxRaiseFactor, maxAttemptsEver));
  }

  /** "37 of the last 50 attempts failed (HTTP 429 ×20, HTTP 500 ×17)". */
  describe(): string {
    const { failed, attempts } = this.recentFailures;
    const reasons = [...this.failuresByReason.entries()].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ×${count}`);
    return `${failed} of its last ${attempts} attempts failed${reasons.length > 0 ? ` (since the start: ${reasons.join(', ')})` : ''}`;
  }
}

/** One ProviderHealth per provider, shared by every role of a run. */
export class ProviderHealthMonitors {
  private readonly monitors = new Map<string, ProviderHealth>();

  forProvider(provider: string): ProviderHealth {
    let monitor = this.monitors.get(provider);
    if (!monitor) this.monitors.set(provider, (monitor = new ProviderHealth()));
    return monitor;
  }
}
