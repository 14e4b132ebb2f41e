/**
 * The review editor of drafted eval tasks: one webview panel per window listing the
 * drafts of one skill's evals.json with Keep / Edit / Drop. Every decision is applied
 * to the file (through its open buffer when it has one) and the page is drawn again
 * from the file, so what it shows is always what training will read.
 */
import * as vscode from 'vscode';
import { checkEvalsText } from '../../core/tasks';
import { acceptDraftsText, dropDraftsText, evalsEntryCount } from '../../core/tasks/edit/evals-file-edits';
import { uiErrorMessage } from '../message-wording';
import { skillFolderOf, skillNameOf } from '../skill-files';
import { draftReviewHtml, type DraftReviewView } from './draft-review-html';
import { changeEvalsText, currentText } from './evals-file-buffer';
import { revealTask } from './reveal-task';

export const DRAFT_REVIEW_VIEW_TYPE = 'skillTrainer.draftReview';

/** What the panel shows, for tests. */
export interface DraftReviewSnapshot {
  readonly open: boolean;
  readonly skillPath?: string;
  readonly draftIds: string[];
}

interface ReviewMessage {
  type: 'keep' | 'drop' | 'edit' | 'keepAll' | 'dropAll' | 'open' | 'evaluate' | 'draft';
  id?: string;
}

export class DraftReviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private skillUri: vscode.Uri | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private draftIds: string[] = [];
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<DraftReviewSnapshot>();
  /** Fires after each drawing of the page. */
  readonly onDidRender = this.renderedEmitter.event;

  /** Opens (or reveals) the review of a skill's drafts. */
  async open(skillUri: vscode.Uri): Promise<void> {
    if (this.skillUri?.toString() !== skillUri.toString()) this.watch(skillUri);
    this.skillUri = skillUri;
    if (this.panel) this.panel.reveal(undefined, false);
    else {
      this.panel = vscode.window.createWebviewPanel(DRAFT_REVIEW_VIEW_TYPE, 'Review Draft Tasks', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => this.closed(), undefined, this.panelDisposables);
      this.panel.webview.onDidReceiveMessage((message: ReviewMessage) => void this.handle(message), undefined, this.panelDisposables);
    }
    await this.render();
  }

  snapshot(): DraftReviewSnapshot {
    return { open: this.panel !== undefined, skillPath: this.skillUri?.fsPath, draftIds: [...this.draftIds] };
  }

  private evalsUri(skillUri = this.skillUri!): vscode.Uri {
    return vscode.Uri.joinPath(skillFolderOf(skillUri), 'evals', 'evals.json');
  }

  /** Redraws when evals.json changes on disk or in an editor (typing is debounced). */
  private watch(skillUri: vscode.Uri): void {
    for (const disposable of this.watchers) disposable.dispose();
    const uri = this.evalsUri(skillUri);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(skillFolderOf(skillUri), 'evals/evals.json'));
    const soon = () => {
      clearTimeout(this.renderTimer);
      this.renderTimer = setTimeout(() => void this.render(), 300);
    };
    this.watchers = [
      watcher,
      watcher.onDidChange(soon),
      watcher.onDidCreate(soon),
      watcher.onDidDelete(soon),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === uri.toString()) soon();
      }),
    ];
  }

  private watchers: vscode.Disposable[] = [];

  private async view(): Promise<DraftReviewView> {
    const skillUri = this.skillUri!;
    const uri = this.evalsUri();
    const base = { skillName: skillNameOf(skillUri), fileLabel: vscode.workspace.asRelativePath(uri), drafts: [], reviewed: 0 };
    const text = await currentText(uri);
    if (text === undefined) return { ...base, problem: 'it does not exist; run Draft Eval Tasks or Create Eval Tasks first' };
    // Every task dropped: nothing to review, and nothing wrong either.
    if (evalsEntryCount(text) === 0) return base;
    const result = checkEvalsText(text, uri.fsPath);
    if (!result.taskSet) {
      const first = result.problems.find((problem) => problem.severity === 'error') ?? result.problems[0];
      return { ...base, problem: first ? `${first.line ? `line ${first.line}: ` : ''}${first.path ? `${first.path}: ` : ''}${first.message}` : 'it has errors' };
    }
    const drafts = result.taskSet.tasks.filter((task) => task.draft);
    return { ...base, drafts, reviewed: result.taskSet.tasks.length - drafts.length };
  }

  private async render(): Promise<void> {
    if (!this.panel || !this.skillUri) return;
    const view = await this.view();
    this.draftIds = view.drafts.map((task) => task.id);
    this.panel.title = view.drafts.length > 0 ? `Review Draft Tasks (${view.drafts.length}): ${view.skillName}` : `Review Draft Tasks: ${view.skillName}`;
    this.panel.webview.html = draftReviewHtml(view, this.panel.webview.cspSource);
    this.renderedEmitter.fire(this.snapshot());
  }

  private async handle(message: ReviewMessage): Promise<void> {
    const uri = this.evalsUri();
    const file = uri.fsPath;
    try {
      switch (message.type) {
        case 'keep':
          await changeEvalsText(uri, (text) => acceptDraftsText(text ?? '', [message.id ?? ''], file).text);
          break;
        case 'drop':
          await changeEvalsText(uri, (text) => dropDraftsText(text ?? '', [message.id ?? ''], file).text);
          break;
        case 'keepAll':
          await changeEvalsText(uri, (text) => acceptDraftsText(text ?? '', 'all', file).text);
          break;
        case 'dropAll': {
          const sure = await vscode.window.showWarningMessage(`Drop all ${this.draftIds.length} drafted tasks of ${skillNameOf(this.skillUri!)}?`, { modal: true }, 'Drop All');
          if (sure) await changeEvalsText(uri, (text) => dropDraftsText(text ?? '', 'all', file).text);
          break;
        }
        case 'edit':
          await revealTask(uri, message.id);
          break;
        case 'open':
          await revealTask(uri);
          break;
        case 'evaluate':
          void vscode.commands.executeCommand('skillTrainer.evaluateSkill', this.skillUri);
          break;
        case 'draft':
          void vscode.commands.executeCommand('skillTrainer.draftEvalTasks', this.skillUri);
          break;
      }
    } catch (error) {
      void vscode.window.showErrorMessage(`Review Draft Tasks: ${uiErrorMessage(error)}`);
    }
    await this.render();
  }

  private closed(): void {
    this.panel = undefined;
    for (const disposable of [...this.panelDisposables, ...this.watchers]) disposable.dispose();
    this.panelDisposables = [];
    this.watchers = [];
    this.skillUri = undefined;
    this.draftIds = [];
  }

  dispose(): void {
    clearTimeout(this.renderTimer);
    this.panel?.dispose();
    this.closed();
    this.renderedEmitter.dispose();
  }
}
