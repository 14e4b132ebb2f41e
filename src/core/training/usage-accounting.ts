/**
 * Tokens, calls and cost of a run, in total and per stage of the current step. A stage
 * is the call's label (`reflect`, `merge`, `rank`, ...), except that target and judge
 * calls count under the phase that made them (`rollout`, `validation`, `slow_update`,
 * `test`). Costs are USD; one call of unknown price makes the total unknown (null).
 */
import type { StageUsage } from '../store/run-records';
import type { JournaledCall } from './call-journal';

export interface UsageTotals {
  calls: number;
  replayedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export function emptyTotals(): UsageTotals {
  return { calls: 0, replayedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
}

function emptyStage(): StageUsage {
  return { calls: 0, replayedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, wallMs: 0 };
}

function addCost(total: number | null, cost: number | null): number | null {
  return total === null || cost === null ? null : total + cost;
}

export class UsageAccounting {
  /** The phase target and judge calls are counted under. */
  phase = 'rollout';
  private stages: Record<string, StageUsage> = {};

  constructor(readonly totals: UsageTotals) {}

  record(call: JournaledCall): void {
    const stage = call.label === 'rollout' || call.label === 'judge' || call.role !== 'optimizer' ? this.phase : call.label;
    const usage = (this.stages[stage] ??= emptyStage());
    for (const target of [usage, this.totals]) {
      target.calls += 1;
      if (call.replayed) target.replayedCalls += 1;
      target.inputTokens += call.usage.inputTokens;
      target.outputTokens += call.usage.outputTokens;
      target.costUsd = addCost(target.costUsd, call.replayed ? 0 : call.usage.costUsd);
    }
  }

  /** Adds wall time (ms) to a stage. */
  time(stage: string, wallMs: number): void {
    (this.stages[stage] ??= emptyStage()).wallMs += wallMs;
  }

  /** The per-stage usage since the last call, and a fresh start. */
  takeStages(): Record<string, StageUsage> {
    const stages = this.stages;
    this.stages = {};
    return stages;
  }
}
