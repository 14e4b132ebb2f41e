/**
 * CodeLens of a review: at the top of the file "Accept All (N) · Reject All · Open Step
 * Diff" with the step and the gate's verdict; above each proposal "Accept · Reject" with
 * its line counts; above a proposal the person's typing set aside, "Keep Mine".
 * Commands carry hunk ids, never positions. Refreshes are debounced, and a document
 * under review never gets an empty list while the person types (that flickers).
 */
import * as vscode from 'vscode';
import { REVIEW_COMMANDS } from './review-command-ids';
import { layoutHunks } from './hunk-layout';
import type { ReviewManager } from './review-manager';
import { hunkLabel } from './review-session';
import { editOpLabel, editOrigin, gateSummary, lineCounts, proposalCount, stepTitle } from './review-text';

/** Quiet time before CodeLens are asked for again after a review changed (ms). */
const REFRESH_DELAY_MS = 100;

export class ReviewCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeCodeLenses = this.changeEmitter.event;

  constructor(private readonly manager: ReviewManager) {
    this.subscription = manager.onDidChange(() => {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.changeEmitter.fire(), REFRESH_DELAY_MS);
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const review = this.manager.ensureSynced(document);
    if (!review) return [];
    const { session } = review;
    const top = new vscode.Range(0, 0, 0, 0);
    // Counts of proposals (what Accept and Reject act on), not of the edits they carry.
    const pending = session.hunks.filter((hunk) => hunk.state === 'pending');
    const undecided = session.undecided();
    const lenses = [
      new vscode.CodeLens(top, {
        title: `$(check-all) Accept All (${pending.length})`,
        tooltip: `Write the pending ${proposalCount(pending)} into the file as one undoable edit (the file is not saved)`,
        command: REVIEW_COMMANDS.acceptAll,
        arguments: [{ uri: review.uri.toString() }],
      }),
      new vscode.CodeLens(top, {
        title: `$(close-all) Reject All (${undecided.length})`,
        tooltip: `Dismiss the undecided ${proposalCount(undecided)}; the file stays as it is`,
        command: REVIEW_COMMANDS.rejectAll,
        arguments: [{ uri: review.uri.toString() }],
      }),
      new vscode.CodeLens(top, {
        title: '$(diff) Open Step Diff',
        tooltip: 'The text as the review began, beside it with every proposal applied',
        command: REVIEW_COMMANDS.openStepDiff,
        arguments: [{ uri: review.uri.toString() }],
      }),
      new vscode.CodeLens(top, {
        title: `${stepTitle(session.step)}${session.step.gate ? ` · ${gateSummary(session.step.gate)}` : ''}`,
        tooltip: 'Hover a proposal for its reasoning and the gate’s scores',
        command: '',
      }),
    ];
    if (session.unapplied.length > 0) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(warning) ${session.unapplied.length} edit${session.unapplied.length === 1 ? '' : 's'} not applicable`,
          tooltip: 'Show which edits of the step do not apply to this file, and why',
          command: REVIEW_COMMANDS.showUnapplied,
          arguments: [{ uri: review.uri.toString() }],
        }),
      );
    }
    for (const layout of layoutHunks(session, document)) {
      const { hunk } = layout;
      const at = new vscode.Range(layout.firstLine, 0, layout.firstLine, 0);
      const argument = { hunkId: hunk.id };
      if (hunk.state === 'pending') {
        const first = session.edits[hunk.editIndices[0]];
        lenses.push(
          new vscode.CodeLens(at, { title: '$(check) Accept', tooltip: `Write ${hunkLabel(hunk).toLowerCase()} into the file (one undoable edit)`, command: REVIEW_COMMANDS.accept, arguments: [argument] }),
          new vscode.CodeLens(at, { title: '$(close) Reject', tooltip: `Dismiss ${hunkLabel(hunk).toLowerCase()}`, command: REVIEW_COMMANDS.reject, arguments: [argument] }),
          new vscode.CodeLens(at, {
            title: `${hunkLabel(hunk)}: ${first ? editOpLabel(first) : 'edit'} · ${lineCounts(hunk)}${first ? ` · ${editOrigin(first)}` : ''}`,
            tooltip: 'Hover the proposal for its reasoning',
            command: '',
          }),
        );
      } else {
        const title =
          hunk.state === 'edited'
            ? `$(edit) ${hunkLabel(hunk)}: edited by you — Keep Mine`
            : `$(warning) ${hunkLabel(hunk)}: its target changed — Dismiss`;
        lenses.push(
          new vscode.CodeLens(at, {
            title,
            tooltip: 'Your text stays; the proposal is set aside (undo your change to get it back)',
            command: REVIEW_COMMANDS.reject,
            arguments: [argument],
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
