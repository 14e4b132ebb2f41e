/** Opening a skill's evals.json beside the current editor, at one task when it is named. */
import * as vscode from 'vscode';
import { locateJsonPath } from '../../core/tasks';
import { taskIndexOf } from '../../core/tasks/edit/evals-file-edits';

export async function revealTask(uri: vscode.Uri, taskId?: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  let selection: vscode.Range | undefined;
  if (taskId !== undefined) {
    const index = taskIndexOf(document.getText(), taskId);
    const position = index >= 0 ? locateJsonPath(document.getText(), ['evals', index]) : undefined;
    if (position) selection = new vscode.Range(position.line - 1, 0, position.line - 1, 0);
  }
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection, preview: false });
}
