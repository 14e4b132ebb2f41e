import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listTransferChecks, readLibraryRun, saveTransferCheck } from '../../../src/core/library';
import { listRuns } from '../../../src/core/store';
import type { TransferMatrix } from '../../../src/vscode/history/library-trends-protocol';
import type { ApplyLibraryOutcome } from '../../../src/vscode/library/apply-library-command';
import type { OptimizeLibraryOutcome } from '../../../src/vscode/library/optimize-library-command';
import { describeQueueSkill, libraryProgressText } from '../../../src/vscode/library/library-progress-text';
import { scoreTrendOf } from '../../../src/vscode/score-trend';
import { scoreTrendsSnapshot, waitForTrends } from '../support/history-helpers';
import { readWorkspaceText, removeRunStore, setUserSettings, skillRow } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

interface QueueRow {
  label: string;
  description: string;
  contextValue?: string;
  runId?: string;
}

const queueRows = () => vscode.commands.executeCommand<QueueRow[]>('skillTrainer.trainingQueue.rows');
const optimizeAll = (options: Record<string, unknown>) => vscode.commands.executeCommand<OptimizeLibraryOutcome>('skillTrainer.optimizeAllSkills', options);
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

// Two trainable skills (the example and a renamed copy) and one without tasks (.claude/skills/release-notes),
// trained as one library run in the simulated world.
describe('Library runs: Optimize All Skills, the Training Queue, Apply, Check Transfer', function () {
  this.timeout(240_000);
  const root = () => workspaceFile().fsPath;
  const copy = () => workspaceFile('skills', 'commit-notes');
  const configFile = () => workspaceFile('skill-trainer.config.json');
  let restoreSettings: () => Promise<void>;
  let originals: Record<string, string>;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    // A second skill with tasks: the example under another name.
    const skill = await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'SKILL.md'));
    const tasks = await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'evals', 'evals.json'));
    await write(vscode.Uri.joinPath(copy(), 'SKILL.md'), skill.replace('name: commit-messages', 'name: commit-notes'));
    await write(vscode.Uri.joinPath(copy(), 'evals', 'evals.json'), tasks.replace('"skill_name": "commit-messages"', '"skill_name": "commit-notes"'));
    originals = {
      'commit-messages': await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'SKILL.md')),
      'commit-notes': await readWorkspaceText(vscode.Uri.joinPath(copy(), 'SKILL.md')),
    };
    restoreSettings = await setUserSettings({ target: 'sim:demo', epochs: 1, 'library.parallel': 2 });
  });

  after(async () => {
    await restoreSettings();
    await vscode.workspace.fs.delete(copy(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(configFile(), { useTrash: false }).then(undefined, () => undefined);
    await write(workspaceFile('skills', 'commit-messages', 'SKILL.md'), originals['commit-messages']!);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeRunStore();
  });

  it('a located error in skill-trainer.config.json stops the run before anything trains', async () => {
    await write(configFile(), '{\n  "skills": {\n    "commit-notes": { "epochs": 1, "learningRat": 2 }\n  }\n}\n');
    const outcome = await optimizeAll({ confirm: false });
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started');
    assert.match(outcome.reason, /skill-trainer\.config\.json:3/);
    assert.match(outcome.reason, /learningRat/);
    assert.deepEqual(await listRuns(root()), []);
  });

  it('trains every skill as one library run: the config file wins over the settings, the skill without tasks is skipped with why', async () => {
    await write(configFile(), JSON.stringify({ skills: { 'commit-notes': { learningRate: { max: 2 } } } }, null, 2));
    const outcome = await optimizeAll({ confirm: false, waitUntilEnd: true });
    assert.equal(outcome.kind, 'ended', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'ended');
    assert.equal(outcome.status, 'finished', JSON.stringify(outcome.skills));
    const byName = Object.fromEntries(outcome.skills.map((skill) => [skill.name, skill.outcome]));
    assert.equal(byName['commit-messages']?.status, 'finished');
    assert.equal(byName['commit-notes']?.status, 'finished');
    assert.equal(byName['release-notes']?.status, 'skipped');

    const record = await readLibraryRun(root(), outcome.libraryRunId);
    const training = (name: string) => record.skills.find((skill) => skill.name === name)?.settings?.training as { epochs: number; learningRate: { max: number } };
    assert.equal(training('commit-notes').learningRate.max, 2, 'the config file sets commit-notes');
    assert.equal(training('commit-messages').learningRate.max, 4, 'SkillOpt default from the settings');
    assert.equal(training('commit-messages').epochs, 1, 'the settings apply where the file is silent');
    assert.equal(record.skills.find((skill) => skill.name === 'commit-messages')?.settings?.models.target, 'sim:demo');

    const rows = await queueRows();
    // Other suites may leave skills of their own (without tasks): these three are ours.
    for (const name of ['commit-messages', 'commit-notes', 'release-notes']) assert.ok(rows.some((row) => row.label === name), `${name} is not in the queue: ${JSON.stringify(rows)}`);
    for (const row of rows.filter((candidate) => candidate.label.startsWith('commit-'))) assert.match(row.description, /^finished · \d\.\d\d → \d\.\d\d$/);
    assert.match(rows.find((row) => row.label === 'release-notes')!.description, /^skipped: .*no eval tasks/);

    // The Skills view: latest score with its trend (one finished run: against its baseline).
    await waitFor('the trend arrow', async () => (await skillRow('commit-messages'))?.description.includes('↑') === true, 10_000);
  });

  it('Stop leaves the library run resumable; Resume finishes it without training finished skills again', async () => {
    const restoreLatency = await setUserSettings({ 'simulation.latencyMs': 30, 'library.parallel': 1 });
    try {
      const before = await listRuns(root());
      const started = await optimizeAll({ confirm: false });
      assert.equal(started.kind, 'started');
      await waitFor('a skill to run', async () => (await queueRows()).some((row) => row.description.startsWith('running')), 30_000);
      const status = await vscode.commands.executeCommand<string>('skillTrainer.stopLibraryRun');
      assert.equal(status, 'cancelled');
      const stopped = await queueRows();
      assert.ok(stopped.some((row) => /resumable/.test(row.contextValue ?? '')), JSON.stringify(stopped));

      const resumed = await vscode.commands.executeCommand<{ status: string; skills: { name: string; runId?: string; outcome: { status: string } }[] }>('skillTrainer.resumeLibraryRun');
      assert.equal(resumed?.status, 'finished', JSON.stringify(resumed));
      // Each skill trained once in this library run: the stopped one continued its own run.
      const after = await listRuns(root());
      assert.equal(after.length - before.length, 2, 'one new run per trainable skill, none repeated');
      for (const skill of resumed!.skills.filter((entry) => entry.name.startsWith('commit-'))) assert.equal(skill.outcome.status, 'finished');
    } finally {
      await restoreLatency();
    }
  });

  it('Apply writes every improved skill after one confirmation', async () => {
    const applied = await vscode.commands.executeCommand<ApplyLibraryOutcome>('skillTrainer.applyLibraryRun', undefined, { answer: 'Write Skills' });
    assert.ok(applied && applied.written.length >= 1, JSON.stringify(applied));
    assert.deepEqual(applied.commits, [], 'nothing is committed unless asked');
    for (const path of applied.written) {
      const name = path.includes('commit-notes') ? 'commit-notes' : 'commit-messages';
      assert.notEqual(await readWorkspaceText(vscode.Uri.file(path)), originals[name], `${name} holds the trained skill`);
    }
    const again = await vscode.commands.executeCommand<ApplyLibraryOutcome>('skillTrainer.applyLibraryRun', undefined, { answer: 'Write Skills' });
    assert.deepEqual(again?.written, [], 'applied skills are not written twice');
  });

  it('Check Transfer on a run opens the Transfer page with the matrix of two sim: targets', async () => {
    const [run] = (await listRuns(root(), { skillPath: workspaceFile('skills', 'commit-messages', 'SKILL.md').fsPath })).filter((entry) => entry.status === 'finished');
    assert.ok(run);
    const matrix = await vscode.commands.executeCommand<TransferMatrix>('skillTrainer.checkTransfer', { runId: run.id, workspaceRoot: root() }, { targets: ['sim:demo', 'sim:other'] });
    assert.deepEqual(matrix?.rows.map((row) => row.target), ['sim:demo', 'sim:other']);
    for (const row of matrix!.rows) {
      for (const cell of [row.noSkill, row.original, row.trained]) assert.ok(cell.count > 0 && cell.low <= cell.mean && cell.mean <= cell.high, JSON.stringify(cell));
    }
    const snapshot = await waitForTrends('the Transfer page', (state) => state.lastRender?.tab === 'transfer' && state.lastRender.transfer?.runId === run.id);
    assert.deepEqual(snapshot.lastRender?.transfer?.targets, ['sim:demo', 'sim:other']);
    // Kept in the run store beside the run, where `skill-trainer transfer` keeps its checks too.
    assert.deepEqual((await listTransferChecks(root())).find((check) => check.runId === run.id)?.rows.map((row) => row.target), ['sim:demo', 'sim:other']);
  });

  it('the Transfer page also shows a check the command line saved', async () => {
    const [run] = (await listRuns(root(), { skillPath: vscode.Uri.joinPath(copy(), 'SKILL.md').fsPath })).filter((entry) => entry.status === 'finished');
    assert.ok(run);
    const cell = { mean: 0.5, low: 0.25, high: 0.75, count: 4 };
    await saveTransferCheck(root(), {
      runId: run.id, skillName: 'commit-notes', skillPath: run.skillPath, split: 'test', metric: 'hard', taskCount: 4,
      judge: 'sim:judge', checkedAt: new Date().toISOString(), costUsd: 0,
      rows: [{ target: 'sim:from-the-cli', noSkill: cell, original: cell, trained: cell, delta: { mean: 0, low: -0.25, high: 0.25, count: 4 }, failedTasks: 0 }],
    });
    await vscode.commands.executeCommand('skillTrainer.openScoreTrends', vscode.Uri.file(run.skillPath), { tab: 'transfer', transferRunId: run.id });
    const snapshot = await waitForTrends('the command line\'s check', (state) => state.lastRender?.tab === 'transfer' && state.lastRender.transfer?.runId === run.id);
    assert.deepEqual(snapshot.lastRender?.transfer?.targets, ['sim:from-the-cli']);
  });

  it('the Library page lists every trained skill with its score over time', async () => {
    await vscode.commands.executeCommand('skillTrainer.openLibraryTrends');
    const snapshot = await waitForTrends('the Library page', (state) => state.lastRender?.tab === 'library' && (state.lastRender.libraryRows?.length ?? 0) === 2);
    for (const row of snapshot.lastRender!.libraryRows!) assert.equal(row.points, row.skillName === 'commit-messages' || row.skillName === 'commit-notes' ? 2 : 0, JSON.stringify(row));
    assert.ok((await scoreTrendsSnapshot()).open);
  });

  it('words: the queue row and the notification say where each skill stands', () => {
    const running = { name: 'a', skillPath: '/a/SKILL.md', order: 0, outcome: { status: 'running' as const, runId: 'r', epoch: 1, step: 2, totalSteps: 4, score: 0.5, bestScore: 0.61 } };
    assert.equal(describeQueueSkill(running), 'running · epoch 1 step 2/4 · val 0.50 (best 0.61)');
    assert.equal(describeQueueSkill({ outcome: { status: 'failed', message: 'No API key for openai' } }), 'failed: No API key for openai');
    assert.equal(
      libraryProgressText([running, { name: 'b', skillPath: '/b/SKILL.md', order: 1, outcome: { status: 'skipped', code: 'no_tasks', reason: 'no eval tasks' } }]),
      '0 of 1 done · a E1 S2/4 0.50 · 1 skipped',
    );
    const run = (startedAt: string, best: number, baseline = 0.4) => ({ status: 'finished' as 'finished' | 'cancelled', startedAt, bestValidationScore: best, baselineScore: baseline, gateMetric: 'hard' as const });
    assert.equal(scoreTrendOf([run('2026-01-01', 0.6)]), 'up');
    assert.equal(scoreTrendOf([run('2026-01-02', 0.5), run('2026-01-01', 0.6)]), 'down');
    assert.equal(scoreTrendOf([run('2026-01-01', 0.6), run('2026-01-02', 0.602)]), 'flat');
    assert.equal(scoreTrendOf([]), undefined);
    // A stopped newer run's score (the one the view shows) against the finished run before it.
    assert.equal(scoreTrendOf([run('2026-01-01', 0.5), { ...run('2026-01-02', 0.45, 0.2), status: 'cancelled' as const }]), 'down');
  });
  it('Stop Training on one skill of a library run stops that skill only: the other finishes, and the library run stays resumable', async () => {
    const restoreLatency = await setUserSettings({ 'simulation.latencyMs': 30, 'library.parallel': 2 });
    try {
      const ended = optimizeAll({ confirm: false, waitUntilEnd: true });
      await waitFor('commit-notes to run', async () => (await queueRows()).some((row) => row.label === 'commit-notes' && row.description.startsWith('running')), 30_000);
      await vscode.commands.executeCommand('skillTrainer.stopTraining', vscode.Uri.joinPath(copy(), 'SKILL.md'));
      const outcome = await ended;
      assert.ok(outcome.kind === 'ended', JSON.stringify(outcome));
      const byName = Object.fromEntries(outcome.skills.map((skill) => [skill.name, skill.outcome.status]));
      assert.equal(byName['commit-notes'], 'cancelled', JSON.stringify(outcome.skills));
      assert.equal(byName['commit-messages'], 'finished', JSON.stringify(outcome.skills));
      assert.equal(outcome.status, 'cancelled');
      const rows = await queueRows();
      assert.ok(rows.some((row) => row.label === 'commit-notes' && /resumable/.test(row.contextValue ?? '')), JSON.stringify(rows));
    } finally {
      await restoreLatency();
    }
  });
});
