import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { applyEdits } from '../../../src/core/skill';
import type { ReviewSnapshotSummary } from '../../../src/vscode/review/review-commands';
import { discardFixtureEditor, openFixtureSkill, REVIEW_BASE_TEXT, REVIEW_EDITS, reviewSnapshot, waitForReview } from '../support/review-fixture';
import { skillTrainerExtension, waitFor } from '../support/skill-trainer-extension';
import { writeStoredReviewRun, type StoredReviewRun } from '../support/stored-review-run';

// "Review any finished step on demand": a step read back from the run store is proposed
// in the working file again, and its diff opens from the stored checkpoints.
describe('inline review of a stored step', () => {
  const edits = REVIEW_EDITS.slice(0, 3);
  let editor: vscode.TextEditor;
  let workspaceRoot: string;
  let stored: StoredReviewRun;

  before(async () => {
    await skillTrainerExtension().activate();
  });

  beforeEach(async () => {
    editor = await openFixtureSkill();
    workspaceRoot = mkdtempSync(join(tmpdir(), 'skill-trainer-review-store-'));
    stored = await writeStoredReviewRun({
      workspaceRoot,
      skillPath: editor.document.uri.fsPath,
      skillName: 'release-notes',
      baselineText: REVIEW_BASE_TEXT,
      edits,
      runId: 'run-review-test',
    });
  });

  afterEach(async () => {
    await discardFixtureEditor(editor);
    rmSync(workspaceRoot, { recursive: true, force: true });
  });

  it('proposes the stored step’s edits in the working file, with the gate’s recorded verdict', async () => {
    const summary = await vscode.commands.executeCommand<ReviewSnapshotSummary>('skillTrainer.reviewStep', {
      runId: stored.runId,
      step: stored.step,
      workspaceRoot,
    });
    assert.equal(summary.uri, editor.document.uri.toString(), 'the run’s own skill file should be reviewed');
    assert.equal(summary.hunkIds.length, 3);
    const snapshot = await waitForReview(editor.document.uri, 'the stored review');
    assert.equal(snapshot.origin, 'stored');
    assert.equal(snapshot.step, 1);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.includes('Step 1 (epoch 1) · gate: accept (new best) · 50% → 75%'), titles.join(' | '));

    await vscode.commands.executeCommand('skillTrainer.acceptAllEdits', { uri: summary.uri });
    assert.equal(editor.document.getText(), stored.candidateText);
    assert.equal(await reviewSnapshot(editor.document.uri), undefined);
  });

  it('shows the step as its run applied it: a run that kept lists tight proposes tight list items', async () => {
    const tight = await writeStoredReviewRun({
      workspaceRoot,
      skillPath: editor.document.uri.fsPath,
      skillName: 'release-notes',
      baselineText: REVIEW_BASE_TEXT,
      edits,
      runId: 'run-review-tight',
      keepListsTight: true,
    });
    assert.notEqual(tight.candidateText, stored.candidateText, 'the fixture inserts into a tight list');
    const summary = await vscode.commands.executeCommand<ReviewSnapshotSummary>('skillTrainer.reviewStep', { runId: tight.runId, step: tight.step, workspaceRoot });
    await waitForReview(editor.document.uri, 'the stored review of the tight run');
    assert.equal(editor.document.getText(), tight.candidateText, 'the proposals in the buffer are the run’s candidate');
    await vscode.commands.executeCommand('skillTrainer.acceptAllEdits', { uri: summary.uri });
    assert.equal(editor.document.getText(), tight.candidateText);
  });

  it('rebases onto the working file: an edit whose target the person removed is not offered', async () => {
    const target = 'Avoid internal ticket numbers and code names.\n';
    const at = editor.document.getText().indexOf(target);
    await editor.edit((builder) => builder.delete(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + target.length))));
    const summary = await vscode.commands.executeCommand<ReviewSnapshotSummary>('skillTrainer.reviewStep', {
      runId: stored.runId,
      step: stored.step,
      skillUri: editor.document.uri,
      workspaceRoot,
    });
    assert.equal(summary.hunkIds.length, 2);
    const snapshot = await waitForReview(editor.document.uri, 'the stored review');
    assert.deepEqual(snapshot.unapplied, [{ index: 2, status: 'skipped_target_missing' }]);
    await vscode.commands.executeCommand('skillTrainer.acceptAllEdits', { uri: summary.uri });
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, edits).text);
  });

  it('Open Step Diff on a stored step compares the checkpoint before it with its candidate', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('skillTrainer.openStepDiff', { runId: stored.runId, step: stored.step, workspaceRoot });
    assert.equal(opened, true);
    let diff: vscode.TabInputTextDiff | undefined;
    await waitFor('the stored step diff tab', () => {
      diff = vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .map((tab) => tab.input)
        .find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff && input.original.path.includes(stored.runId));
      return diff !== undefined;
    });
    assert.equal((await vscode.workspace.openTextDocument(diff!.original)).getText(), REVIEW_BASE_TEXT);
    assert.equal((await vscode.workspace.openTextDocument(diff!.modified)).getText(), stored.candidateText);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('names the run and the fix when the step does not exist', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.reviewStep', { runId: stored.runId, step: 9, workspaceRoot })),
      /run run-review-test has no finished step 9/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.reviewStep', { runId: 'run-missing', step: 1, workspaceRoot })),
      /no run run-missing in .+; open the workspace that holds its \.skill-trainer folder/,
    );
  });
});
