/** Opening a skill's evals.json beside the current editor, at one task when it is named. */
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { locateJsonPath } from '../../core/tasks';

export async function revealTask(uri: vscode.Uri, taskId?: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  let selection: vscode.Range | undefined;
  if (taskId !== undefined) {
    const raw = parse(document.getText()) as { evals?: Array<{ id?: unknown }> } | undefined;
    const index = Array.isArray(raw?.evals) ? raw.evals.findIndex((task) => String(task?.id) === taskId) : -1;
    const position = index >= 0 ? locateJsonPath(document.getText(), ['evals', index]) : undefined;
    if (position) selection = new vscode.Range(position.line - 1, 0, position.line - 1, 0);
  }
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection, preview: false });
}
