/**
 * Read-only documents for Open Step Diff: the text a review began with and the same
 * text with every proposal applied. The URI names the review and the side; the path
 * ends in `SKILL.md` so the diff editor highlights Markdown. The content lives here,
 * never in the URI.
 */
import * as vscode from 'vscode';
import type { ReviewSession } from './review-session';
import { stepTitle } from './review-text';

export const STEP_DIFF_SCHEME = 'skill-trainer-review';

/** Reviews whose texts stay available for diff tabs opened earlier. */
const MAX_KEPT_REVIEWS = 20;

type Side = 'before' | 'proposed';

export class StepDiffContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, Record<Side, string>>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a pair is opened again with new texts, so open tabs show them. */
  readonly onDidChange = this.changeEmitter.event;

  dispose(): void {
    this.changeEmitter.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [, reviewId, side] = uri.path.split('/');
    const texts = this.texts.get(reviewId);
    if (!texts || (side !== 'before' && side !== 'proposed')) {
      return `This step diff is no longer available (${reviewId} was opened in an earlier window). Open it again.`;
    }
    return texts[side];
  }

  /** Opens the diff of a review: the text it began with ↔ every proposal applied. */
  openReview(session: ReviewSession, fileUri: vscode.Uri): Promise<void> {
    const name = vscode.workspace.asRelativePath(fileUri);
    return this.open(session.id, session.baseText, session.proposedText(), `${name}: ${stepTitle(session.step)} (as the review began ↔ every proposal applied)`);
  }

  /**
   * Opens a diff of two texts as a preview tab, leaving focus where it is. `id` names
   * the pair (letters, digits, `-`); opening the same id again replaces its texts.
   */
  async open(id: string, before: string, proposed: string, title: string): Promise<void> {
    this.texts.delete(id);
    this.texts.set(id, { before, proposed });
    while (this.texts.size > MAX_KEPT_REVIEWS) this.texts.delete(this.texts.keys().next().value as string);
    const uriOf = (side: Side) => vscode.Uri.from({ scheme: STEP_DIFF_SCHEME, path: `/${id}/${side}/SKILL.md` });
    this.changeEmitter.fire(uriOf('before'));
    this.changeEmitter.fire(uriOf('proposed'));
    await vscode.commands.executeCommand('vscode.diff', uriOf('before'), uriOf('proposed'), title, { preview: true, preserveFocus: true });
  }
}
