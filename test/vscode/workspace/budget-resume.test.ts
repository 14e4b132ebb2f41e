import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listRuns } from '../../../src/core/store';
import { readRunSpend } from '../../../src/core/training';
import { SETTING_OF_OPTION, uiErrorMessage } from '../../../src/vscode/message-wording';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { SETTING_KEYS } from '../../../src/vscode/settings-schema';
import type { ResumeOutcome } from '../../../src/vscode/stop-resume-commands';
import { JudgeRequiredError } from '../../../src/core/scoring';
import { exampleSkillUri, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

// A run stopped at skillTrainer.maxTokens: the message names the settings and the
// Resume Training command (never CLI flags), and Resume keeps counting the tokens the
// run spent before the stop, so the cap holds for the whole run.
describe('a token budget across Stop and Resume', function () {
  this.timeout(120_000);
  const root = () => workspaceFile().fsPath;
  let restoreSettings: () => Promise<void>;
  /** Tokens a whole run of the example takes in the simulated world. */
  let fullRunTokens = 0;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    restoreSettings = await setUserSettings({ target: 'sim:demo' });
    const full = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
    assert.ok(full.kind === 'finished', JSON.stringify(full));
    fullRunTokens = (await readRunSpend(root(), full.runId)).tokens;
    assert.ok(fullRunTokens > 10_000, `tokens of a whole run: ${fullRunTokens}`);
  });

  after(async () => {
    await restoreSettings();
    await removeRunStore();
  });

  it('maps every option a core message names to an existing setting', () => {
    for (const setting of Object.values(SETTING_OF_OPTION)) assert.ok(SETTING_KEYS.includes(setting), `${setting} is not a setting`);
    assert.equal(
      uiErrorMessage(new JudgeRequiredError('polite', 1)),
      "Task 'polite' has 1 rubric criterion to grade but no judge model is set: choose a judge model (the skillTrainer.judge setting), or replace the rubric with assertions.",
    );
  });

  it('stops at the cap with a message in settings words, and Resume with the same cap stops again without passing it', async () => {
    const cap = Math.round(fullRunTokens / 2);
    const restoreCap = await setUserSettings({ maxTokens: cap });
    try {
      const stopped = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
      assert.ok(stopped.kind === 'budget_stopped', JSON.stringify(stopped));
      assert.match(stopped.message ?? '', /raise the token cap \(the skillTrainer\.maxTokens setting\) and resume the run\. Run "Skill Trainer: Resume Training" to continue\.$/);
      assert.doesNotMatch(stopped.message ?? '', /--|skill-trainer /);
      const before = await readRunSpend(root(), stopped.runId);
      assert.ok(before.tokens <= cap);

      const resumed = await vscode.commands.executeCommand<ResumeOutcome>('skillTrainer.resumeTraining', stopped.runId);
      assert.equal(resumed.kind, 'budget_stopped', JSON.stringify(resumed));
      const after = await readRunSpend(root(), stopped.runId);
      assert.ok(after.tokens <= cap, `the run spent ${after.tokens} tokens under a ${cap}-token cap`);
      const [entry] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
      assert.equal(entry?.id, stopped.runId);
      assert.equal(entry?.status, 'budget_stopped');
    } finally {
      await restoreCap();
    }
  });

  it('finishes the run once the cap is raised', async () => {
    const [stopped] = await listRuns(root(), { skillPath: exampleSkillUri().fsPath });
    assert.equal(stopped?.status, 'budget_stopped', 'the previous test leaves a budget-stopped run');
    const resumed = await vscode.commands.executeCommand<ResumeOutcome>('skillTrainer.resumeTraining', stopped!.id);
    assert.equal(resumed.kind, 'finished', JSON.stringify(resumed));
  });
});
