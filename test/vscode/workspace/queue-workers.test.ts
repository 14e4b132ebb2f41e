import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { exampleSkillUri, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

// skillTrainer.queue.url makes Optimize Skill a client of `skill-trainer worker`
// processes; settings are not secret, so the URL may not carry the queue's password.
describe('Optimize Skill on a queue of workers (skillTrainer.queue.url)', function () {
  this.timeout(60_000);
  let restoreSettings: () => Promise<void> = async () => undefined;

  before(async () => {
    await skillTrainerExtension().activate();
  });

  afterEach(async () => {
    await restoreSettings();
  });

  it('refuses a password in the setting and says where it goes, before anything runs', async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', 'queue.url': 'redis://:hunter2@127.0.0.1:6379' });
    const outcome = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started');
    assert.match(outcome.reason, /skillTrainer\.queue\.url setting \(redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/?\) holds a password.*SKILL_TRAINER_QUEUE_PASSWORD/);
    assert.doesNotMatch(outcome.reason, /hunter2/);
  });
});
