/**
 * What happens to a trained skill: never written over the person's SKILL.md behind
 * their back. "Apply" is one undoable edit of the open document (not saved);
 * "Review" opens a diff of the trained skill against the working file, whose
 * arrows copy single changes over.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { skillNameOf } from './skill-files';

/** What `applyTrainedSkill` did. */
export type ApplyOutcome = 'applied' | 'unchanged' | 'declined';

/** The whole text range of a document. */
function wholeDocument(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
}

/**
 * Replaces the working SKILL.md's text with the trained skill as one undoable edit
 * of its document (opened in an editor, left unsaved so the person decides). When
 * the file changed since training started (`startText` differs), the person is asked
 * first, because their later changes would be replaced.
 */
export async function applyTrainedSkill(skillUri: vscode.Uri, trainedText: string, startText?: string): Promise<ApplyOutcome> {
  const document = await vscode.workspace.openTextDocument(skillUri);
  const current = document.getText();
  if (current === trainedText) return 'unchanged';
  if (startText !== undefined && current !== startText) {
    const apply = 'Replace My Changes';
    const choice = await vscode.window.showWarningMessage(
      `${skillNameOf(skillUri)}/SKILL.md changed since training started. Applying the trained skill replaces those changes (Undo brings them back).`,
      { modal: true },
      apply,
    );
    if (choice !== apply) return 'declined';
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(skillUri, wholeDocument(document), trainedText, {
    label: 'Apply trained skill',
    needsConfirmation: false,
  });
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`Could not apply the trained skill to ${vscode.workspace.asRelativePath(skillUri)}: the document changed meanwhile. Try again.`);
  }
  await vscode.window.showTextDocument(document, { preview: false });
  return 'applied';
}

/** Applies the trained skill stored at `trainedPath` (see `applyTrainedSkill`). */
export async function applyTrainedSkillFile(skillUri: vscode.Uri, trainedPath: string, startText?: string): Promise<ApplyOutcome> {
  return applyTrainedSkill(skillUri, await readFile(trainedPath, 'utf8'), startText);
}

/**
 * Opens the trained skill (left) against the working file (right, editable): the
 * diff editor's arrows copy a change from the trained skill into the working file.
 */
export async function reviewTrainedSkill(skillUri: vscode.Uri, trainedPath: string, runId: string): Promise<void> {
  await vscode.commands.executeCommand(
    'vscode.diff',
    vscode.Uri.file(trainedPath),
    skillUri,
    `${skillNameOf(skillUri)}: trained (run ${runId}) ↔ working SKILL.md`,
    { preview: true },
  );
}
