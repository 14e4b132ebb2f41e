import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listCheckpoints, readCheckpointText, readStepRecords, type TrainingStepRecord } from '../../../src/core/store';
import type { CheckpointRow } from '../../../src/vscode/history/checkpoint-rows';
import { checkpointRows, trainExampleSkill, waitForRows } from '../support/history-helpers';
import { discardAllEditors, exampleSkillUri, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

/** The icon (codicon and theme colour) each gate action shows with. */
const ACTION_ICONS: Record<string, { id: string; color?: string }> = {
  accept_new_best: { id: 'star-full', color: 'charts.yellow' },
  accept: { id: 'pass', color: 'charts.green' },
  force_accept: { id: 'pass', color: 'charts.green' },
  reject: { id: 'close', color: 'charts.red' },
  skip_no_edits: { id: 'circle-slash', color: 'disabledForeground' },
  skip_unchanged: { id: 'circle-slash', color: 'disabledForeground' },
};

// The Checkpoints view over a real run store: the example skill trained in the
// simulated world by Optimize Skill inside this extension host.
describe('the Checkpoints view', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let runId: string;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    await discardAllEditors();
  });

  after(async () => {
    await discardAllEditors();
    await removeRunStore();
  });

  it('is empty (its welcome content shows) while the followed skill has no runs', async () => {
    await vscode.window.showTextDocument(exampleSkillUri(), { preview: false });
    assert.deepEqual(await waitForRows('no rows', (rows) => rows.length === 0), []);
  });

  it('lists the run of the followed skill, newest first, with its timeline', async () => {
    runId = await trainExampleSkill();
    const rows = await waitForRows('the run row', (candidate) => candidate.some((row) => row.element.runId === runId && row.children.length > 0));
    assert.equal(rows.length, 1, rows.map((row) => row.label).join(', '));
    const [run] = rows as [CheckpointRow];
    assert.match(run.label, /^Run [A-Z][a-z]{2} \d{1,2}, \d\d:\d\d$/);
    assert.match(run.description ?? '', /^finished · best \d\.\d\d \(baseline \d\.\d\d\) · 4\/4 steps$/);
    assert.equal(run.contextValue, 'run:finished:trained');
    assert.deepEqual(run.icon, { id: 'history', color: undefined });
    assert.equal(run.element.skillUri, exampleSkillUri().toString());

    const labels = run.children.map((row) => row.label);
    assert.equal(labels[0], 'Baseline');
    for (const step of [1, 2, 3, 4]) assert.ok(labels.includes(`E${step} · Step ${step}`), `no row for step ${step}: ${labels.join(' | ')}`);
    assert.ok(labels.includes('E1 end · slow update'), labels.join(' | '));
    // Rows come in the order the run made them: each step before its epoch's slow update.
    assert.ok(labels.indexOf('E1 · Step 1') < labels.indexOf('E1 end · slow update'));
    assert.ok(labels.indexOf('E1 end · slow update') < labels.indexOf('E2 · Step 2'));
  });

  it('shows each step\'s validation score with its delta, its decision as a coloured icon, and the edits applied', async () => {
    const [run] = await checkpointRows();
    const records = (await readStepRecords(root(), runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');
    const actions = new Set(records.map((record) => record.action));
    assert.ok(actions.has('accept_new_best') && actions.has('reject'), `the simulated run should both improve and be rejected: ${[...actions].join(', ')}`);
    for (const record of records) {
      const row = run!.children.find((candidate) => candidate.label === `E${record.epoch} · Step ${record.step}`);
      assert.ok(row, `no row for step ${record.step}`);
      assert.deepEqual(row.icon, ACTION_ICONS[record.action], `icon of step ${record.step} (${record.action})`);
      if (record.action === 'skip_no_edits') {
        assert.equal(row.description, 'no edits proposed');
        assert.equal(row.contextValue, 'step:skip_no_edits');
        assert.equal(row.command, undefined, 'a step without a checkpoint has nothing to diff');
        continue;
      }
      const applied = record.applyReport.filter((entry) => entry.status.startsWith('applied')).length;
      const delta = record.candidateGateScore! - record.scoreBefore;
      const sign = Math.round(delta * 100) === 0 ? '±' : delta > 0 ? '+' : '-';
      const expected = `${record.candidateGateScore!.toFixed(2)} (${sign}${Math.abs(delta).toFixed(2)}) · ${applied} edit${applied === 1 ? '' : 's'}`;
      assert.equal(row.description, expected, `description of step ${record.step}`);
      assert.equal(row.contextValue, `checkpoint:step:${record.action}`);
      assert.match(row.tooltip ?? '', new RegExp(`Edit budget: ${record.budget} · ${record.editsProposed} proposed`));
      assert.match(row.tooltip ?? '', /Cost: \$0\.00 · \d+ model calls/);
      assert.equal(row.element.file, `step-${String(record.step).padStart(4, '0')}.md`);
    }
    const baseline = run!.children[0]!;
    assert.equal(baseline.contextValue, 'checkpoint:baseline');
    assert.equal(baseline.command?.id, 'vscode.open', 'the baseline has no earlier checkpoint: a click opens it');
  });

  it('diffs each checkpoint against the one it was derived from (a rejected step does not become the base)', async () => {
    const [run] = await checkpointRows();
    const checkpoints = await listCheckpoints(root(), runId);
    const accepted = (file: string) => checkpoints.find((entry) => entry.file === file)?.meta.accepted !== false;
    let current = 'step-0000.md';
    for (const row of run!.children.slice(1)) {
      if (!row.command || row.contextValue === 'checkpoint:final') continue;
      assert.equal(row.command.id, 'vscode.diff');
      const [left, right, title, options] = row.command.arguments as [string, string, string, { preview: boolean; preserveFocus: boolean }];
      const leftFile = /\/(step-[^/]+)\/SKILL\.md/.exec(vscode.Uri.parse(left).path)![1] + '.md';
      assert.equal(leftFile, current, `base of "${row.label}"`);
      assert.match(vscode.Uri.parse(right).path, new RegExp(`/${runId}/${row.element.file!.replace(/\.md$/, '')}/SKILL\\.md$`));
      assert.match(title, /^commit-messages: .+ ↔ .+ \(run .+\)$/);
      assert.deepEqual(options, { preview: true, preserveFocus: true });
      if (accepted(row.element.file!)) current = row.element.file!;
    }
    // The run ends with the final skill: the text it ended with (the last checkpoint it kept), diffed against the baseline.
    const final = run!.children.at(-1)!;
    assert.equal(final.label, 'Final skill');
    assert.equal(final.element.file, current);
    assert.match(vscode.Uri.parse((final.command!.arguments as string[])[0]!).path, /\/step-0000\/SKILL\.md$/);
  });

  it('groups runs by skill after "Show Checkpoints of All Skills", and follows a SKILL.md opened again', async () => {
    await vscode.commands.executeCommand('skillTrainer.showAllCheckpoints');
    const rows = await waitForRows('the skill group', (candidate) => candidate[0]?.element.type === 'skill');
    assert.deepEqual(
      rows.map((row) => [row.label, row.description, row.contextValue]),
      [['commit-messages', `1 run · best ${rows[0]!.children[0]!.description!.match(/best (\d\.\d\d)/)![1]}`, 'checkpointsSkill']],
    );
    assert.equal(rows[0]!.children[0]!.element.runId, runId);

    await discardAllEditors();
    await vscode.window.showTextDocument(workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md'), { preview: false });
    await waitForRows('release-notes (no runs) to be followed', (candidate) => candidate.length === 0);
    await vscode.window.showTextDocument(exampleSkillUri(), { preview: false });
    await waitForRows('commit-messages to be followed again', (candidate) => candidate[0]?.element.runId === runId);
  });

  it('shows a live row while a run trains, and the new run on top when it ends', async function () {
    const restoreLatency = await setUserSettings({ 'simulation.latencyMs': 30 });
    try {
      const training = trainExampleSkill();
      const live = await waitForRows('a live step row', (rows) => rows[0]?.contextValue === 'run:running' && rows[0].children.some((row) => row.contextValue === 'step:live'), 60_000);
      const liveRow = live[0]!.children.find((row) => row.contextValue === 'step:live')!;
      assert.deepEqual(liveRow.icon?.id.startsWith('loading') || liveRow.icon?.id === 'eye', true, JSON.stringify(liveRow.icon));
      assert.match(live[0]!.description ?? '', /^training/);
      const secondRun = await training;
      const rows = await waitForRows('the finished second run', (candidate) => candidate[0]?.element.runId === secondRun && candidate[0].contextValue === 'run:finished:trained');
      assert.deepEqual(rows.map((row) => row.element.runId), [secondRun, runId]);
      assert.ok(!rows[0]!.children.some((row) => row.contextValue === 'step:live'));
    } finally {
      await restoreLatency();
    }
  });

  it('serves checkpoint documents read-only from the store under immutable URIs', async () => {
    const [, first] = await checkpointRows();
    const stepRow = first!.children.find((row) => row.contextValue?.startsWith('checkpoint:step:'))!;
    const uri = vscode.Uri.parse((stepRow.command!.arguments as string[])[1]!);
    assert.equal(uri.scheme, 'skill-trainer-checkpoint');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(), await readCheckpointText(root(), runId, stepRow.element.file!));
    assert.equal(document.languageId, 'markdown');
  });
});
