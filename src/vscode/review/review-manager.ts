/**
 * The inline reviews of this window, one per SKILL.md: starts them by writing every
 * proposal into the open buffer (one undoable edit), follows the buffer as the person
 * types (debounced), writes each Reject as one undoable edit, and ends a review once
 * every hunk is decided. Decorations, CodeLens, hover, status bar and commands all read
 * from here.
 *
 * What a save means during a review: the proposals are part of the text, so a save
 * (auto-save too) writes them as they stand. They stay proposals: Reject takes one back
 * out. When a review ends without a decision (training stopped, another review of the
 * file began), the proposals it still holds are taken back out of the buffer; when the
 * buffer ends up as it was before the review and was saved then, it is saved again, so
 * the file on disk holds its old bytes even after a save of the proposals.
 */
import * as vscode from 'vscode';
import type { ApplyEditsOptions } from '../../core/skill';
import type { TrainerReportLine } from './plan-hunks';
import type { ReviewRecovery } from './review-recovery';
import { HunkNotApplicableError, ReviewSession, hunkLabel, type ReviewHunk } from './review-session';
import { stepTitle } from './review-text';
import type { HunkState, ReviewEdit, ReviewStepInfo, TextReplacement } from './review-types';

/** How long the buffer must be quiet before hunks are recomputed (ms). */
const SYNC_DELAY_MS = 150;
/** Attempts to write when the buffer moves on under the edit. */
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
  /** How the run applied the edits (its keepListsTight), so the proposals read as the trainer made them. */
  readonly editOptions?: ApplyEditsOptions;
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
    /** The buffer had unsaved changes when the review began (then it is never saved for the person). */
    readonly dirtyAtStart: boolean,
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

/** Hunks to accept and to reject in one write. */
interface DecisionPlan {
  readonly accept: readonly string[];
  readonly reject: readonly string[];
}

export class ReviewManager implements vscode.Disposable {
  private readonly reviews = new Map<string, ManagedReview>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly syncTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents this manager is writing to right now: their change events are its own. */
  private readonly writing = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  private sessionCounter = 0;
  private disposed = false;

  /** Fires with the document whose review changed (started, moved, decided, ended). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly recovery?: ReviewRecovery) {
    this.disposables = [
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleSync(event.document);
      }),
      // A closed buffer reopens from disk, which may differ from the buffer the review followed.
      vscode.workspace.onDidOpenTextDocument((document) => this.scheduleSync(document)),
    ];
  }

  /**
   * Starts a review of `uri` from its open buffer (opened when needed; never read from
   * disk behind an open buffer) and writes every proposal into it. A review already open
   * on the file ends as superseded. A step with nothing applicable ends at once as
   * decided, with nothing accepted and nothing written.
   */
  async start(uri: vscode.Uri, options: StartReviewOptions): Promise<ManagedReview> {
    const document = await vscode.workspace.openTextDocument(uri);
    await this.end(document.uri, 'superseded');
    const key = document.uri.toString();
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const session = new ReviewSession({
        id: `review-${++this.sessionCounter}-${Date.now().toString(36)}`,
        baseText: document.getText(),
        edits: options.edits,
        step: options.step,
        trainerReport: options.trainerReport,
        editOptions: options.editOptions,
      });
      const review = new ManagedReview(document.uri, session, document.isDirty);
      if (session.isComplete) {
        this.reviews.set(key, review);
        await this.end(document.uri, 'decided');
        return review;
      }
      // Shown to nothing (commands, views, the buffer's change events) until its proposals are in the buffer.
      if (await this.writeGuarded(review, session.initialReplacements())) {
        session.sync(document.getText(), document.version);
        this.reviews.set(key, review);
        void this.remember(review);
        this.changeEmitter.fire(document.uri);
        return review;
      }
    }
    throw new Error(`Could not show the proposals of ${stepTitle(options.step)}: ${vscode.workspace.asRelativePath(uri)} kept changing while they were written. Try again.`);
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

  /** Keeps a proposal: nothing is written while it is in the buffer; a withdrawn one is put back (one undoable edit). */
  async accept(hunkId: string): Promise<HunkDecisionResult> {
    return this.decideOne(hunkId, (id) => ({ accept: [id], reject: [] }));
  }

  /** Rejects a proposal: the base text is written back over it, as one undoable edit. */
  async reject(hunkId: string): Promise<HunkDecisionResult> {
    return this.decideOne(hunkId, (id) => ({ accept: [], reject: [id] }));
  }

  /**
   * Accepts every undecided hunk (withdrawn ones are put back, in one undoable edit);
   * a withdrawn hunk whose place the person rewrote keeps their text and counts as rejected.
   */
  async acceptAll(uri: vscode.Uri): Promise<{ accepted: number; keptYours: number; message?: string }> {
    const review = this.reviewFor(uri);
    if (!review) return { accepted: 0, keptYours: 0, message: 'There is no review open on this file.' };
    let keptYours = 0;
    const result = await this.decide(review, (session) => {
      const blocked = session.undecided().filter((hunk) => session.isBlocked(hunk));
      keptYours = blocked.length;
      return { accept: session.undecided().filter((hunk) => !blocked.includes(hunk)).map((hunk) => hunk.id), reject: blocked.map((hunk) => hunk.id) };
    });
    if (!result.done) return { accepted: 0, keptYours: 0, message: result.message };
    return { accepted: result.accepted ?? 0, keptYours };
  }

  /** Rejects every undecided hunk: the base text goes back over each, in one undoable edit. Returns how many. */
  async rejectAll(uri: vscode.Uri): Promise<number> {
    const review = this.reviewFor(uri);
    if (!review) return 0;
    const result = await this.decide(review, (session) => ({ accept: [], reject: session.undecided().map((hunk) => hunk.id) }));
    return result.rejected ?? 0;
  }

  /**
   * Ends the review of `uri` (if any). Without a decision (`superseded`, `cancelled`),
   * the proposals still pending are taken back out of the buffer; for a live step that
   * was cancelled, the accepted ones too (the run keeps none of them, and asks again
   * when resumed). Text the person typed into a proposal stays.
   */
  async end(uri: vscode.Uri, reason: ReviewOutcome['reason']): Promise<void> {
    const key = uri.toString();
    const review = this.reviews.get(key);
    if (!review) return;
    this.reviews.delete(key);
    clearTimeout(this.syncTimers.get(key));
    this.syncTimers.delete(key);
    if (reason !== 'decided' && !this.disposed) await this.takeBackProposals(review, reason);
    review.finish(reason);
    if (!this.disposed) {
      await this.saveWhenBackToStart(review);
      await this.recovery?.forget(review.uri);
    }
    this.changeEmitter.fire(review.uri);
  }

  dispose(): void {
    // The window closes: nothing can be written any more. Open reviews stay remembered,
    // and the next window takes their proposals back out (see ReviewRecovery).
    this.disposed = true;
    for (const review of this.all()) void this.end(review.uri, 'cancelled');
    for (const timer of this.syncTimers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async decideOne(hunkId: string, plan: (id: string) => DecisionPlan): Promise<HunkDecisionResult> {
    const review = this.reviewForHunk(hunkId);
    if (!review) return { done: false, message: 'This proposed edit belongs to a review that has ended.' };
    const result = await this.decide(review, () => plan(hunkId));
    return { done: result.done, message: result.message, state: review.session.hunk(hunkId)?.state };
  }

  /**
   * Writes what the hunks `pick` names need (recomputed on every attempt) as one edit
   * with undo stops, then marks them decided. Fails with the reason when a hunk cannot
   * be decided as asked.
   */
  private async decide(
    review: ManagedReview,
    pick: (session: ReviewSession) => DecisionPlan,
  ): Promise<{ done: boolean; message?: string; accepted?: number; rejected?: number }> {
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const document = await vscode.workspace.openTextDocument(review.uri);
      if (review.ended) return { done: false, message: 'The review ended before the decision could be made.' };
      const { session } = review;
      if (session.syncedVersion !== document.version) session.sync(document.getText(), document.version);
      const plan = pick(session);
      let replacements: TextReplacement[];
      try {
        replacements = [...plan.accept.flatMap((id) => session.acceptReplacements(id)), ...plan.reject.flatMap((id) => session.rejectReplacements(id))];
      } catch (error) {
        if (!(error instanceof HunkNotApplicableError)) throw error;
        this.changeEmitter.fire(review.uri);
        return { done: false, message: error.message };
      }
      if (replacements.length > 0 && !(await this.writeGuarded(review, replacements))) continue;
      for (const id of plan.accept) session.markAccepted(id);
      for (const id of plan.reject) session.markRejected(id);
      session.sync(document.getText(), document.version);
      await this.afterDecision(review);
      return { done: true, accepted: plan.accept.length, rejected: plan.reject.length };
    }
    const hunk: ReviewHunk | undefined = [...pick(review.session).accept, ...pick(review.session).reject].map((id) => review.session.hunk(id)).find(Boolean);
    return {
      done: false,
      message: `${hunk ? hunkLabel(hunk) : 'The proposed edits'} could not be decided: ${vscode.workspace.asRelativePath(review.uri)} kept changing meanwhile. Try again.`,
    };
  }

  private async afterDecision(review: ManagedReview): Promise<void> {
    if (review.session.isComplete) {
      await this.end(review.uri, 'decided');
      return;
    }
    void this.remember(review);
    this.changeEmitter.fire(review.uri);
  }

  /** A review that ends undecided leaves no proposal behind it was still waiting on. */
  private async takeBackProposals(review: ManagedReview, reason: ReviewOutcome['reason']): Promise<void> {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === review.uri.toString());
    if (!document || document.isClosed) return;
    const { session } = review;
    if (session.syncedVersion !== document.version) session.sync(document.getText(), document.version);
    const liveCancelled = reason === 'cancelled' && session.step.origin === 'live';
    const takenBack = session.hunks.filter((hunk) => hunk.state === 'pending' || (liveCancelled && hunk.state === 'accepted'));
    const replacements = takenBack.flatMap((hunk) => session.restoreReplacements(hunk));
    if (replacements.length > 0) await this.writeGuarded(review, replacements);
  }

  /**
   * When the buffer holds exactly the text the review began with, and had no unsaved
   * changes then, it is saved: a save of the proposals during the review must not leave
   * them on disk after Reject (or after training stopped).
   */
  private async saveWhenBackToStart(review: ManagedReview): Promise<void> {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === review.uri.toString());
    if (!document || document.isClosed || review.dirtyAtStart || !document.isDirty) return;
    if (document.getText() === review.session.baseText) await document.save();
  }

  private remember(review: ManagedReview): Thenable<void> | undefined {
    const { session } = review;
    return this.recovery?.remember(review.uri, {
      // A live step's decision is the trainer's: until it hears it, nothing is kept.
      restoreText: session.step.origin === 'live' ? session.baseText : session.decidedText(),
      lastText: session.syncedText,
      title: stepTitle(session.step),
    });
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
    void this.remember(review);
    this.changeEmitter.fire(review.uri);
  }

  /** Writes replacements with the manager's own change events ignored. */
  private async writeGuarded(review: ManagedReview, replacements: readonly TextReplacement[]): Promise<boolean> {
    const key = review.uri.toString();
    const document = await vscode.workspace.openTextDocument(review.uri);
    this.writing.add(key);
    try {
      return await writeReplacements(document, replacements);
    } finally {
      this.writing.delete(key);
    }
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
