/**
 * The inline reviews of this window, one per SKILL.md: starts them from the open
 * buffer, follows the buffer as the person types (debounced), writes accepted hunks as
 * one undoable edit each, and ends a review once every hunk is decided.
 * Decorations, CodeLens, hover, status bar and commands all read from here.
 */
import * as vscode from 'vscode';
import type { TrainerReportLine } from './plan-hunks';
import { HunkNotApplicableError, ReviewSession, hunkLabel, notApplicableMessage, type ReviewHunk } from './review-session';
import type { HunkState, ReviewEdit, ReviewStepInfo, TextReplacement } from './review-types';

/** How long the buffer must be quiet before hunks are recomputed (ms). */
const SYNC_DELAY_MS = 150;
/** Attempts to write a hunk when the buffer moves on under the edit. */
const WRITE_ATTEMPTS = 3;

/** Why a review ended, and what the person kept. */
export interface ReviewOutcome {
  /** 0-based indexes of the step's selected edits whose hunks were accepted. */
  readonly acceptedEditIndices: number[];
  /** `decided`: every hunk accepted or rejected; `superseded`: a new review of the file replaced it; `cancelled`: the run stopped or the review was closed. */
  readonly reason: 'decided' | 'superseded' | 'cancelled';
}

/** What starts a review. */
export interface StartReviewOptions {
  readonly edits: readonly ReviewEdit[];
  readonly step: ReviewStepInfo;
  /** The trainer's apply report; edits it skipped are not offered. */
  readonly trainerReport?: readonly TrainerReportLine[];
}

/** The result of Accept or Reject on one hunk. */
export interface HunkDecisionResult {
  readonly done: boolean;
  /** The hunk's state afterwards (undefined when the hunk is unknown). */
  readonly state?: HunkState;
  /** Why nothing happened, addressed to the person. */
  readonly message?: string;
}

/** One running review and the promise of its outcome. */
export class ManagedReview {
  readonly outcome: Promise<ReviewOutcome>;
  private resolveOutcome!: (outcome: ReviewOutcome) => void;
  ended = false;

  constructor(
    readonly uri: vscode.Uri,
    readonly session: ReviewSession,
  ) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
  }

  /** Resolves the outcome once; later calls do nothing. */
  finish(reason: ReviewOutcome['reason']): void {
    if (this.ended) return;
    this.ended = true;
    this.resolveOutcome({ acceptedEditIndices: this.session.acceptedEditIndices(), reason });
  }
}

export class ReviewManager implements vscode.Disposable {
  private readonly reviews = new Map<string, ManagedReview>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly syncTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents this manager is writing to right now: their change events are its own. */
  private readonly writing = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  private sessionCounter = 0;

  /** Fires with the document whose review changed (started, moved, decided, ended). */
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    this.disposables = [
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleSync(event.document);
      }),
      // A closed buffer reopens from disk, which may differ from the buffer the review began with.
      vscode.workspace.onDidOpenTextDocument((document) => this.scheduleSync(document)),
    ];
  }

  /**
   * Starts a review of `uri` from its open buffer (opened when needed; never read from
   * disk behind an open buffer). A review already open on the file ends as superseded.
   * A step with nothing applicable ends at once as decided, with nothing accepted.
   */
  async start(uri: vscode.Uri, options: StartReviewOptions): Promise<ManagedReview> {
    const document = await vscode.workspace.openTextDocument(uri);
    this.end(document.uri, 'superseded');
    const session = new ReviewSession({
      id: `review-${++this.sessionCounter}-${Date.now().toString(36)}`,
      baseText: document.getText(),
      baseVersion: document.version,
      edits: options.edits,
      step: options.step,
      trainerReport: options.trainerReport,
    });
    const review = new ManagedReview(document.uri, session);
    this.reviews.set(document.uri.toString(), review);
    this.changeEmitter.fire(document.uri);
    if (session.isComplete) this.end(document.uri, 'decided');
    return review;
  }

  reviewFor(uri: vscode.Uri): ManagedReview | undefined {
    return this.reviews.get(uri.toString());
  }

  /** The review holding a hunk id (`<session id>:<n>`). */
  reviewForHunk(hunkId: string): ManagedReview | undefined {
    const sessionId = hunkId.slice(0, hunkId.lastIndexOf(':'));
    return [...this.reviews.values()].find((review) => review.session.id === sessionId);
  }

  all(): ManagedReview[] {
    return [...this.reviews.values()];
  }

  /** Brings the review of `document` up to its current text now (no-op when current or writing). */
  ensureSynced(document: vscode.TextDocument): ManagedReview | undefined {
    const review = this.reviewFor(document.uri);
    if (!review) return undefined;
    const key = document.uri.toString();
    if (!this.writing.has(key) && review.session.syncedVersion !== document.version) this.syncNow(review, document);
    return review;
  }

  /**
   * Writes a pending hunk into the buffer as one undoable edit. When the buffer moved
   * on under the edit, recomputes and tries again; never saves the file.
   */
  async accept(hunkId: string): Promise<HunkDecisionResult> {
    const review = this.reviewForHunk(hunkId);
    if (!review) return { done: false, message: 'This proposed edit belongs to a review that has ended.' };
    const result = await this.write(review, () => [hunkId]);
    if (result.done) this.afterDecision(review);
    return { ...result, state: review.session.hunk(hunkId)?.state };
  }

  /** Dismisses a hunk; the buffer is not touched. */
  reject(hunkId: string): HunkDecisionResult {
    const review = this.reviewForHunk(hunkId);
    const hunk = review?.session.hunk(hunkId);
    if (!review || !hunk) return { done: false, message: 'This proposed edit belongs to a review that has ended.' };
    if (!review.session.reject(hunkId)) return { done: false, state: hunk.state, message: notApplicableMessage(hunk) };
    this.afterDecision(review);
    return { done: true, state: hunk.state };
  }

  /**
   * Accepts every pending hunk as one undoable edit; hunks the person edited keep the
   * person's text and count as rejected. Returns how many were accepted and set aside.
   */
  async acceptAll(uri: vscode.Uri): Promise<{ accepted: number; keptYours: number; message?: string }> {
    const review = this.reviewFor(uri);
    if (!review) return { accepted: 0, keptYours: 0, message: 'There is no review open on this file.' };
    const result = await this.write(review, (session) => session.hunks.filter((hunk) => hunk.state === 'pending').map((hunk) => hunk.id));
    if (!result.done) return { accepted: 0, keptYours: 0, message: result.message };
    const setAside = review.session.undecided();
    for (const hunk of setAside) review.session.reject(hunk.id);
    const accepted = result.written?.length ?? 0;
    this.afterDecision(review);
    return { accepted, keptYours: setAside.length };
  }

  /** Rejects every undecided hunk. */
  rejectAll(uri: vscode.Uri): number {
    const review = this.reviewFor(uri);
    if (!review) return 0;
    const undecided = review.session.undecided();
    for (const hunk of undecided) review.session.reject(hunk.id);
    this.afterDecision(review);
    return undecided.length;
  }

  /** Ends the review of `uri` (if any) without deciding its remaining hunks. */
  end(uri: vscode.Uri, reason: ReviewOutcome['reason']): void {
    const key = uri.toString();
    const review = this.reviews.get(key);
    if (!review) return;
    this.reviews.delete(key);
    clearTimeout(this.syncTimers.get(key));
    this.syncTimers.delete(key);
    review.finish(reason);
    this.changeEmitter.fire(review.uri);
  }

  dispose(): void {
    for (const review of this.all()) this.end(review.uri, 'cancelled');
    for (const timer of this.syncTimers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private afterDecision(review: ManagedReview): void {
    if (review.session.isComplete) this.end(review.uri, 'decided');
    else this.changeEmitter.fire(review.uri);
  }

  private scheduleSync(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.reviews.has(key)) return;
    clearTimeout(this.syncTimers.get(key));
    this.syncTimers.set(
      key,
      setTimeout(() => {
        this.syncTimers.delete(key);
        const review = this.reviews.get(key);
        if (!review || document.isClosed) return;
        if (this.writing.has(key)) return this.scheduleSync(document);
        this.syncNow(review, document);
      }, SYNC_DELAY_MS),
    );
  }

  private syncNow(review: ManagedReview, document: vscode.TextDocument): void {
    review.session.sync(document.getText(), document.version);
    this.changeEmitter.fire(review.uri);
  }

  /**
   * Writes the hunks `pick` names (recomputed on every attempt) as one edit and marks
   * them accepted. Fails with the reason when a hunk cannot be applied.
   */
  private async write(
    review: ManagedReview,
    pick: (session: ReviewSession) => string[],
  ): Promise<{ done: boolean; message?: string; written?: string[] }> {
    const key = review.uri.toString();
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const document = await vscode.workspace.openTextDocument(review.uri);
      if (review.ended) return { done: false, message: 'The review ended before the edit could be applied.' };
      if (review.session.syncedVersion !== document.version) review.session.sync(document.getText(), document.version);
      let replacements: TextReplacement[];
      const hunkIds = pick(review.session);
      try {
        replacements = hunkIds.flatMap((id) => review.session.replacementsFor(id));
      } catch (error) {
        if (error instanceof HunkNotApplicableError) {
          this.changeEmitter.fire(review.uri);
          return { done: false, message: error.message };
        }
        throw error;
      }
      if (replacements.length === 0) return { done: true, written: [] };
      this.writing.add(key);
      let written = false;
      try {
        written = await writeReplacements(document, replacements);
      } finally {
        this.writing.delete(key);
      }
      if (written) {
        for (const id of hunkIds) review.session.markAccepted(id);
        review.session.sync(document.getText(), document.version);
        return { done: true, written: hunkIds };
      }
    }
    const hunk: ReviewHunk | undefined = pick(review.session).map((id) => review.session.hunk(id)).find(Boolean);
    return {
      done: false,
      message: `${hunk ? hunkLabel(hunk) : 'The proposed edits'} could not be applied: ${vscode.workspace.asRelativePath(review.uri)} kept changing while it was written. Try again.`,
    };
  }
}

/**
 * One edit with undo stops on both sides (a single Ctrl+Z undoes it), through the
 * visible editor when there is one, else as a workspace edit. False when VS Code
 * refused it because the document moved on.
 */
async function writeReplacements(document: vscode.TextDocument, replacements: readonly TextReplacement[]): Promise<boolean> {
  const ranges = replacements.map((replacement) => ({
    range: new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)),
    text: replacement.text,
  }));
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
  if (editor) {
    return editor.edit(
      (builder) => {
        for (const { range, text } of ranges) builder.replace(range, text);
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
  }
  const edit = new vscode.WorkspaceEdit();
  for (const { range, text } of ranges) edit.replace(document.uri, range, text);
  return vscode.workspace.applyEdit(edit);
}
