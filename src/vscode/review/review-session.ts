/**
 * One inline review of one SKILL.md: the base text taken from the open buffer when the
 * review began, the hunks the step's edits make of it, and their states as the buffer
 * moves on. Pure (no `vscode`): the manager feeds it the buffer's text and writes the
 * replacements it hands out.
 *
 * The proposals live in the buffer while they wait: the review starts by writing every
 * hunk's proposed text into it (one undoable edit), so each proposed line reads in full.
 * Accept keeps a proposal as it stands (nothing to write); Reject writes the base text
 * back over it, byte for byte (one undoable edit).
 *
 * How the buffer is followed: the text the review expects is the base with every
 * *shown* hunk applied (pending, edited and accepted ones). A character diff between
 * that and the buffer gives the person's own changes. A hunk whose proposal left the
 * buffer (an undo of the first write, or the person deleting it) becomes `withdrawn`;
 * a rejected or withdrawn hunk whose proposal comes back (an undo of the Reject) is
 * pending again. Typing inside a shown proposal marks it `edited`; any other typing
 * only shifts the hunks.
 */
import type { ApplyEditsOptions } from '../../core/skill';
import { planHunks, type TrainerReportLine } from './plan-hunks';
import type { HunkSnapshot, HunkState, OffsetRange, PlannedHunk, ReviewEdit, ReviewStepInfo, TextReplacement, UnappliedEdit } from './review-types';
import { applyReplacements, diffRegions, mapOffset, mapRange, touches } from './text-regions';

/** What a review starts from. */
export interface ReviewSessionInit {
  /** Unique in this window; hunk ids are `<id>:<n>`. */
  readonly id: string;
  /** The buffer's text when the review began (before any proposal was written into it). */
  readonly baseText: string;
  readonly edits: readonly ReviewEdit[];
  readonly step: ReviewStepInfo;
  /** The trainer's apply report: edits it skipped are listed, never offered. */
  readonly trainerReport?: readonly TrainerReportLine[];
  /** How the run applied the edits (its keepListsTight); SkillOpt's way when absent. */
  readonly editOptions?: ApplyEditsOptions;
}

/** A hunk and its state. */
export interface ReviewHunk extends PlannedHunk {
  readonly id: string;
  /** 1-based position in the document, for titles ("edit 2 of 3"). */
  readonly number: number;
  state: HunkState;
}

/** Thrown when a hunk cannot be decided as asked; the message says why and what to do. */
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

/** States whose proposed text is part of the text the review expects in the buffer. */
const SHOWN: ReadonlySet<HunkState> = new Set<HunkState>(['pending', 'edited', 'accepted']);

export class ReviewSession {
  readonly id: string;
  readonly baseText: string;
  readonly edits: readonly ReviewEdit[];
  readonly step: ReviewStepInfo;
  readonly hunks: readonly ReviewHunk[];
  readonly unapplied: readonly UnappliedEdit[];
  private currentText: string;
  private currentVersion = -1;
  /** The person's changes: regions of the expected text replaced in the buffer. */
  private personChanges: TextReplacement[] = [];

  constructor(init: ReviewSessionInit) {
    this.id = init.id;
    this.baseText = init.baseText;
    this.edits = init.edits;
    this.step = init.step;
    const plan = planHunks(init.baseText, init.edits, init.trainerReport, init.editOptions);
    this.hunks = plan.hunks.map((hunk, index) => ({ ...hunk, id: `${init.id}:${index + 1}`, number: index + 1, state: 'pending' }));
    this.unapplied = plan.unapplied;
    // The manager writes every proposal into the buffer before anything else reads it.
    this.currentText = this.proposedText();
  }

  /** The buffer version the states were last computed for (-1 before the first sync). */
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

  /** Hunks still waiting for the person: pending, edited or withdrawn. */
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

  /** The first write of a review: every proposal into the base text (base offsets = buffer offsets then). */
  initialReplacements(): TextReplacement[] {
    return this.hunks.flatMap((hunk) => hunk.parts);
  }

  /**
   * Follows the buffer: recomputes every hunk's state and position for `text`.
   * Returns true when some state changed.
   */
  sync(text: string, version: number): boolean {
    const before = this.hunks.map((hunk) => hunk.state).join();
    this.currentText = text;
    this.currentVersion = version;
    // Each flip strictly lowers the cost of explaining the buffer, so this ends.
    for (;;) {
      const changes = diffRegions(this.expectedText(), text);
      const cost = changeCost(changes);
      const flipped = cost === 0 ? undefined : this.hunks.find((hunk) => changeCost(diffRegions(this.expectedText(hunk), text)) < cost);
      if (!flipped) {
        this.personChanges = changes;
        break;
      }
      // Its proposal left the buffer (undo, deletion) or came back (undo of a Reject).
      flipped.state = SHOWN.has(flipped.state) ? 'withdrawn' : 'pending';
    }
    for (const hunk of this.hunks) {
      if (hunk.state !== 'pending' && hunk.state !== 'edited') continue;
      const range = this.expectedRange(hunk.span, hunk);
      hunk.state = this.personChanges.some((change) => touches(change, range)) ? 'edited' : 'pending';
    }
    return before !== this.hunks.map((hunk) => hunk.state).join();
  }

  /**
   * Where the hunk is in the buffer: its proposed text while shown (widened over the
   * person's typing inside it), its base text while withdrawn or rejected. Offsets into
   * the text of the last `sync`.
   */
  rangeOf(hunk: ReviewHunk): OffsetRange {
    const range = this.expectedRange(hunk.span, hunk);
    if (hunk.state === 'edited') return { start: mapOffset(this.personChanges, range.start, 'left'), end: mapOffset(this.personChanges, range.end, 'right') };
    return mapRange(this.personChanges, range);
  }

  /**
   * Where each part of a hunk is in the buffer, with the text the base had there:
   * the proposed text while shown, the base text otherwise.
   */
  partRanges(hunk: ReviewHunk): { range: OffsetRange; originalText: string; proposedText: string }[] {
    const shown = SHOWN.has(hunk.state);
    let inner = 0;
    return hunk.parts.map((part) => {
      const start = this.expectedOffset(part.start, hunk) + inner;
      const length = shown ? part.text.length : part.end - part.start;
      if (shown) inner += part.text.length - (part.end - part.start);
      const expected = { start, end: start + length };
      // A proposal the person typed into covers their typing, also at its edges: Reject puts the base text back over all of it.
      const range = hunk.state === 'edited' ? { start: mapOffset(this.personChanges, expected.start, 'left'), end: mapOffset(this.personChanges, expected.end, 'right') } : mapRange(this.personChanges, expected);
      return { range, originalText: this.baseText.slice(part.start, part.end), proposedText: part.text };
    });
  }

  /** True when the person changed the base text a withdrawn hunk would replace (putting it back would overwrite that). */
  isBlocked(hunk: ReviewHunk): boolean {
    if (hunk.state !== 'withdrawn') return false;
    const range = this.expectedRange(hunk.guard);
    return this.personChanges.some((change) => touches(change, range));
  }

  /**
   * Accepting a hunk: nothing to write while its proposal is in the buffer; the
   * replacements that put a withdrawn one back otherwise. Throws HunkNotApplicableError
   * when it cannot be accepted.
   */
  acceptReplacements(hunkId: string): TextReplacement[] {
    const hunk = this.requireUndecided(hunkId);
    if (hunk.state !== 'withdrawn') return [];
    if (this.isBlocked(hunk)) throw new HunkNotApplicableError(hunk.id, hunk.state, blockedMessage(hunk));
    return this.partRanges(hunk).map(({ range, proposedText }) => ({ ...range, text: proposedText }));
  }

  /** Rejecting a hunk: the base text back over its proposal (nothing to write when withdrawn). */
  rejectReplacements(hunkId: string): TextReplacement[] {
    return this.restoreReplacements(this.requireUndecided(hunkId));
  }

  /** The base text back over a hunk's proposal, whatever its state; nothing when its proposal is not in the buffer. */
  restoreReplacements(hunk: ReviewHunk): TextReplacement[] {
    if (!SHOWN.has(hunk.state)) return [];
    return this.partRanges(hunk).map(({ range, originalText }) => ({ ...range, text: originalText }));
  }

  /** The base text with the accepted hunks applied: what the person has decided so far. */
  decidedText(): string {
    return applyReplacements(this.baseText, this.hunks.filter((hunk) => hunk.state === 'accepted').flatMap((hunk) => hunk.parts));
  }

  /** Records an accept whose replacements (if any) were written. */
  markAccepted(hunkId: string): void {
    const hunk = this.hunk(hunkId);
    if (hunk) hunk.state = 'accepted';
  }

  /** Records a reject whose replacements (if any) were written. */
  markRejected(hunkId: string): void {
    const hunk = this.hunk(hunkId);
    if (hunk) hunk.state = 'rejected';
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

  private requireUndecided(hunkId: string): ReviewHunk {
    const hunk = this.hunk(hunkId);
    if (!hunk) throw new HunkNotApplicableError(hunkId, 'rejected', `This review has no edit ${hunkId}; it may have ended.`);
    if (hunk.state === 'accepted' || hunk.state === 'rejected') throw new HunkNotApplicableError(hunk.id, hunk.state, decidedMessage(hunk));
    return hunk;
  }

  /** Whether a hunk's proposal is in the expected text, with `toggled` counted the other way. */
  private isShown(hunk: ReviewHunk, toggled?: ReviewHunk): boolean {
    return SHOWN.has(hunk.state) !== (hunk === toggled);
  }

  /** The base with every shown hunk applied (`toggled` counted the other way): the buffer without the person's typing. */
  private expectedText(toggled?: ReviewHunk): string {
    return applyReplacements(this.baseText, this.hunks.filter((hunk) => this.isShown(hunk, toggled)).flatMap((hunk) => hunk.parts));
  }

  /** A base offset in expected-text offsets, shifted by the shown hunks before it (`own` excluded). */
  private expectedOffset(offset: number, own?: ReviewHunk): number {
    let shift = 0;
    for (const other of this.hunks) {
      if (other !== own && SHOWN.has(other.state) && other.span.end <= offset) shift += other.proposedText.length - other.originalText.length;
    }
    return offset + shift;
  }

  /** A base-text range in expected offsets; the hunk's own span covers its proposed text while it is shown. */
  private expectedRange(range: OffsetRange, hunk?: ReviewHunk): OffsetRange {
    const start = this.expectedOffset(range.start, hunk);
    if (hunk && range === hunk.span && SHOWN.has(hunk.state)) return { start, end: start + hunk.proposedText.length };
    return { start, end: Math.max(start, this.expectedOffset(range.end, hunk)) };
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

function decidedMessage(hunk: ReviewHunk): string {
  const verb = hunk.editIndices.length === 1 ? 'was' : 'were';
  return `${hunkLabel(hunk)} ${verb} already ${hunk.state === 'accepted' ? 'accepted' : 'rejected'}.`;
}

function blockedMessage(hunk: ReviewHunk): string {
  return `${hunkLabel(hunk)} cannot be put back: you changed the text it would replace since it was taken out. Your text is kept; undo your change to put the proposal back, or reject it.`;
}
