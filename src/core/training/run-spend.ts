/**
 * What a run has spent on model calls so far, read from its call journal
 * (`calls.jsonl`): every call that was sent, in every session of the run. Replays from
 * the journal are never written to it and cache hits count zero, so nothing is counted
 * twice. A resumed run's budget starts from this, so a cap covers the whole run — the
 * tokens as well as the cost.
 */
import type { BudgetTracker } from '../models/policies/budget-tracker';
import { readJsonLines, type StoreWarning } from '../store/jsonl-file';
import { openRunStore } from '../store/run-store';
import type { JournalRecord } from './call-journal';

export interface RunSpend {
  /** Calls that finished and were recorded. */
  calls: number;
  /** Input + output tokens of those calls. */
  tokens: number;
  /** USD of the calls whose price was known. */
  costUsd: number;
  /** Calls whose price was unknown (their cost is not in `costUsd`). */
  unknownCostCalls: number;
}

/** Sums the journal of run `runId` in the store of `workspaceRoot`; a run without a journal spent nothing. */
export async function readRunSpend(workspaceRoot: string, runId: string, warn?: StoreWarning): Promise<RunSpend> {
  const run = await openRunStore(workspaceRoot).openRun(runId);
  const spend: RunSpend = { calls: 0, tokens: 0, costUsd: 0, unknownCostCalls: 0 };
  for (const record of await readJsonLines<JournalRecord>(run.path('calls.jsonl'), warn)) {
    if (record.type !== 'done') continue;
    spend.calls += 1;
    spend.tokens += record.usage.inputTokens + record.usage.outputTokens;
    if (record.usage.costUsd === null) spend.unknownCostCalls += 1;
    else spend.costUsd += record.usage.costUsd;
  }
  return spend;
}

/** Counts what the run spent before in a fresh budget, so its caps hold for the whole run. */
export function carrySpendInto(budget: Pick<BudgetTracker, 'record'>, spend: RunSpend): void {
  budget.record({ tokens: spend.tokens, costUsd: spend.costUsd });
  for (let call = 0; call < spend.unknownCostCalls; call += 1) budget.record({ tokens: 0, costUsd: null });
}
