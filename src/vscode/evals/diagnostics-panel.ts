/**
 * The Diagnostics report: one webview panel per window showing the last diagnosis of
 * a skill. Task buttons open the task in evals.json; Run Again diagnoses anew.
 */
import * as vscode from 'vscode';
import type { DiagnosticsReport } from '../../core/diagnostics';
import { skillFolderOf } from '../skill-files';
import { diagnosticsHtml } from './diagnostics-html';
import { revealTask } from './reveal-task';

export const DIAGNOSTICS_VIEW_TYPE = 'skillTrainer.diagnostics';

export class DiagnosticsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private skillUri: vscode.Uri | undefined;
  private report: DiagnosticsReport | undefined;
  private disposables: vscode.Disposable[] = [];

  /** Shows a report (revealing the panel when it is open). */
  show(skillUri: vscode.Uri, report: DiagnosticsReport): void {
    this.skillUri = skillUri;
    this.report = report;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(DIAGNOSTICS_VIEW_TYPE, 'Diagnostics', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => this.closed(), undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((message: { type: string; id?: string }) => void this.handle(message), undefined, this.disposables);
    } else {
      this.panel.reveal(undefined, false);
    }
    this.render();
  }

  /** The report on show, for tests. */
  current(): DiagnosticsReport | undefined {
    return this.panel ? this.report : undefined;
  }

  private render(): void {
    if (!this.panel || !this.report) return;
    this.panel.title = `Diagnostics: ${this.report.skillName}`;
    this.panel.webview.html = diagnosticsHtml(this.report, this.panel.webview.cspSource);
  }

  private async handle(message: { type: string; id?: string }): Promise<void> {
    if (!this.skillUri) return;
    const uri = vscode.Uri.joinPath(skillFolderOf(this.skillUri), 'evals', 'evals.json');
    if (message.type === 'rerun') {
      void vscode.commands.executeCommand('skillTrainer.diagnoseSkill', this.skillUri);
    } else if (message.type === 'open' || message.type === 'task') {
      await revealTask(uri, message.id);
    }
    this.render();
  }

  private closed(): void {
    this.panel = undefined;
    for (const disposable of this.disposables) disposable.dispose();
    this.disposables = [];
  }

  dispose(): void {
    this.panel?.dispose();
    this.closed();
  }
}
