import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { openRunStore, trainedSkillPath } from '../../../src/core/store';
import type { CheckpointRow } from '../../../src/vscode/history/checkpoint-rows';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { checkpointRows, diffTabs, trainExampleSkill, waitForRows } from '../support/history-helpers';
import { skillTrainerExtension, skillTrainerManifest, waitFor, workspaceFile } from '../support/skill-trainer-extension';

// Finding a finished run's results again after its notification is gone: the run row's
// menu, the Skills row, the diff editor's title bar, and a click on a chart point.
describe('a finished run’s results from its rows', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let runId: string;
  let original: string;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    original = await readWorkspaceText(exampleSkillUri());
    runId = await trainExampleSkill();
    // The Checkpoints view follows the SKILL.md last active in an editor.
    await vscode.window.showTextDocument(exampleSkillUri());
  });

  afterEach(async () => {
    await discardAllEditors();
  });

  after(async () => removeRunStore());

  it('menus the run row: Apply, Review Changes | Resume, Stop | Score Trends, Check Transfer | Delete Run', () => {
    const menu = skillTrainerManifest().contributes.menus!['view/item/context']!.filter((item) => item.when?.includes('view == skillTrainer.checkpoints') && item.when.includes('viewItem =~ /^run'));
    const groups = Object.fromEntries(menu.filter((item) => !item.group?.startsWith('inline')).map((item) => [item.command, item.group]));
    assert.deepEqual(groups, {
      'skillTrainer.applyBestSkill': '1_apply@1',
      'skillTrainer.reviewChanges': '1_apply@2',
      'skillTrainer.resumeTraining': '2_run@1',
      'skillTrainer.stopTraining': '2_run@2',
      'skillTrainer.openScoreTrends': '3_results@1',
      'skillTrainer.checkTransfer': '3_results@2',
      'skillTrainer.deleteRun': '9_delete@1',
    });
  });

  it('Apply Best Skill from the run row puts the trained skill in the editor, unsaved; Review Changes opens the diff', async () => {
    // The run's row, whether the view follows the skill or groups every skill's runs.
    const runRowOf = (rows: CheckpointRow[]) => rows.flatMap((row) => [row, ...row.children]).find((row) => row.element.type === 'run' && row.element.runId === runId);
    const run = runRowOf(await waitForRows('the run row', (rows) => runRowOf(rows) !== undefined));
    assert.equal(run!.contextValue, 'run:finished:trained');
    const element = { runId, workspaceRoot: root(), skillUri: exampleSkillUri() };
    assert.equal(await vscode.commands.executeCommand('skillTrainer.applyBestSkill', element), 'applied');
    const document = await vscode.workspace.openTextDocument(exampleSkillUri());
    assert.equal(document.getText(), await readWorkspaceText(vscode.Uri.file(trainedSkillPath(root(), runId))));
    assert.equal(document.isDirty, true);
    assert.equal(await readWorkspaceText(exampleSkillUri()), original, 'Apply saved the file');

    assert.equal(await vscode.commands.executeCommand('skillTrainer.reviewChanges', element), true);
    const [diff] = diffTabs();
    assert.equal(diff?.input.modified.scheme, 'skill-trainer-trained');
    assert.match(diff!.tab.label, new RegExp(`commit-messages: working SKILL\\.md ↔ trained \\(run ${runId}\\)`));
  });

  it('Apply Best Skill from the diff editor’s title bar (its trained side) and from the Skills row', async () => {
    const trainedUri = vscode.Uri.file(trainedSkillPath(root(), runId)).with({ scheme: 'skill-trainer-trained' });
    const editorTitle = skillTrainerManifest().contributes.menus!['editor/title']!.find((item) => item.command === 'skillTrainer.applyBestSkill');
    assert.equal(editorTitle?.when, "resourceScheme == 'skill-trainer-trained'");
    assert.equal(await vscode.commands.executeCommand('skillTrainer.applyBestSkill', trainedUri), 'applied');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(await vscode.commands.executeCommand('skillTrainer.applyBestSkill', { skillUri: exampleSkillUri() }), 'applied');
  });

  it('a click on a chart point opens that step’s diff and selects its Checkpoints row', async () => {
    const label = await vscode.commands.executeCommand<string>('skillTrainer.checkpoints.revealStep', { runId, step: 1 });
    assert.equal(label, 'E1 · Step 1');
    await waitFor('the step diff', () => diffTabs().some(({ tab }) => /commit-messages: baseline ↔ step 1 \(run .+\)/.test(tab.label)));
    assert.equal(await vscode.commands.executeCommand<string>('skillTrainer.checkpoints.revealStep', { runId, step: 4, final: true }), 'Final skill');
  });

  it('a stopped run has no trained skill to apply, and says why', async () => {
    const store = openRunStore(root());
    const stopped = await store.createRun({ skillPath: exampleSkillUri().fsPath, skillName: 'commit-messages', status: 'cancelled', startedAt: '2000-01-01T00:00:00.000Z', gateMetric: 'hard', costUsd: 0, stepsDone: 1, totalSteps: 4, models: { target: 'sim:demo', optimizer: 'sim:demo' } }, 'stopped-run');
    assert.ok(existsSync(stopped.dir));
    assert.equal(await vscode.commands.executeCommand('skillTrainer.applyBestSkill', { runId: 'stopped-run', workspaceRoot: root() }), 'none');
    const stoppedRowOf = (rows: CheckpointRow[]) => rows.flatMap((row) => [row, ...row.children]).find((row) => row.element.type === 'run' && row.element.runId === 'stopped-run');
    const rows = await waitForRows('the stopped run row', (candidate) => stoppedRowOf(candidate) !== undefined);
    assert.equal(stoppedRowOf(rows)?.contextValue, 'run:stopped:resumable');
  });

  it('Delete Run removes the run with its files, and the view drops its row', async () => {
    assert.equal(await vscode.commands.executeCommand('skillTrainer.deleteRun', { runId: 'stopped-run', workspaceRoot: root() }, { confirm: false }), 'deleted');
    assert.equal(existsSync(workspaceFile('.skill-trainer', 'runs', 'stopped-run').fsPath), false);
    const allRows = (rows: CheckpointRow[]) => rows.flatMap((row) => [row, ...row.children]);
    await waitForRows('the row to go', (rows) => !allRows(rows).some((row) => row.element.runId === 'stopped-run'));
    assert.ok(allRows(await checkpointRows()).some((row) => row.element.runId === runId), 'the other run went too');
  });
});
