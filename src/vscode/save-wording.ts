/**
 * When a change to an editor's text reaches the file, in words that are true for the
 * person's `files.autoSave` setting: with auto-save on (the default in VS Code for the
 * Web) the file is written without a save, so "nothing is saved until you save" would
 * be false there.
 */
import * as vscode from 'vscode';

export function whenWrittenToDisk(uri: vscode.Uri): string {
  const autoSave = vscode.workspace.getConfiguration('files', uri).get<string>('autoSave', 'off');
  switch (autoSave) {
    case 'afterDelay':
      return 'Auto-save writes the change to the file within moments (undoing writes the old text back the same way).';
    case 'onFocusChange':
    case 'onWindowChange':
      return 'Auto-save writes the change to the file when you leave the editor (undoing writes the old text back the same way).';
    default:
      return 'The file itself changes only when you save.';
  }
}
