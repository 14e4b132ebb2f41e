import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EvaluateOutcome } from '../../../src/vscode/evaluate-skill-command';
import { exampleSkillUri, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

describe('Evaluate Skill', function () {
  this.timeout(60_000);
  const evaluate = (...args: unknown[]) => vscode.commands.executeCommand<EvaluateOutcome>('skillTrainer.evaluateSkill', ...args);
  let restore: () => Promise<void>;

  before(async () => {
    await skillTrainerExtension().activate();
    restore = await setUserSettings({ target: 'sim:demo' });
  });

  after(async () => restore());

  it('scores the validation split and reports the means', async () => {
    const outcome = await evaluate(exampleSkillUri(), { split: 'val' });
    assert.equal(outcome.kind, 'evaluated', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'evaluated');
    assert.equal(outcome.split, 'val');
    assert.equal(outcome.failed, 0);
    assert.ok(outcome.scored >= 2, `only ${outcome.scored} validation tasks scored`);
    assert.ok(outcome.hard >= 0 && outcome.hard < 1, `the untrained example skill should not pass every task (hard ${outcome.hard})`);
    assert.ok(outcome.soft > 0 && outcome.soft <= 1);
    assert.equal(outcome.costUsd, 0, 'the simulation is free');
    assert.match(outcome.summary, new RegExp(`^commit-messages on ${outcome.scored} validation tasks: hard \\d\\.\\d\\d · soft \\d\\.\\d\\d · \\$0\\.00$`));
  });

  it('scores every task with split "all"', async () => {
    const outcome = await evaluate(exampleSkillUri(), { split: 'all' });
    assert.ok(outcome.kind === 'evaluated', JSON.stringify(outcome));
    assert.equal(outcome.scored, 24);
    // "on 24 tasks", never "on 24 all tasks tasks".
    assert.match(outcome.summary, /^commit-messages on 24 tasks: hard /);
  });
});
