/** How the command line words a run's cost: what was billed, what may have been, and what was replayed for free. */
import type { RunIndexEntry } from '../core/store/run-records';

type CostFields = Pick<RunIndexEntry, 'costUsd' | 'possiblyBilledCalls' | 'possiblyBilledUsd'> & { replayedCalls?: number };

const usd = (value: number) => `$${value.toFixed(4)}`;

/**
 * The cost line's text: "$0.0062 (≈$0.0004 of it possibly billed: 2 calls were in flight
 * when an earlier session stopped; 14 calls replayed from the run's journal, free)".
 */
export function runCostText(fields: CostFields): string {
  const notes: string[] = [];
  const possibly = fields.possiblyBilledCalls ?? 0;
  if (possibly > 0) {
    const amount = fields.costUsd === null ? '' : `≈${usd(fields.possiblyBilledUsd ?? 0)} of it `;
    notes.push(`${amount}possibly billed: ${possibly} call${possibly === 1 ? ' was' : 's were'} in flight when an earlier session stopped`);
  }
  const replayed = fields.replayedCalls ?? 0;
  if (replayed > 0) notes.push(`${replayed} call${replayed === 1 ? '' : 's'} replayed from the run's journal, free`);
  const total = fields.costUsd === null ? 'unknown (a model has no price; give it one with --prices <file>)' : usd(fields.costUsd);
  return notes.length > 0 ? `${total} (${notes.join('; ')})` : total;
}

/** The cost column of `runs`: "≈" marks a cost that includes possibly billed calls. */
export function runCostCell(fields: CostFields): string {
  if (fields.costUsd === null) return 'unknown';
  return `${(fields.possiblyBilledCalls ?? 0) > 0 ? '≈' : ''}${usd(fields.costUsd)}`;
}
