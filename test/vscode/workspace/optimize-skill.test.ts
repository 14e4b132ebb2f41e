import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listRuns, readStepRecords } from '../../../src/core/store';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import type { RunOutcome } from '../../../src/vscode/run-controller';
import type { ResumeOutcome } from '../../../src/vscode/stop-resume-commands';
import { discardAllEditors, exampleSkillUri, readWorkspaceText, removeRunStore, setUserSettings, skillRow, waitForSkillState } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

// Training in the simulated world (`sim:demo` for every role) with SkillOpt's
// defaults: the whole run happens inside this extension host, as for a user.
describe('Optimize Skill with the simulated world', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  const optimize = (...args: unknown[]) => vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', ...args);
  let restoreSettings: () => Promise<void>;
  let originalSkill: string;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    originalSkill = await readWorkspaceText(exampleSkillUri());
  });

  beforeEach(async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo' });
  });

  afterEach(async () => {
    await restoreSettings();
    await discardAllEditors();
  });

  after(removeRunStore);

  it('trains to the end in auto mode, records the run, and leaves SKILL.md as it was', async () => {
    const outcome = await optimize(exampleSkillUri());
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished');
    const [run] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
    assert.equal(run?.id, outcome.runId);
    assert.equal(run?.status, 'finished');
    assert.deepEqual(run?.models, { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' });
    assert.ok((run?.bestValidationScore ?? 0) > (run?.baselineScore ?? 1), `best ${run?.bestValidationScore} should beat baseline ${run?.baselineScore}`);
    const steps = await readStepRecords(root(), outcome.runId);
    assert.equal(steps.filter((record) => record.kind === 'step').length, run?.totalSteps);
    assert.equal(await readWorkspaceText(exampleSkillUri()), originalSkill, 'the working SKILL.md was written behind the person\'s back');
    const row = await skillRow('commit-messages');
    assert.equal(row?.state, 'idle');
    assert.equal(row?.lastValidationScore, run?.bestValidationScore);
  });

  it('refuses a second run on a skill that is training, and Stop leaves the run resumable', async () => {
    const restoreLatency = await setUserSettings({ 'simulation.latencyMs': 40 });
    try {
      const first = optimize(exampleSkillUri());
      await waitForSkillState('commit-messages', 'training');
      const second = await optimize(exampleSkillUri());
      assert.equal(second.kind, 'not-started');
      assert.ok(second.kind === 'not-started');
      assert.match(second.reason, /commit-messages is already training \(run .+\)\. Stop it first/);

      const stopped = await vscode.commands.executeCommand<RunOutcome[]>('skillTrainer.stopTraining', exampleSkillUri());
      assert.deepEqual(stopped.map((outcome) => outcome.kind), ['cancelled']);
      const outcome = await first;
      assert.equal(outcome.kind, 'cancelled');
      assert.ok(outcome.kind === 'cancelled');
      const [run] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
      assert.equal(run?.id, outcome.runId);
      assert.equal(run?.status, 'cancelled');
      await waitForSkillState('commit-messages', 'stopped');
    } finally {
      await restoreLatency();
    }
  });

  it('Resume Training continues the stopped run to the end', async () => {
    const [stopped] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
    assert.equal(stopped?.status, 'cancelled', 'the previous test leaves a cancelled run');
    const outcome = await vscode.commands.executeCommand<ResumeOutcome>('skillTrainer.resumeTraining', stopped!.id);
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    const [run] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
    assert.equal(run?.id, stopped!.id);
    assert.equal(run?.status, 'finished');
    const steps = await readStepRecords(root(), stopped!.id);
    const stepNumbers = steps.filter((record) => record.kind === 'step').map((record) => record.step);
    assert.deepEqual(stepNumbers, [...new Set(stepNumbers)].sort((a, b) => a - b), 'a step was recorded twice or out of order');
    assert.equal(stepNumbers.length, run?.totalSteps);
  });

  it('says what to fix when a task file is broken, without starting', async () => {
    const releaseNotes = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md');
    const outcome = await optimize(releaseNotes);
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started');
    assert.equal(outcome.skillName, 'release-notes');
    assert.match(outcome.reason, /no eval tasks found: create evals\/evals\.json/);
  });

  it('takes the SKILL.md of the active editor when called without a file', async () => {
    await vscode.window.showTextDocument(workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md'));
    const outcome = await optimize();
    assert.ok(outcome.kind === 'not-started', `got ${outcome.kind}`);
    assert.equal(outcome.skillName, 'release-notes');
  });

  it('names the setting when a setting is invalid', async () => {
    const restore = await setUserSettings({ 'learningRate.min': 6 });
    try {
      const outcome = await optimize(exampleSkillUri());
      assert.ok(outcome.kind === 'not-started', `got ${outcome.kind}`);
      assert.match(outcome.reason, /Setting skillTrainer\.learningRate\.min \(6\) is above skillTrainer\.learningRate\.max \(4\)/);
    } finally {
      await restore();
    }
  });

  it('refuses a file that is not a SKILL.md', async () => {
    await assert.rejects(Promise.resolve(optimize(workspaceFile('notes', 'README.md'))), /Optimize Skill works on SKILL\.md files/);
  });
});
