/**
 * CodeLens of a review: at the top of the file "Accept All (N) · Reject All · Open Step
 * Diff" with the step and the gate's verdict; above each proposal "Accept · Reject" with
 * its line counts; above one the person changed, the same with what each keeps; above
 * one taken out of the file, "Put Back · Reject". Commands carry hunk ids, never
 * positions. Refreshes are debounced, and a document under review never gets an empty
 * list while the person types (that flickers).
 */
import * as vscode from 'vscode';
import { REVIEW_COMMANDS } from './review-command-ids';
import { layoutHunks } from './hunk-layout';
import type { ReviewManager } from './review-manager';
import { hunkLabel } from './review-session';
import { editOpLabel, editOrigin, gateSummary, lineCounts, proposalCount, SAVE_NOTE, stepTitle } from './review-text';

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
    const undecided = session.undecided();
    const lenses = [
      new vscode.CodeLens(top, {
        title: `$(check-all) Accept All (${undecided.length})`,
        tooltip: `Keep the undecided ${proposalCount(undecided)} as they stand in the editor. ${SAVE_NOTE}`,
        command: REVIEW_COMMANDS.acceptAll,
        arguments: [{ uri: review.uri.toString() }],
      }),
      new vscode.CodeLens(top, {
        title: `$(close-all) Reject All (${undecided.length})`,
        tooltip: `Put the original text back over the undecided ${proposalCount(undecided)}, as one undoable edit`,
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
        tooltip: `Hover a proposal for its reasoning and the gate’s scores. ${SAVE_NOTE}`,
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
      const first = session.edits[hunk.editIndices[0]];
      const label = hunkLabel(hunk).toLowerCase();
      const [accept, reject] =
        hunk.state === 'withdrawn'
          ? [
              { title: '$(debug-restart) Put Back', tooltip: `Write ${label} into the file again and keep it (one undoable edit)` },
              { title: '$(close) Reject', tooltip: `Dismiss ${label}; the file stays as it is` },
            ]
          : hunk.state === 'edited'
            ? [
                { title: '$(check) Accept Yours', tooltip: `Keep ${label} with your changes to it` },
                { title: '$(close) Reject', tooltip: `Put the original text back over ${label}, your changes to it included (one undoable edit)` },
              ]
            : [
                { title: '$(check) Accept', tooltip: `Keep ${label} as it stands in the file` },
                { title: '$(close) Reject', tooltip: `Put the original text back over ${label} (one undoable edit)` },
              ];
      const note = hunk.state === 'edited' ? ' · changed by you' : hunk.state === 'withdrawn' ? ' · taken out of the file' : '';
      lenses.push(
        new vscode.CodeLens(at, { ...accept, command: REVIEW_COMMANDS.accept, arguments: [argument] }),
        new vscode.CodeLens(at, { ...reject, command: REVIEW_COMMANDS.reject, arguments: [argument] }),
        new vscode.CodeLens(at, {
          title: `${hunkLabel(hunk)}: ${first ? editOpLabel(first) : 'edit'} · ${lineCounts(hunk)}${first ? ` · ${editOrigin(first)}` : ''}${note}`,
          tooltip: 'Hover the proposal for its reasoning',
          command: '',
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
