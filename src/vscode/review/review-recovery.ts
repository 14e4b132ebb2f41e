/**
 * Reviews survive a closed window without leaving proposals behind. While a review runs,
 * its proposals are in the buffer, and a save (auto-save is on by default in VS Code for
 * the Web) writes them to disk. So each open review is remembered in the workspace state:
 * the text the file should go back to (the base, plus what a review of a stored step
 * already accepted) and the text the review last saw. When the window closed before the
 * review ended, the next window puts the file back, but only when it still holds exactly
 * what the review left there; otherwise the person's later work wins and the log says so.
 */
import * as vscode from 'vscode';

/** workspaceState key: open reviews by document URI. */
const OPEN_REVIEWS_KEY = 'skillTrainer.openReviews';

/** What the next window needs to put a file back. */
export interface OpenReviewRecord {
  /** What the file should hold if the review never ends: the base, plus decided edits of a stored step. */
  readonly restoreText: string;
  /** The buffer's text the review last saw (proposals included). */
  readonly lastText: string;
  /** "Step 3 (epoch 1)", for the message. */
  readonly title: string;
}

export class ReviewRecovery {
  constructor(private readonly memento: vscode.Memento) {}

  remember(uri: vscode.Uri, record: OpenReviewRecord): Thenable<void> {
    return this.memento.update(OPEN_REVIEWS_KEY, { ...this.records(), [uri.toString()]: record });
  }

  forget(uri: vscode.Uri): Thenable<void> {
    const records = this.records();
    if (!(uri.toString() in records)) return Promise.resolve();
    delete records[uri.toString()];
    return this.memento.update(OPEN_REVIEWS_KEY, records);
  }

  records(): Record<string, OpenReviewRecord> {
    return { ...this.memento.get<Record<string, OpenReviewRecord>>(OPEN_REVIEWS_KEY, {}) };
  }

  /**
   * Puts back the files of reviews a closed window left open: one edit and a save each
   * (the file on disk may hold the proposals). Returns the files put back.
   */
  async recover(log: vscode.LogOutputChannel): Promise<vscode.Uri[]> {
    const restored: vscode.Uri[] = [];
    for (const [key, record] of Object.entries(this.records())) {
      const uri = vscode.Uri.parse(key);
      await this.forget(uri);
      let document: vscode.TextDocument;
      try {
        document = await vscode.workspace.openTextDocument(uri);
      } catch (error) {
        log.warn(`The review of ${uri.fsPath} was left open when the window closed, and the file cannot be opened now (${String(error)}); nothing was put back.`);
        continue;
      }
      const text = document.getText();
      if (text === record.restoreText) continue;
      if (text !== record.lastText) {
        log.warn(`The review of ${vscode.workspace.asRelativePath(uri)} (${record.title}) was left open when the window closed; the file changed since, so its proposals were left as they are.`);
        continue;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), record.restoreText);
      if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) {
        log.warn(`Could not take the undecided proposals of ${record.title} back out of ${vscode.workspace.asRelativePath(uri)}.`);
        continue;
      }
      log.info(`The window closed during the review of ${record.title}: its undecided proposals were taken back out of ${vscode.workspace.asRelativePath(uri)}.`);
      restored.push(uri);
    }
    return restored;
  }
}
