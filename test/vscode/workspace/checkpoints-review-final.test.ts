import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CheckpointRow } from '../../../src/vscode/history/checkpoint-rows';
import { loadTrendsData } from '../../../src/vscode/history/score-trends-data';
import type { TrainingRuns } from '../../../src/vscode/run-events';
import { waitForRows, waitForTrends } from '../support/history-helpers';
import { REVIEWED_FINAL_SCORES, writeReviewedFinalRun } from '../support/reviewed-final-run';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

// Two runs of gate mode `review`, started in the same minute: in step 1 the person kept
// one of two edits, and the final skill (after the slow update) became the best at the
// end. The Checkpoints view and the Score Trends chart say which skill was kept, name
// the final promotion, and tell the two runs apart.
describe('a reviewed selection and a final promotion in the Checkpoints view and the chart', function () {
  this.timeout(60_000);
  const root = () => workspaceFile().fsPath;
  const older = { runId: '20260305-090710-aaaaaa', startedAt: '2026-03-05T09:07:10.000Z' };
  const newer = { runId: '20260305-090740-bbbbbb', startedAt: '2026-03-05T09:07:40.000Z' };
  let runs: CheckpointRow[];

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    await discardAllEditors();
    const baselineText = await readWorkspaceText(exampleSkillUri());
    for (const run of [older, newer]) await writeReviewedFinalRun({ workspaceRoot: root(), skillPath: exampleSkillUri().fsPath, baselineText, ...run });
    await vscode.window.showTextDocument(exampleSkillUri(), { preview: false });
    runs = await waitForRows('both runs with their rows', (rows) => rows.length === 2 && rows.every((row) => row.children.length > 0));
  });

  after(async () => {
    await discardAllEditors();
    await removeRunStore();
  });

  it('labels runs of the same minute apart, with their seconds', () => {
    const labels = runs.map((row) => row.label);
    assert.notEqual(labels[0], labels[1], labels.join(' | '));
    for (const label of labels) assert.match(label, /^Run [A-Z][a-z]{2} \d{1,2}, \d\d:\d\d:\d\d$/);
    assert.deepEqual(labels.map((label) => label.slice(-2)), ['40', '10']);
  });

  it('shows the full candidate as not kept and the selection as the new best', () => {
    const rows = runs[0]!.children;
    const full = rows.find((row) => row.label === 'E1 · Step 1')!;
    const selection = rows.find((row) => row.label === 'E1 · Step 1 · your selection')!;
    assert.deepEqual(full.icon, { id: 'arrow-down', color: 'disabledForeground' });
    assert.equal(full.description, '0.60 (+0.20) · not kept · 2 edits');
    assert.match(full.tooltip ?? '', /not kept — you accepted a selection of its edits instead/);
    assert.doesNotMatch(full.tooltip ?? '', /accepted — new best/);
    assert.deepEqual(selection.icon, { id: 'star-full', color: 'charts.yellow' });
    assert.equal(selection.description, '0.50 (+0.10) · 1 of 2 edits');
    assert.match(selection.tooltip ?? '', /accepted — new best by your review/);
  });

  it('ends the run with a Final row: the final skill after the slow update, promoted to best', () => {
    const rows = runs[0]!.children;
    assert.deepEqual(
      rows.map((row) => row.label),
      ['Baseline', 'E1 · Step 1', 'E1 · Step 1 · your selection', 'E1 end · slow update', 'E2 · Step 2', 'Final skill'],
    );
    const final = rows.at(-1)!;
    assert.deepEqual(final.icon, { id: 'star-full', color: 'charts.yellow' });
    assert.equal(final.description, '0.90 (+0.40) · new best');
    assert.equal(final.contextValue, 'checkpoint:final');
    assert.equal(final.element.file, 'step-0001-slow-update.md', 'the final skill is the text after the last slow update');
    assert.match(final.tooltip ?? '', /Final skill \(after slow update\)/);
    assert.match(final.tooltip ?? '', /new best: it beat every step's skill/);
    assert.equal(final.command?.id, 'vscode.diff');
    const [left, , title] = final.command!.arguments as [string, string, string];
    assert.match(vscode.Uri.parse(left).path, /\/step-0000\/SKILL\.md$/, 'the final row diffs against the baseline');
    assert.match(title, /^commit-messages: baseline ↔ final skill \(run .+:40\)$/);
  });

  it('draws the selection’s score as the new best, the full candidate as not kept, and the final skill on the best line', async () => {
    await vscode.commands.executeCommand('skillTrainer.openScoreTrends', exampleSkillUri());
    const snapshot = await waitForTrends('the newer run drawn', (state) => state.lastRender?.runIds[0] === newer.runId && state.lastRender.markers !== undefined);
    const markers = snapshot.lastRender!.markers!;
    const scores = REVIEWED_FINAL_SCORES;
    assert.deepEqual(markers['New best'], [{ x: 1, y: scores.selection }]);
    assert.deepEqual(markers['Accepted'], []);
    assert.deepEqual(markers['Not kept (your selection instead)'], [{ x: 1, y: scores.candidate }]);
    assert.deepEqual(markers['Rejected'], [{ x: 2, y: scores.rejected }]);
    assert.deepEqual(markers['Final skill (after slow update)'], [{ x: 2.5, y: scores.final }]);
    assert.equal(snapshot.lastRender!.points, 3, 'one point per step plus the baseline (the final point is drawn apart)');

    const data = await loadTrendsData({ activeRuns: () => [] } as unknown as TrainingRuns, exampleSkillUri().fsPath);
    const labels = data.runs.map((run) => run.label);
    assert.equal(new Set(labels).size, 2, `the run picker's labels collide: ${labels.join(' | ')}`);
    assert.deepEqual(data.runs[0]!.final, { step: 2, score: scores.final, best: scores.final, promoted: true });
    assert.deepEqual(data.runs[0]!.points.map((point) => point.selection), [null, scores.selection, null]);
  });
});
