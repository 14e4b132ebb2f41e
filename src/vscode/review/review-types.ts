/**
 * The plain data of an inline review: the edits a step proposes, the step they come
 * from, and the hunks they become in the person's SKILL.md. No `vscode` import, so the
 * hunk arithmetic can be tested anywhere.
 */
import type { EditStatus } from '../../core/skill';
import type { GateMetric } from '../../core/scoring/task-score';
import type { GateVerdict } from '../../core/training/gate-decision';
import type { ScorePair, StepAction, StoredEdit } from '../../core/store/run-records';

/**
 * The op of the one proposal of a slow-update review: `content` becomes the guidance in
 * the protected slow-update region (added at the end of the body when the file has none).
 */
export const SLOW_UPDATE_OP = 'slow_update';

/** One edit under review: a selected edit as the trainer stores it. */
export interface ReviewEdit extends StoredEdit {
  /** Why the optimizer proposed it; runs recorded before edits kept their reasoning have none. */
  readonly reasoning?: string;
}

/** The gate's view of the step, shown next to every proposal. */
export interface ReviewGateInfo {
  /** What the validation gate alone would do with the whole candidate. */
  readonly verdict: GateVerdict;
  readonly metric: GateMetric;
  /** Gate-metric score of the current skill before the step, 0..1. */
  readonly scoreBefore: number;
  /** Gate-metric score of the candidate (all selected edits), 0..1. */
  readonly candidateScore: number;
  /** Best gate-metric score of the run so far, 0..1. */
  readonly bestScore: number;
  /** The candidate's mean validation scores, 0..1. */
  readonly candidate?: ScorePair;
}

/** Which step the edits come from. */
export interface ReviewStepInfo {
  /** `live`: the trainer waits for the decision (gate mode review); `stored`: a finished step, reviewed on demand. */
  readonly origin: 'live' | 'stored';
  /** `slow_update`: the epoch's new guidance for the protected region, not a step's edits. */
  readonly kind?: 'slow_update';
  readonly runId?: string;
  readonly epoch?: number;
  readonly step?: number;
  readonly gate?: ReviewGateInfo;
  /** For stored steps: what the run did with the step back then. */
  readonly recordedAction?: StepAction;
}

/**
 * A hunk's life. Its proposal is written into the buffer when the review starts, so:
 * - `pending`: the proposed text is in the buffer, undecided;
 * - `edited`: the proposed text is in the buffer and the person changed some of it;
 *   Accept keeps the person's version, Reject restores the base text;
 * - `withdrawn`: undecided, but its proposed text left the buffer (an undo of the
 *   review's first write, or the person deleting it); Accept puts it back;
 * - `accepted`: kept as it stands in the buffer;
 * - `rejected`: the base text was written back over it (one undoable edit).
 * Undoing a Reject brings the proposal back: the hunk is pending again.
 */
export type HunkState = 'pending' | 'edited' | 'withdrawn' | 'accepted' | 'rejected';

/** Replace `[start, end)` of the base text by `text`. Offsets are UTF-16 indexes. */
export interface TextReplacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** An offset range `[start, end)` of some text. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** What one hunk proposes, in base-text offsets. */
export interface PlannedHunk {
  /** 0-based indexes of the edits this hunk carries (one, unless edits overlapped). */
  readonly editIndices: readonly number[];
  /** Non-overlapping replacements, in order. */
  readonly parts: readonly TextReplacement[];
  /** From the first part's start to the last part's end. */
  readonly span: OffsetRange;
  /**
   * The text the hunk stands for: `span`, widened to the whole target of a `replace` or
   * `delete`. While the hunk is withdrawn, a change by the person here stops Accept from
   * putting it back.
   */
  readonly guard: OffsetRange;
  /** The line an `insert_after` is anchored on (its target): edits touching it cannot be decided apart. */
  readonly anchor?: OffsetRange;
  /** Base text of `span`, and the same span after the parts. */
  readonly originalText: string;
  readonly proposedText: string;
  /** Lines added and removed, as a line diff counts them. */
  readonly addedLines: number;
  readonly removedLines: number;
  /** How the edit applied to the base text (`applied` or `applied_fallback_append`). */
  readonly status: EditStatus;
}

/** An edit that changes nothing in the base text, and why. */
export interface UnappliedEdit {
  readonly index: number;
  readonly status: EditStatus | 'no_change';
  /** True when the trainer's own apply report already skipped it. */
  readonly skippedByTrainer: boolean;
}

/** A hunk as commands, CodeLens, hover and tests see it. */
export interface HunkSnapshot {
  readonly id: string;
  readonly editIndices: readonly number[];
  readonly state: HunkState;
  /** Offsets in the current buffer: the proposed text while shown (pending, edited, accepted), the base text otherwise. */
  readonly range: OffsetRange;
  readonly originalText: string;
  readonly proposedText: string;
  readonly addedLines: number;
  readonly removedLines: number;
}
