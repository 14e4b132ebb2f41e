/**
 * The review's presence outside the editor text: a status-bar item "N proposals to review"
 * (click: go to the next proposal), and the `skillTrainer.reviewPending` context key
 * that enables the keybindings, editor-title buttons and palette entries while the
 * active editor's file has undecided proposals.
 */
import * as vscode from 'vscode';
import { REVIEW_COMMANDS, REVIEW_PENDING_CONTEXT_KEY } from './review-command-ids';
import type { ManagedReview, ReviewManager } from './review-manager';
import { proposalCount, SAVE_NOTE, stepTitle } from './review-text';

export class ReviewStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('skillTrainer.review', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[];
  private contextValue: boolean | undefined;

  constructor(private readonly manager: ReviewManager) {
    this.item.name = 'Skill Trainer Review';
    this.item.command = REVIEW_COMMANDS.revealNext;
    this.disposables = [
      this.item,
      manager.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }

  private update(): void {
    const active = vscode.window.activeTextEditor;
    const activeReview = active ? this.manager.reviewFor(active.document.uri) : undefined;
    const pendingHere = (activeReview?.session.undecided().length ?? 0) > 0;
    if (pendingHere !== this.contextValue) {
      this.contextValue = pendingHere;
      void vscode.commands.executeCommand('setContext', REVIEW_PENDING_CONTEXT_KEY, pendingHere);
    }
    const reviews = this.manager.all().filter((review) => review.session.undecided().length > 0);
    if (reviews.length === 0) {
      this.item.hide();
      return;
    }
    const shown = activeReview && pendingHere ? activeReview : reviews[0];
    const undecided = reviews.flatMap((review) => review.session.undecided());
    // A live step holds the training run until decided: make it stand out.
    const live = reviews.some((review) => review.session.step.origin === 'live');
    this.item.text = `$(git-pull-request) ${undecided.length} proposal${undecided.length === 1 ? '' : 's'} to review`;
    this.item.accessibilityInformation = { label: `Skill Trainer: ${undecided.length} proposal${undecided.length === 1 ? '' : 's'} to review${live ? '; training waits for you' : ''}` };
    this.item.tooltip = tooltip(reviews, shown);
    this.item.backgroundColor = live ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }
}

function tooltip(reviews: readonly ManagedReview[], shown: ManagedReview): string {
  const lines = reviews.map((review) => {
    const waiting = review.session.step.origin === 'live' ? ' — training waits for you' : '';
    return `${vscode.workspace.asRelativePath(review.uri)}: ${stepTitle(review.session.step)}, ${proposalCount(review.session.undecided())} undecided${waiting}`;
  });
  return `${lines.join('\n')}\nClick to go to the next proposal in ${vscode.workspace.asRelativePath(shown.uri)}.\n\n${SAVE_NOTE}`;
}
