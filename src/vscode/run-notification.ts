/**
 * The cancellable progress notification of a training run, which can step aside: while
 * training waits for a review, the notification closes (it would sit over the bottom
 * right of the editor, where appended proposals are) and the status bar and CodeLens
 * carry the review; when training goes on, it opens again at the same progress.
 * `withProgress` is the only notification an extension can close, and one call shows
 * one toast, so each showing is its own `withProgress` whose task ends on `hide`.
 */
import * as vscode from 'vscode';

interface Showing {
  readonly progress: vscode.Progress<{ message?: string; increment?: number }>;
  /** Percent already reported to this toast (increments add up per toast). */
  reportedPercent: number;
  readonly close: () => void;
}

export class RunNotification implements vscode.Disposable {
  private showing: Showing | undefined;
  private opening = false;
  /** Which `show` is current: a toast opened for an earlier one closes at once. */
  private ticket = 0;
  private message = '';
  /** 0..1 of the run done. */
  private fraction = 0;

  constructor(
    private readonly title: string,
    private readonly onCancel: () => void,
  ) {}

  /** True while the toast is open (or opening). */
  get visible(): boolean {
    return this.showing !== undefined || this.opening;
  }

  /** Opens the toast unless it is open, at the latest message and progress. */
  show(): void {
    if (this.visible) return;
    this.opening = true;
    const ticket = ++this.ticket;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: this.title, cancellable: true }, (progress, token) => {
      const cancel = token.onCancellationRequested(() => this.onCancel());
      return new Promise<void>((resolve) => {
        if (ticket !== this.ticket || !this.opening) {
          // Hidden again before VS Code opened it.
          cancel.dispose();
          resolve();
          return;
        }
        this.opening = false;
        const showing: Showing = {
          progress,
          reportedPercent: 0,
          close: () => {
            cancel.dispose();
            resolve();
          },
        };
        this.showing = showing;
        this.report(this.message, this.fraction);
      });
    });
  }

  /** Closes the toast; `show` opens it again. */
  hide(): void {
    this.opening = false;
    this.ticket++;
    const showing = this.showing;
    this.showing = undefined;
    showing?.close();
  }

  /** Sets the message and how much of the run is done (0..1); the toast shows them when open. */
  report(message: string, fraction: number): void {
    this.message = message;
    this.fraction = Math.max(this.fraction, Math.min(1, fraction));
    const showing = this.showing;
    if (!showing) return;
    const percent = this.fraction * 100;
    showing.progress.report({ message, increment: Math.max(0, percent - showing.reportedPercent) });
    showing.reportedPercent = Math.max(showing.reportedPercent, percent);
  }

  dispose(): void {
    this.hide();
  }
}
