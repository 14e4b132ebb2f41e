/**
 * The budget of one skill's run inside a library run: its own caps (per run) and the
 * library's caps over every run together. A call reserves room in both before it is
 * sent, so runs in parallel cannot overshoot the library's cap between them; a refusal
 * by either stops only the run that asked (it checkpoints and can be resumed).
 */
import { SkillTrainerError } from '../errors';
import { BudgetTracker, type BudgetLimits, type BudgetReservation, type CallEstimate } from '../models/policies/budget-tracker';

/** The library run's cap was reached; the call was not sent. Code `budget_exceeded`, as for a run's own cap. */
export class LibraryBudgetExceededError extends SkillTrainerError {
  readonly limit: 'cost' | 'tokens';

  constructor(limit: 'cost' | 'tokens', estimate: CallEstimate, library: BudgetTracker) {
    const snapshot = library.snapshot();
    const committed =
      limit === 'cost'
        ? `spent $${snapshot.spentUsd.toFixed(4)} (+$${snapshot.reservedUsd.toFixed(4)} in calls still running) of its $${snapshot.limits.maxCostUsd} cap, and this ${estimate.spec} call could cost up to $${(estimate.costUsd ?? 0).toFixed(4)}`
        : `used ${snapshot.tokensUsed} tokens (+${snapshot.reservedTokens} in calls still running) of its ${snapshot.limits.maxTokens}-token cap, and this ${estimate.spec} call could use up to ${estimate.tokens}`;
    super('budget_exceeded', [
      `Library budget reached: the library run, all skills together, has ${committed}. The call was not sent. To continue, raise the library's ${limit === 'cost' ? 'maximum cost' : 'token cap'} (`,
      { option: limit === 'cost' ? 'maxCostUsd' : 'maxTokens' },
      ') and resume the library run.',
    ]);
    this.limit = limit;
  }
}

/**
 * A run's budget that also draws on the library's. `record` (spend restored from an
 * earlier session) counts in this run only: the library primes its own tracker with
 * what every member run spent before.
 */
export class RunBudgetInLibrary extends BudgetTracker {
  /** @param onLibraryRefusal hears each call the library's cap refused. */
  constructor(
    limits: BudgetLimits,
    private readonly library: BudgetTracker,
    private readonly onLibraryRefusal?: (error: LibraryBudgetExceededError) => void,
  ) {
    super(limits);
  }

  override reserve(estimate: CallEstimate): BudgetReservation {
    const own = super.reserve(estimate);
    let shared: BudgetReservation;
    try {
      shared = this.library.reserve(estimate);
    } catch (error) {
      own.cancel();
      const limit = (error as { limit?: 'cost' | 'tokens' }).limit;
      if (!limit) throw error;
      const refusal = new LibraryBudgetExceededError(limit, estimate, this.library);
      this.onLibraryRefusal?.(refusal);
      throw refusal;
    }
    return {
      settle: (spend) => {
        own.settle(spend);
        shared.settle(spend);
      },
      cancel: () => {
        own.cancel();
        shared.cancel();
      },
    };
  }
}
