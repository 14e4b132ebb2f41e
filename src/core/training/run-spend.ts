/**
 * What a run has spent on model calls, read from its call journal (`calls.jsonl`):
 * every call that was answered, in every session of the run, with the usage the
 * provider reported. Replays from the journal are never written to it and cache hits
 * cost zero, so nothing is counted twice.
 *
 * A call that was started but neither answered nor failed (the process was killed, the
 * machine lost power, the run was cancelled while it was in flight) may still have
 * been billed by the provider: it is counted apart as *possibly billed*, estimated
 * from the answered calls of the same kind, and never dropped. A resumed run's budget
 * starts from both, so a cap covers the whole run — the tokens as well as the cost.
 */
import type { BudgetTracker } from '../models/policies/budget-tracker';
import { readJsonLines, type StoreWarning } from '../store/jsonl-file';
import { openRunStore } from '../store/run-store';
import type { JournalRecord } from './call-journal';

/** Calls, tokens and USD of a set of calls. */
export interface SpendTotals {
  calls: number;
  /** Input + output tokens. */
  tokens: number;
  /** USD of the calls whose price is known. */
  costUsd: number;
  /** Calls whose price is unknown (their cost is not in `costUsd`). */
  unknownCostCalls: number;
}

export interface RunSpend extends SpendTotals {
  /** Calls in flight when a session of the run stopped: estimated, possibly billed. */
  possiblyBilled: SpendTotals;
}

function emptyTotals(): SpendTotals {
  return { calls: 0, tokens: 0, costUsd: 0, unknownCostCalls: 0 };
}

/** Adds one call's tokens and cost (null: unknown price) to `totals`. */
export function addCall(totals: SpendTotals, tokens: number, costUsd: number | null): void {
  totals.calls += 1;
  totals.tokens += tokens;
  if (costUsd === null) totals.unknownCostCalls += 1;
  else totals.costUsd += costUsd;
}

type StartRecord = Extract<JournalRecord, { type: 'start' }>;
type DoneRecord = Extract<JournalRecord, { type: 'done' }>;

/** Mean tokens and cost of answered calls, by a grouping key. */
class CallAverages {
  private readonly groups = new Map<string, { calls: number; tokens: number; cost: number; unknown: number }>();

  add(key: string, record: DoneRecord): void {
    const group = this.groups.get(key) ?? { calls: 0, tokens: 0, cost: 0, unknown: 0 };
    group.calls += 1;
    group.tokens += record.usage.inputTokens + record.usage.outputTokens;
    if (record.usage.costUsd === null) group.unknown += 1;
    else group.cost += record.usage.costUsd;
    this.groups.set(key, group);
  }

  /** Mean tokens and USD (null when any call of the group had no price), or undefined without calls. */
  mean(key: string): { tokens: number; costUsd: number | null } | undefined {
    const group = this.groups.get(key);
    if (!group) return undefined;
    return { tokens: group.tokens / group.calls, costUsd: group.unknown > 0 ? null : group.cost / group.calls };
  }
}

/**
 * The estimate of a call that may have been billed: like the answered calls with the
 * same label (`rollout`, `reflect`, ...) and role, else the same role; without either,
 * its request's size and an unknown price.
 */
function estimateOf(start: StartRecord, averages: CallAverages): { tokens: number; costUsd: number | null } {
  return (
    averages.mean(`${start.role}|${start.label ?? ''}`) ??
    averages.mean(start.role) ?? { tokens: (start.inputTokens ?? 0) + (start.maxOutputTokens ?? 0), costUsd: null }
  );
}

/** A start left without an answer or a failure, with the estimate it is counted at. */
export interface UnansweredCall {
  start: StartRecord;
  tokens: number;
  costUsd: number | null;
}

/**
 * What the journal's records say was spent, and the calls still left open (read it when
 * no session of the run is running: those were in flight when a session stopped, and
 * count as possibly billed). An `unanswered` record, written when a later session
 * opened the journal, keeps the estimate it was counted at, so it never changes.
 */
export function tallyJournal(records: readonly JournalRecord[]): { spend: RunSpend; unanswered: UnansweredCall[] } {
  const spend: RunSpend = { ...emptyTotals(), possiblyBilled: emptyTotals() };
  const averages = new CallAverages();
  /** Starts of each key not yet matched by an answer, a failure or an estimate, oldest first. */
  const open = new Map<string, StartRecord[]>();
  for (const record of records) {
    if (record.type === 'start') {
      open.set(record.key, [...(open.get(record.key) ?? []), record]);
      continue;
    }
    open.get(record.key)?.shift();
    if (record.type === 'done') {
      addCall(spend, record.usage.inputTokens + record.usage.outputTokens, record.usage.costUsd);
      averages.add(`${record.role}|${record.label ?? ''}`, record);
      averages.add(record.role, record);
    } else if (record.type === 'unanswered') {
      addCall(spend.possiblyBilled, record.tokens, record.costUsd);
    }
  }
  const unanswered = [...open.values()].flat().map((start) => {
    const estimate = estimateOf(start, averages);
    return { start, tokens: Math.round(estimate.tokens), costUsd: estimate.costUsd };
  });
  for (const call of unanswered) addCall(spend.possiblyBilled, call.tokens, call.costUsd);
  return { spend, unanswered };
}

/** What the journal's records say was spent (calls left open counted as possibly billed). */
export function summarizeJournal(records: readonly JournalRecord[]): RunSpend {
  return tallyJournal(records).spend;
}

/** Sums the journal of run `runId` in the store of `workspaceRoot`; a run without a journal spent nothing. */
export async function readRunSpend(workspaceRoot: string, runId: string, warn?: StoreWarning): Promise<RunSpend> {
  const run = await openRunStore(workspaceRoot).openRun(runId);
  return summarizeJournal(await readJsonLines<JournalRecord>(run.path('calls.jsonl'), warn));
}

/**
 * The run's cost as far as the tool can know what the provider billed: every answered
 * call plus the estimate of those possibly billed; null when some call's price is unknown.
 */
export function runCostUsd(spend: RunSpend): number | null {
  if (spend.unknownCostCalls > 0 || spend.possiblyBilled.unknownCostCalls > 0) return null;
  return spend.costUsd + spend.possiblyBilled.costUsd;
}

/** Counts what the run spent before (possibly billed calls included) in a fresh budget, so its caps hold for the whole run. */
export function carrySpendInto(budget: Pick<BudgetTracker, 'record'>, spend: RunSpend): void {
  for (const totals of [spend, spend.possiblyBilled]) {
    budget.record({ tokens: totals.tokens, costUsd: totals.costUsd });
    for (let call = 0; call < totals.unknownCostCalls; call += 1) budget.record({ tokens: 0, costUsd: null });
  }
}
