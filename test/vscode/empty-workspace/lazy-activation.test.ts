import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

/**
 * Upper bound (ms) on activating through a command in code-server on a 2-core CI
 * machine: loading dist/extension.js, running activate() and the command. Measured
 * at about 40 ms; the bound leaves room for a busy machine.
 */
const ACTIVATION_BOUND_MS = 500;

// This workspace has no SKILL.md, so nothing should activate the extension until a
// person runs one of its commands.
describe('lazy activation in a workspace without skills', () => {
  it('is installed but not active after startup', () => {
    assert.equal(skillTrainerExtension().isActive, false);
  });

  it(`activates when its command runs, in under ${ACTIVATION_BOUND_MS} ms`, async () => {
    const started = performance.now();
    await vscode.commands.executeCommand('skillTrainer.refreshSkills');
    const elapsedMs = performance.now() - started;
    console.log(`activation through skillTrainer.refreshSkills took ${elapsedMs.toFixed(1)} ms`);
    assert.equal(skillTrainerExtension().isActive, true);
    assert.ok(elapsedMs < ACTIVATION_BOUND_MS, `activation took ${elapsedMs.toFixed(1)} ms`);
  });
});
