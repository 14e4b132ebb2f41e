/**
 * How a run ended, in words for the end-of-run message: where a stopped run stopped,
 * and what a person decided in a review-mode run, read back from its steps: which edits were kept (and so are in the SKILL.md editor),
 * which were rejected, and how to undo the kept ones. In review mode the accepted edits
 * are already in the file when the run ends, so "unchanged until you apply" would be
 * false there.
 */
import { readStepRecords, type EpochEndRecord, type StepRecord, type TrainingStepRecord } from '../core/store';

/** The decisions of a run's reviews. */
export interface ReviewedRunDecisions {
  /** Edits the steps put before the person, and how many of them were kept. */
  readonly editsProposed: number;
  readonly editsKept: number;
  /** Steps at least one edit of which was kept, in order. */
  readonly stepsWithKeptEdits: number[];
  /** Slow updates asked about, and kept. */
  readonly slowUpdatesProposed: number;
  readonly slowUpdatesKept: number;
}

export function reviewedDecisions(records: readonly StepRecord[]): ReviewedRunDecisions {
  const steps = records.filter((record): record is TrainingStepRecord => record.kind === 'step' && record.review !== undefined);
  const slowUpdates = records.filter((record): record is EpochEndRecord => record.kind === 'epoch_end' && record.slowUpdate.review !== undefined);
  return {
    editsProposed: steps.reduce((sum, step) => sum + step.selectedEdits.length, 0),
    editsKept: steps.reduce((sum, step) => sum + step.review!.acceptedEdits.length, 0),
    stepsWithKeptEdits: steps.filter((step) => step.review!.acceptedEdits.length > 0).map((step) => step.step),
    slowUpdatesProposed: slowUpdates.length,
    slowUpdatesKept: slowUpdates.filter((record) => record.slowUpdate.review!.accepted).length,
  };
}

export async function readReviewedDecisions(workspaceRoot: string, runId: string): Promise<ReviewedRunDecisions> {
  return reviewedDecisions(await readStepRecords(workspaceRoot, runId).catch(() => []));
}

function count(value: number, word: string): string {
  return `${value} ${word}${value === 1 ? '' : 's'}`;
}

function list(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/**
 * "In review you kept 2 of 7 proposed edits (steps 1 and 3) and 1 of 2 slow updates;
 * they are in SKILL.md, not saved yet. You rejected the rest. Ctrl+Z in the editor takes
 * them back out, or Restore Checkpoint on the run's Baseline row." `saved`: whether the
 * editor's text is saved.
 */
export function describeReviewedDecisions(decisions: ReviewedRunDecisions, saved: boolean): string {
  const { editsProposed, editsKept, stepsWithKeptEdits, slowUpdatesProposed, slowUpdatesKept } = decisions;
  if (editsProposed === 0 && slowUpdatesProposed === 0) return 'No step came to review.';
  const kept = slowUpdatesKept > 0 || editsKept > 0;
  const parts: string[] = [];
  if (editsProposed > 0) {
    parts.push(`${editsKept} of ${count(editsProposed, 'proposed edit')}${stepsWithKeptEdits.length > 0 ? ` (step${stepsWithKeptEdits.length === 1 ? '' : 's'} ${list(stepsWithKeptEdits)})` : ''}`);
  }
  if (slowUpdatesProposed > 0) parts.push(`${slowUpdatesKept} of ${count(slowUpdatesProposed, 'slow update')}`);
  if (!kept) {
    const rejected = [editsProposed > 0 ? count(editsProposed, 'proposed edit') : '', slowUpdatesProposed > 0 ? count(slowUpdatesProposed, 'slow update') : ''].filter(Boolean);
    return `In review you rejected all ${rejected.join(' and ')}; your SKILL.md is as it was.`;
  }
  const where = saved ? 'they are in your SKILL.md, saved' : 'they are in your SKILL.md, not saved yet';
  const rejected = editsKept < editsProposed || slowUpdatesKept < slowUpdatesProposed ? ' You rejected the rest.' : '';
  return `In review you kept ${parts.join(' and ')}; ${where}.${rejected} Ctrl+Z in the editor takes them back out, or Restore Checkpoint on the run's Baseline row.`;
}

/** "after step 3 of 8", or "before its first step finished" (never "after step 0"). */
export function stoppedWhere(stepsDone: number, totalSteps: number | undefined): string {
  if (stepsDone === 0) return 'before its first step finished';
  return `after step ${stepsDone}${totalSteps ? ` of ${totalSteps}` : ''}`;
}
