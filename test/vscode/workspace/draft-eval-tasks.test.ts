import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { inspectTaskSet } from '../../../src/core/tasks';
import type { DiagnoseOutcome } from '../../../src/vscode/evals/diagnose-skill-command';
import type { DraftOutcome } from '../../../src/vscode/evals/draft-eval-tasks-command';
import type { DraftReviewSnapshot } from '../../../src/vscode/evals/draft-review-panel';
import type { EvaluateOutcome } from '../../../src/vscode/evaluate-skill-command';
import { discardAllEditors, exampleSkillUri, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

describe('Draft Eval Tasks, their review, trials and diagnostics', function () {
  this.timeout(60_000);
  const skillFolder = () => workspaceFile('.claude', 'skills', 'release-notes');
  const skillUri = () => vscode.Uri.joinPath(skillFolder(), 'SKILL.md');
  let restore: () => Promise<void>;

  before(async () => {
    await skillTrainerExtension().activate();
    restore = await setUserSettings({ target: 'sim:demo' });
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(skillFolder(), 'evals'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  after(async () => {
    await restore();
    await discardAllEditors();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(skillFolder(), 'evals'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('drafts tasks into evals.json marked as drafts and opens the review', async () => {
    const outcome = await vscode.commands.executeCommand<DraftOutcome>('skillTrainer.draftEvalTasks', skillUri(), { count: 6 });
    assert.ok(outcome.kind === 'drafted', JSON.stringify(outcome));
    assert.equal(outcome.ids.length, 6);
    const inspection = await inspectTaskSet(skillFolder().fsPath);
    assert.ok(inspection.taskSet, JSON.stringify(inspection.problems));
    const drafted = inspection.taskSet.tasks.filter((task) => outcome.ids.includes(task.id));
    assert.deepEqual(drafted.map((task) => task.draft), [true, true, true, true, true, true]);
    const snapshot = await vscode.commands.executeCommand<DraftReviewSnapshot>('skillTrainer.reviewDraftTasks', skillUri());
    assert.equal(snapshot.open, true);
    assert.deepEqual(snapshot.draftIds, outcome.ids);
  });

  it('refuses to evaluate the drafts until they are reviewed', async () => {
    const outcome = await vscode.commands.executeCommand<EvaluateOutcome>('skillTrainer.evaluateSkill', skillUri(), { split: 'all' });
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started' && /drafted tasks nobody reviewed yet/.test(outcome.reason), JSON.stringify(outcome));
  });

  it('diagnoses a skill and reports what each finding means', async () => {
    const outcome = await vscode.commands.executeCommand<DiagnoseOutcome>('skillTrainer.diagnoseSkill', exampleSkillUri(), { split: 'val', trials: 2 });
    assert.ok(outcome.kind === 'diagnosed', JSON.stringify(outcome));
    assert.equal(outcome.report.trials, 2);
    assert.ok(outcome.report.tasks.length >= 2);
    assert.ok(outcome.report.tasks.every((task) => task.withSkill.scored === 2 && task.withoutSkill.scored === 2));
    assert.ok(outcome.report.findings.every((finding) => finding.advice.length > 0));
  });

  it('evaluates with repeated trials from the setting', async () => {
    const restoreTrials = await setUserSettings({ 'evaluate.trials': 2 });
    try {
      const outcome = await vscode.commands.executeCommand<EvaluateOutcome>('skillTrainer.evaluateSkill', exampleSkillUri(), { split: 'val' });
      assert.ok(outcome.kind === 'evaluated', JSON.stringify(outcome));
      assert.equal(outcome.trials, 2);
      assert.deepEqual(outcome.flaky, [], 'the example tasks are not flaky in the simulation');
      assert.equal(outcome.judgeNoise?.changedVerdicts, 0);
    } finally {
      await restoreTrials();
    }
  });
});
