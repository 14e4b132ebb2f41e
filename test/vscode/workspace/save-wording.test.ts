import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { whenWrittenToDisk } from '../../../src/vscode/save-wording';
import { exampleSkillUri } from '../support/shell-helpers';

// The Restore dialog said "Nothing is saved until you save" while auto-save (the default
// in VS Code for the Web) writes at once: its wording follows files.autoSave now.
describe('when a change reaches the file, in the words of files.autoSave', () => {
  const files = () => vscode.workspace.getConfiguration('files');
  let original: unknown;

  before(() => {
    original = files().inspect('autoSave')?.globalValue;
  });
  after(async () => {
    await files().update('autoSave', original, vscode.ConfigurationTarget.Global);
  });

  it('says auto-save writes at once, or only a save does', async () => {
    await files().update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    assert.match(whenWrittenToDisk(exampleSkillUri()), /^Auto-save writes the change to the file within moments/);
    await files().update('autoSave', 'onFocusChange', vscode.ConfigurationTarget.Global);
    assert.match(whenWrittenToDisk(exampleSkillUri()), /when you leave the editor/);
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    assert.equal(whenWrittenToDisk(exampleSkillUri()), 'The file itself changes only when you save.');
  });
});
