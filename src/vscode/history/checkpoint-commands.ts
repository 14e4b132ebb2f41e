/**
 * Restore Checkpoint and Compare with Checkpoint. Restore replaces the working
 * SKILL.md's text in its editor as one undoable edit (never saved for the person, though
 * auto-save may write it, and the confirmation says which);
 * Compare opens a diff of the checkpoint (read-only) against the working file.
 */
import * as vscode from 'vscode';
import { readCheckpointText } from '../../core/store';
import { whenWrittenToDisk } from '../save-wording';
import { skillNameOf } from '../skill-files';
import { checkpointUri } from './checkpoint-content-provider';
import { checkpointFromArgument, pickCheckpoint, type ResolvedCheckpoint } from './checkpoint-reference';

const RESTORE_TITLE = 'Restore Checkpoint';
const COMPARE_TITLE = 'Compare with Checkpoint';

/** What Restore Checkpoint did. */
export type RestoreOutcome = 'restored' | 'unchanged' | 'cancelled';

/** Automation (tests, other extensions) may skip the confirmation. */
export interface RestoreOptions {
  /** False skips the "are you sure" dialog. Default true. */
  readonly confirm?: boolean;
}

/** The checkpoint named by the argument, else one the person picks; undefined when none. */
async function checkpointFor(argument: unknown, commandTitle: string, followed: vscode.Uri | undefined): Promise<ResolvedCheckpoint | undefined> {
  const named = await checkpointFromArgument(argument);
  if (named) return named;
  const skill = argument instanceof vscode.Uri && argument.scheme === 'file' ? argument : followed;
  return pickCheckpoint(skill, commandTitle);
}

/**
 * The smallest replacement turning `current` into `target`: the differing middle
 * between their common prefix and suffix, so the cursor and folds elsewhere stay.
 */
export function minimalReplacement(current: string, target: string): { start: number; end: number; text: string } {
  let start = 0;
  const shorter = Math.min(current.length, target.length);
  while (start < shorter && current.charCodeAt(start) === target.charCodeAt(start)) start += 1;
  let suffix = 0;
  while (suffix < shorter - start && current.charCodeAt(current.length - 1 - suffix) === target.charCodeAt(target.length - 1 - suffix)) suffix += 1;
  return { start, end: current.length - suffix, text: target.slice(start, target.length - suffix) };
}

export async function restoreCheckpoint(argument: unknown, options: RestoreOptions = {}, followed?: vscode.Uri): Promise<RestoreOutcome> {
  const checkpoint = await checkpointFor(argument, RESTORE_TITLE, followed);
  if (!checkpoint) return 'cancelled';
  const text = await readCheckpointText(checkpoint.workspaceRoot, checkpoint.run.id, checkpoint.file);
  const document = await vscode.workspace.openTextDocument(checkpoint.skillUri);
  const name = `${skillNameOf(checkpoint.skillUri)}/SKILL.md`;
  if (document.getText() === text) {
    void vscode.window.showInformationMessage(`${RESTORE_TITLE}: ${name} already holds ${checkpoint.title}.`);
    return 'unchanged';
  }
  if (options.confirm !== false) {
    const restore = 'Restore';
    const choice = await vscode.window.showWarningMessage(
      `Replace the text of ${name} with ${checkpoint.title}?`,
      {
        modal: true,
        detail: `The editor's text changes in one edit: Undo (Ctrl+Z) brings it back.${document.isDirty ? ' Your unsaved changes are replaced too.' : ''} ${whenWrittenToDisk(document.uri)}`,
      },
      restore,
    );
    if (choice !== restore) return 'cancelled';
  }
  const current = document.getText();
  const change = minimalReplacement(current, text);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text, {
    label: `Restore ${checkpoint.title}`,
    needsConfirmation: false,
  });
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new Error(`${RESTORE_TITLE}: could not edit ${name} (it changed meanwhile, or it is read-only). Try again.`);
  }
  await vscode.window.showTextDocument(document, { preview: false });
  return 'restored';
}

/** Opens the checkpoint (left, read-only) against the working file (right, editable). */
export async function compareWithCheckpoint(argument: unknown, followed?: vscode.Uri): Promise<boolean> {
  const checkpoint = await checkpointFor(argument, COMPARE_TITLE, followed);
  if (!checkpoint) return false;
  const left = checkpointUri({ workspaceRoot: checkpoint.workspaceRoot, runId: checkpoint.run.id, file: checkpoint.file });
  const title = `${skillNameOf(checkpoint.skillUri)}: ${checkpoint.title} ↔ working SKILL.md`;
  await vscode.commands.executeCommand('vscode.diff', left, checkpoint.skillUri, title, { preview: true });
  return true;
}
