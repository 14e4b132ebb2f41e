import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readCheckpointText } from '../../../src/core/store';
import type { CheckpointRow } from '../../../src/vscode/history/checkpoint-rows';
import type { RestoreOutcome } from '../../../src/vscode/history/checkpoint-commands';
import { clickRow, diffTabs, trainExampleSkill, waitForRows } from '../support/history-helpers';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

// Clicking a checkpoint row, Restore Checkpoint and Compare with Checkpoint, on a
// run the simulated world trained in this extension host.
describe('checkpoint diff, restore and compare', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let runId: string;
  let steps: CheckpointRow[];
  let originalText: string;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    originalText = await readWorkspaceText(exampleSkillUri());
    await vscode.window.showTextDocument(exampleSkillUri(), { preview: false });
    runId = await trainExampleSkill();
    const rows = await waitForRows('the run with its checkpoints', (candidate) => candidate[0]?.element.runId === runId && candidate[0].children.length > 3);
    steps = rows[0]!.children;
  });

  afterEach(async () => {
    await discardAllEditors();
  });

  after(async () => {
    // Leave the example skill as it was, saved or not.
    const document = await vscode.workspace.openTextDocument(exampleSkillUri());
    if (document.getText() !== originalText) {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), originalText);
      await vscode.workspace.applyEdit(edit);
    }
    if (document.isDirty) await document.save();
    await removeRunStore();
  });

  const row = (prefix: string) => {
    const found = steps.find((candidate) => candidate.contextValue?.startsWith(prefix));
    assert.ok(found, `no row with contextValue ${prefix}…: ${steps.map((candidate) => candidate.contextValue).join(', ')}`);
    return found;
  };

  it('opens a preview diff of the previous checkpoint against the clicked one', async () => {
    const accepted = row('checkpoint:step:accept_new_best');
    await clickRow(accepted);
    await waitFor('a diff tab', () => diffTabs().length === 1);
    const [{ tab, input }] = diffTabs() as [ReturnType<typeof diffTabs>[number]];
    assert.equal(input.original.scheme, 'skill-trainer-checkpoint');
    assert.equal(input.modified.scheme, 'skill-trainer-checkpoint');
    assert.ok(input.modified.path.endsWith('.md') && input.original.path.endsWith('.md'));
    assert.equal(tab.isPreview, true, 'the diff should open as a preview');
    assert.match(tab.label, /^commit-messages: (baseline|step \d+|slow update after step \d+) ↔ step \d+ \(run .+\)$/);
    const modified = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(modified.getText(), await readCheckpointText(root(), runId, accepted.element.file!));

    // Clicking the next row replaces the preview instead of piling up tabs.
    await clickRow(row('checkpoint:step:reject'));
    await waitFor('the preview to show the rejected step', () => diffTabs()[0]?.input.modified.path.includes(row('checkpoint:step:reject').element.file!.replace(/\.md$/, '')) ?? false);
    assert.equal(diffTabs().length, 1, 'a second diff tab was opened');
  });

  it('Restore Checkpoint replaces the working file\'s text in one undoable edit and never saves', async () => {
    const target = row('checkpoint:step:accept_new_best');
    const checkpointText = await readCheckpointText(root(), runId, target.element.file!);
    assert.notEqual(checkpointText, originalText);
    const outcome = await vscode.commands.executeCommand<RestoreOutcome>('skillTrainer.restoreCheckpoint', target.element, { confirm: false });
    assert.equal(outcome, 'restored');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), exampleSkillUri().toString(), 'the working file should be shown');
    assert.equal(editor.document.getText(), checkpointText);
    assert.equal(editor.document.isDirty, true, 'Restore must leave saving to the person');
    assert.equal(await readWorkspaceText(exampleSkillUri()), originalText, 'the file on disk changed');

    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), originalText, 'one undo should bring the previous text back');
    assert.equal(
      await vscode.commands.executeCommand<RestoreOutcome>('skillTrainer.restoreCheckpoint', row('checkpoint:baseline').element, { confirm: false }),
      'unchanged',
      'the working file already holds the baseline',
    );
  });

  it('Restore Checkpoint accepts {runId, step} and restores the step\'s skill', async () => {
    const target = row('checkpoint:step:accept_new_best');
    const outcome = await vscode.commands.executeCommand<RestoreOutcome>('skillTrainer.restoreCheckpoint', { runId, step: target.element.step }, { confirm: false });
    assert.equal(outcome, 'restored');
    const document = await vscode.workspace.openTextDocument(exampleSkillUri());
    assert.equal(document.getText(), await readCheckpointText(root(), runId, target.element.file!));
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), originalText);
  });

  it('Compare with Checkpoint diffs the checkpoint against the editable working file', async () => {
    const target = row('checkpoint:step:accept_new_best');
    assert.equal(await vscode.commands.executeCommand<boolean>('skillTrainer.compareWithCheckpoint', target.element), true);
    await waitFor('the compare tab', () => diffTabs().length === 1);
    const [{ tab, input }] = diffTabs() as [ReturnType<typeof diffTabs>[number]];
    assert.equal(input.original.scheme, 'skill-trainer-checkpoint');
    assert.equal(input.modified.toString(), exampleSkillUri().toString());
    assert.match(tab.label, /^commit-messages: step \d+ of run .+ ↔ working SKILL\.md$/);
  });

  it('refuses a run id that is not in the store, naming the fix', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.restoreCheckpoint', { runId: 'no-such-run', step: 1 }, { confirm: false })),
      /No run no-such-run in .+: open the workspace whose \.skill-trainer folder holds it\./,
    );
  });
});
