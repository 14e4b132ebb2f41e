import { SkillTrainerError } from '../../errors';

/** The caps of one run; each is off when absent. */
export interface BudgetLimits {
  /** Hard cap on spend, USD. */
  maxCostUsd?: number;
  /** Hard cap on tokens (input + output, all roles). */
  maxTokens?: number;
}

/** What a run has used so far, and what calls in flight may still use. */
export interface BudgetSnapshot {
  spentUsd: number;
  tokensUsed: number;
  /** Upper-bound cost of the calls sent but not finished, USD. */
  reservedUsd: number;
  reservedTokens: number;
  /** Finished calls whose price was unknown; their cost is not in `spentUsd`. */
  unknownCostCalls: number;
  limits: BudgetLimits;
}

/** The expected size of a call, estimated before it is sent. */
export interface CallEstimate {
  /** For the error message, e.g. `openai:gpt-5`. */
  spec: string;
  /** Input + output tokens at most. */
  tokens: number;
  /** Upper-bound cost, USD; `null` when the price is unknown (only the token cap applies). */
  costUsd: number | null;
}

/** What a call actually used, recorded once it is done. */
export interface CallSpend {
  tokens: number;
  /** `null` when the price is unknown. */
  costUsd: number | null;
}

/**
 * A call was refused because it could cross the run's budget. The trainer catches it,
 * checkpoints and stops; nothing was sent.
 */
export class BudgetExceededError extends SkillTrainerError {
  readonly limit: 'cost' | 'tokens';
  readonly snapshot: BudgetSnapshot;

  constructor(limit: 'cost' | 'tokens', estimate: CallEstimate, snapshot: BudgetSnapshot) {
    const committed =
      limit === 'cost'
        ? `spent $${snapshot.spentUsd.toFixed(4)} (+$${snapshot.reservedUsd.toFixed(4)} in calls still running) of the $${snapshot.limits.maxCostUsd} cap, and this ${estimate.spec} call could cost up to $${(estimate.costUsd ?? 0).toFixed(4)}`
        : `used ${snapshot.tokensUsed} tokens (+${snapshot.reservedTokens} in calls still running) of the ${snapshot.limits.maxTokens}-token cap, and this ${estimate.spec} call could use up to ${estimate.tokens}`;
    // The option is left for the front end to name (a flag on the command line, a setting in VS Code).
    super('budget_exceeded', [
      `Budget reached: the run has ${committed}. The call was not sent. To continue, raise the ${limit === 'cost' ? 'maximum cost' : 'token cap'} (`,
      { option: limit === 'cost' ? 'maxCostUsd' : 'maxTokens' },
      ') and resume the run.',
    ]);
    this.limit = limit;
    this.snapshot = snapshot;
  }
}

/** A call's claim on the budget while it runs. */
export interface BudgetReservation {
  /** Records what the call actually used and frees the claim. */
  settle(spend: CallSpend): void;
  /** Frees the claim of a call that failed or was cancelled. */
  cancel(): void;
}

/**
 * One budget shared by every role of a run. A call reserves its upper-bound estimate
 * before it is sent, so concurrent calls together cannot overshoot the cap, and is
 * refused with `BudgetExceededError` when spent + reserved + estimate would cross it.
 * After the call, the actual spend replaces the reservation.
 */
export class BudgetTracker {
  private spentUsd = 0;
  private tokensUsed = 0;
  private reservedUsd = 0;
  private reservedTokens = 0;
  private unknownCostCalls = 0;

  constructor(readonly limits: BudgetLimits = {}) {
    for (const [name, value] of Object.entries(limits)) {
      if (value !== undefined && !(value >= 0)) throw new RangeError(`Budget ${name} must be a number >= 0, got ${value}.`);
    }
  }

  /** Claims room for a call, or throws `BudgetExceededError` without claiming anything. */
  reserve(estimate: CallEstimate): BudgetReservation {
    const { maxCostUsd, maxTokens } = this.limits;
    if (maxCostUsd !== undefined && estimate.costUsd !== null) {
      if (this.spentUsd + this.reservedUsd + estimate.costUsd > maxCostUsd) {
        throw new BudgetExceededError('cost', estimate, this.snapshot());
      }
    }
    if (maxTokens !== undefined && this.tokensUsed + this.reservedTokens + estimate.tokens > maxTokens) {
      throw new BudgetExceededError('tokens', estimate, this.snapshot());
    }
    const reservedUsd = estimate.costUsd ?? 0;
    this.reservedUsd += reservedUsd;
    this.reservedTokens += estimate.tokens;
    let open = true;
    const release = () => {
      if (!open) return false;
      open = false;
      this.reservedUsd -= reservedUsd;
      this.reservedTokens -= estimate.tokens;
      return true;
    };
    return {
      settle: (spend) => {
        if (!release()) return;
        this.record(spend);
      },
      cancel: () => {
        release();
      },
    };
  }

  /** Records spend that did not go through `reserve` (e.g. restored from a checkpoint). */
  record(spend: CallSpend): void {
    this.tokensUsed += spend.tokens;
    if (spend.costUsd === null) this.unknownCostCalls += 1;
    else this.spentUsd += spend.costUsd;
  }

  snapshot(): BudgetSnapshot {
    return {
      spentUsd: this.spentUsd,
      tokensUsed: this.tokensUsed,
      reservedUsd: Math.max(0, this.reservedUsd),
      reservedTokens: this.reservedTokens,
      unknownCostCalls: this.unknownCostCalls,
      limits: { ...this.limits },
    };
  }
}
