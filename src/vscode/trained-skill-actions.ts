/**
 * What happens to a trained skill: never written over the person's SKILL.md behind
 * their back. "Apply" is one undoable edit of the open document (not saved);
 * "Review" opens a diff of the working file against the trained skill.
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

/** Read-only documents of trained skills: `skill-trainer-trained:<absolute path of runs/<id>/trained/SKILL.md>`. */
export const TRAINED_SKILL_SCHEME = 'skill-trainer-trained';

/** Only the trainer's output files are served, whatever URI is asked for. */
const TRAINED_SKILL_PATH = /[\\/]\.skill-trainer[\\/]runs[\\/][^\\/]+[\\/]trained[\\/]SKILL\.md$/;

/** Serves trained skills read-only, so a diff cannot edit the run's record by accident. */
export function registerTrainedSkillProvider(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(TRAINED_SKILL_SCHEME, {
    provideTextDocumentContent: async (uri) => {
      if (!TRAINED_SKILL_PATH.test(uri.fsPath)) throw new Error(`${uri.toString()} is not a trained skill of a Skill Trainer run.`);
      return readFile(uri.fsPath, 'utf8');
    },
  });
}

/** The read-only URI of a trained skill file. */
export function trainedSkillUri(trainedPath: string): vscode.Uri {
  return vscode.Uri.file(trainedPath).with({ scheme: TRAINED_SKILL_SCHEME });
}

/**
 * Opens the working file (left) against the trained skill (right, read-only): what
 * applying the trained skill would change, in the diff colours people expect.
 */
export async function reviewTrainedSkill(skillUri: vscode.Uri, trainedPath: string, runId: string): Promise<void> {
  await vscode.commands.executeCommand(
    'vscode.diff',
    skillUri,
    trainedSkillUri(trainedPath),
    `${skillNameOf(skillUri)}: working SKILL.md ↔ trained (run ${runId})`,
    { preview: true },
  );
}
