/**
 * Changes to a skill's evals.json made from the editor: through the open buffer when
 * the file is open (so unsaved typing is kept, and one Ctrl+Z undoes the change), else
 * straight to disk. The change is computed from the text as it is now, never from a
 * stale copy.
 */
import * as vscode from 'vscode';
import { SkillTrainerError } from '../../core/errors';

/** The text of the file as the editor has it (open buffer first), or undefined when it does not exist. */
export async function currentText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/**
 * Replaces the file's text with `change(current)`. An open buffer is edited and saved
 * (a buffer with the person's unsaved edits in it is saved too: the change was computed
 * from them, and the review reads the file on disk).
 */
export async function changeEvalsText(uri: vscode.Uri, change: (text: string | undefined) => string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (!open) {
    const text = change(await currentText(uri));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return;
  }
  const next = change(open.getText());
  if (next === open.getText()) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), next);
  if (!(await vscode.workspace.applyEdit(edit))) throw new SkillTrainerError('evals_file_edit_refused', `The editor refused the change to ${vscode.workspace.asRelativePath(uri)} (the file changed meanwhile); try again.`);
  await open.save();
}
