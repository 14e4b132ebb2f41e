import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyTrainedSkill, reviewTrainedSkill, TRAINED_SKILL_SCHEME } from '../../../src/vscode/trained-skill-actions';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

// What happens to a finished run's skill: the working file changes only when the
// person applies it, as one undoable edit that is not saved for them.
describe('the trained skill', () => {
  const trainedFile = () => workspaceFile('.skill-trainer', 'runs', 'run-for-test', 'trained', 'SKILL.md');
  let original: string;
  let trained: string;

  before(async () => {
    await skillTrainerExtension().activate();
    original = await readWorkspaceText(exampleSkillUri());
    trained = `${original.trimEnd()}\n- Reference the issue in a footer line such as \`Refs #123\`.\n`;
    await vscode.workspace.fs.writeFile(trainedFile(), new TextEncoder().encode(trained));
  });

  after(async () => {
    await discardAllEditors();
    await removeRunStore();
  });

  it('is applied as one undoable edit of the open document, not saved', async () => {
    assert.equal(await applyTrainedSkill(exampleSkillUri(), trained, original), 'applied');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), exampleSkillUri().toString());
    assert.equal(editor?.document.getText(), trained);
    assert.equal(editor?.document.isDirty, true);
    assert.equal(await readWorkspaceText(exampleSkillUri()), original, 'the file on disk was written');
    await vscode.commands.executeCommand('undo');
    await waitFor('one undo to bring the working text back', () => editor!.document.getText() === original);
    assert.equal(await applyTrainedSkill(exampleSkillUri(), original), 'unchanged');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('is reviewed in a diff against the working file, read-only on the trained side', async () => {
    await reviewTrainedSkill(exampleSkillUri(), trainedFile().fsPath, 'run-for-test');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    assert.ok(input instanceof vscode.TabInputTextDiff, 'no diff editor opened');
    assert.equal(input.original.toString(), exampleSkillUri().toString());
    assert.equal(input.modified.scheme, TRAINED_SKILL_SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(input.modified)).getText(), trained);
    assert.deepEqual(vscode.languages.getDiagnostics(input.modified), [], 'a run record got working-file diagnostics');
  });
});
