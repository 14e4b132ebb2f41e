/**
 * One inline review of one SKILL.md: the base text taken from the open buffer when the
 * review began, the hunks the step's edits make of it, and their states as the buffer
 * moves on. Pure (no `vscode`): the manager feeds it the buffer's text and writes the
 * replacements it hands out.
 *
 * How the buffer is followed: the text the review expects is the base with every
 * accepted hunk applied; a character diff between that and the buffer gives the
 * person's own changes. A change inside a pending hunk marks it `edited` (their text
 * wins), a change of the text it is anchored on marks it `stale`, any other change only
 * shifts it. Undoing the typing turns the hunk pending again; undoing an accept (or
 * deleting the accepted text) does too.
 */
import { planHunks, type TrainerReportLine } from './plan-hunks';
import type {
  HunkSnapshot,
  HunkState,
  OffsetRange,
  PlannedHunk,
  ReviewEdit,
  ReviewStepInfo,
  TextReplacement,
  UnappliedEdit,
} from './review-types';
import { applyReplacements, diffRegions, mapOffset, mapRange, touches } from './text-regions';

/** What a review starts from. */
export interface ReviewSessionInit {
  /** Unique in this window; hunk ids are `<id>:<n>`. */
  readonly id: string;
  /** The buffer's text and version when the review began. */
  readonly baseText: string;
  readonly baseVersion: number;
  readonly edits: readonly ReviewEdit[];
  readonly step: ReviewStepInfo;
  /** The trainer's apply report: edits it skipped are listed, never offered. */
  readonly trainerReport?: readonly TrainerReportLine[];
}

/** A hunk and its state. */
export interface ReviewHunk extends PlannedHunk {
  readonly id: string;
  /** 1-based position in the document, for titles ("edit 2 of 3"). */
  readonly number: number;
  state: HunkState;
}

/** Thrown when a hunk cannot be written into the buffer; the message says why and what to do. */
export class HunkNotApplicableError extends Error {
  constructor(
    readonly hunkId: string,
    readonly state: HunkState,
    message: string,
  ) {
    super(message);
    this.name = 'HunkNotApplicableError';
  }
}

export class ReviewSession {
  readonly id: string;
  readonly baseText: string;
  readonly baseVersion: number;
  readonly edits: readonly ReviewEdit[];
  readonly step: ReviewStepInfo;
  readonly hunks: readonly ReviewHunk[];
  readonly unapplied: readonly UnappliedEdit[];
  private currentText: string;
  private currentVersion: number;
  /** The person's changes: regions of the expected text replaced in the buffer. */
  private personChanges: TextReplacement[] = [];

  constructor(init: ReviewSessionInit) {
    this.id = init.id;
    this.baseText = init.baseText;
    this.baseVersion = init.baseVersion;
    this.edits = init.edits;
    this.step = init.step;
    const plan = planHunks(init.baseText, init.edits, init.trainerReport);
    this.hunks = plan.hunks.map((hunk, index) => ({ ...hunk, id: `${init.id}:${index + 1}`, number: index + 1, state: 'pending' }));
    this.unapplied = plan.unapplied;
    this.currentText = init.baseText;
    this.currentVersion = init.baseVersion;
  }

  /** The buffer version the states were last computed for. */
  get syncedVersion(): number {
    return this.currentVersion;
  }

  /** The buffer text the states were last computed for. */
  get syncedText(): string {
    return this.currentText;
  }

  hunk(id: string): ReviewHunk | undefined {
    return this.hunks.find((hunk) => hunk.id === id);
  }

  /** Hunks still waiting for the person: pending, edited or stale. */
  undecided(): ReviewHunk[] {
    return this.hunks.filter((hunk) => hunk.state !== 'accepted' && hunk.state !== 'rejected');
  }

  /** True once every hunk is accepted or rejected. */
  get isComplete(): boolean {
    return this.undecided().length === 0;
  }

  /** 0-based indexes of the selected edits whose hunks are accepted, ascending. */
  acceptedEditIndices(): number[] {
    return this.hunks
      .filter((hunk) => hunk.state === 'accepted')
      .flatMap((hunk) => hunk.editIndices)
      .sort((a, b) => a - b);
  }

  /** The base text with every hunk applied: the step's whole proposal for this file. */
  proposedText(): string {
    return applyReplacements(this.baseText, this.hunks.flatMap((hunk) => hunk.parts));
  }

  /**
   * Follows the buffer: recomputes every hunk's state and position for `text`.
   * Returns true when some state changed.
   */
  sync(text: string, version: number): boolean {
    const before = this.hunks.map((hunk) => hunk.state).join();
    this.currentText = text;
    this.currentVersion = version;
    for (;;) {
      const accepted = this.hunks.filter((hunk) => hunk.state === 'accepted');
      const changes = diffRegions(this.expectedText(accepted), text);
      const undone = accepted.find((hunk) => this.wasUndone(hunk, accepted, changes, text));
      if (undone) {
        undone.state = 'pending';
        continue;
      }
      this.personChanges = changes;
      break;
    }
    for (const hunk of this.undecided()) {
      const guard = this.expectedRange(hunk.guard);
      const anchor = hunk.anchor && this.expectedRange(hunk.anchor);
      if (this.personChanges.some((change) => touches(change, guard))) hunk.state = 'edited';
      else if (anchor && this.personChanges.some((change) => touches(change, anchor))) hunk.state = 'stale';
      else hunk.state = 'pending';
    }
    return before !== this.hunks.map((hunk) => hunk.state).join();
  }

  /**
   * Where the hunk is in the buffer: its original text while undecided, its proposed
   * text once accepted. Offsets into the text of the last `sync`.
   */
  rangeOf(hunk: ReviewHunk): OffsetRange {
    if (hunk.state === 'edited') {
      const range = this.expectedRange(hunk.guard);
      // Widen over the person's typing, so the "edited by you" marker covers it.
      return { start: mapOffset(this.personChanges, range.start, 'left'), end: mapOffset(this.personChanges, range.end, 'right') };
    }
    return mapRange(this.personChanges, this.expectedRange(hunk.span, hunk));
  }

  /** Where one of the hunk's replacements (or its anchor) is in the buffer. */
  currentRange(range: OffsetRange, hunk?: ReviewHunk): OffsetRange {
    return mapRange(this.personChanges, this.expectedRange(range, hunk));
  }

  /**
   * The replacements that write a pending hunk into the buffer, in buffer offsets of
   * the last `sync`. Throws HunkNotApplicableError when the hunk is not pending.
   */
  replacementsFor(hunkId: string): TextReplacement[] {
    const hunk = this.hunk(hunkId);
    if (!hunk) throw new HunkNotApplicableError(hunkId, 'rejected', `This review has no edit ${hunkId}; it may have ended.`);
    if (hunk.state !== 'pending') throw new HunkNotApplicableError(hunk.id, hunk.state, notApplicableMessage(hunk));
    return hunk.parts.map((part) => ({ ...this.currentRange(part, hunk), text: part.text }));
  }

  /** Records that the hunk's replacements were written into the buffer. */
  markAccepted(hunkId: string): void {
    const hunk = this.hunk(hunkId);
    if (hunk) hunk.state = 'accepted';
  }

  /** Dismisses an undecided hunk (for `edited` and `stale` ones: keeps the person's text). */
  reject(hunkId: string): boolean {
    const hunk = this.hunk(hunkId);
    if (!hunk || hunk.state === 'accepted' || hunk.state === 'rejected') return false;
    hunk.state = 'rejected';
    return true;
  }

  snapshot(): HunkSnapshot[] {
    return this.hunks.map((hunk) => ({
      id: hunk.id,
      editIndices: hunk.editIndices,
      state: hunk.state,
      range: this.rangeOf(hunk),
      originalText: hunk.originalText,
      proposedText: hunk.proposedText,
      addedLines: hunk.addedLines,
      removedLines: hunk.removedLines,
    }));
  }

  /** The base with the given accepted hunks applied: what the buffer holds without the person's own typing. */
  private expectedText(accepted: readonly ReviewHunk[]): string {
    return applyReplacements(this.baseText, accepted.flatMap((hunk) => hunk.parts));
  }

  /**
   * A base-text range in expected-text offsets. For an accepted `hunk` and its own
   * span, the range covers the proposed text.
   */
  private expectedRange(range: OffsetRange, hunk?: ReviewHunk, accepted: readonly ReviewHunk[] = this.hunks.filter((h) => h.state === 'accepted')): OffsetRange {
    let shift = 0;
    for (const other of accepted) {
      if (other !== hunk && other.span.end <= range.start) shift += other.proposedText.length - other.originalText.length;
    }
    const start = range.start + shift;
    if (hunk?.state === 'accepted' && range === hunk.span) return { start, end: start + hunk.proposedText.length };
    return { start, end: range.end + shift };
  }

  /**
   * True when the person's changes took an accepted hunk's text back out (an undo, or
   * deleting it): the buffer is closer to the expected text without the hunk than with
   * it. Whole-text costs, because a character diff may align an undone insertion a
   * character or two off the hunk's edge.
   */
  private wasUndone(hunk: ReviewHunk, accepted: readonly ReviewHunk[], changes: readonly TextReplacement[], text: string): boolean {
    const costWith = changeCost(changes);
    if (costWith === 0) return false;
    const others = accepted.filter((other) => other !== hunk);
    return changeCost(diffRegions(this.expectedText(others), text)) < costWith;
  }
}

/** Characters removed and inserted by the changes. */
function changeCost(changes: readonly TextReplacement[]): number {
  return changes.reduce((sum, change) => sum + (change.end - change.start) + change.text.length, 0);
}

/** "Edit 2", or "Edits 1 and 3" for a hunk that carries overlapping edits (numbers as in the step's list). */
export function hunkLabel(hunk: Pick<ReviewHunk, 'editIndices'>): string {
  const numbers = hunk.editIndices.map((index) => index + 1);
  if (numbers.length === 1) return `Edit ${numbers[0]}`;
  return `Edits ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** Why a hunk cannot be written now, addressed to the person. */
export function notApplicableMessage(hunk: ReviewHunk): string {
  const label = hunkLabel(hunk);
  const verb = hunk.editIndices.length === 1 ? 'was' : 'were';
  switch (hunk.state) {
    case 'edited':
      return `${label} ${verb} not applied: you changed the text it would replace since the review began, and your text is kept. Undo your change to get the proposal back, or choose "Keep Mine".`;
    case 'stale':
      return `${label} can no longer be applied: the text it is anchored on changed since the review began. Your text is kept; undo your change to get the proposal back, or dismiss it.`;
    case 'accepted':
      return `${label} ${verb} already accepted.`;
    case 'rejected':
      return `${label} ${verb} already rejected.`;
    default:
      return `${label} can be accepted.`;
  }
}
