import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skillTrainerExtension, skillTrainerManifest } from '../support/skill-trainer-extension';

/** Commands this suite expects; keep in step with package.json. */
const EXPECTED_COMMANDS = [
  'skillTrainer.optimizeSkill',
  'skillTrainer.evaluateSkill',
  'skillTrainer.stopTraining',
  'skillTrainer.resumeTraining',
  'skillTrainer.acceptEdit',
  'skillTrainer.rejectEdit',
  'skillTrainer.acceptAllEdits',
  'skillTrainer.rejectAllEdits',
  'skillTrainer.openStepDiff',
  'skillTrainer.restoreCheckpoint',
  'skillTrainer.compareWithCheckpoint',
  'skillTrainer.openScoreTrends',
  'skillTrainer.setApiKey',
  'skillTrainer.clearApiKey',
  'skillTrainer.createEvalTasks',
  'skillTrainer.refreshSkills',
  'skillTrainer.createSkill',
  'skillTrainer.showLog',
  'skillTrainer.chooseModels',
];

describe('commands', () => {
  before(async () => {
    await skillTrainerExtension().activate();
  });

  it('contributes every expected command with a title and the Skill Trainer category', () => {
    const contributed = skillTrainerManifest().contributes.commands ?? [];
    for (const id of EXPECTED_COMMANDS) {
      const command = contributed.find((entry) => entry.command === id);
      assert.ok(command, `package.json does not contribute ${id}`);
      assert.ok(command.title.length > 0, `${id} has no title`);
      assert.equal(command.category, 'Skill Trainer', `${id} category`);
    }
  });

  it('registers a handler for every contributed command', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (skillTrainerManifest().contributes.commands ?? []).map((entry) => entry.command);
    const missing = [...new Set([...EXPECTED_COMMANDS, ...contributed])].filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands contributed but not registered by activate(): ${missing.join(', ')}`);
  });

  it('refreshSkills runs', async () => {
    await vscode.commands.executeCommand('skillTrainer.refreshSkills');
  });
});
