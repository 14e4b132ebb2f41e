import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

describe('Optimize Skill', () => {
  const skillUri = () => workspaceFile('skills', 'commit-messages', 'SKILL.md');
  const optimize = (...args: unknown[]) =>
    vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', ...args);

  before(async () => {
    await skillTrainerExtension().activate();
  });

  afterEach(async () => {
    await vscode.workspace.getConfiguration('skillTrainer').update('target', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('takes the clicked SKILL.md and asks for a target model when none is set', async () => {
    const outcome = await optimize(skillUri());
    assert.ok(outcome.kind === 'needs-target', `got ${outcome.kind}`);
    assert.equal(outcome.request.skillName, 'commit-messages');
    assert.equal(outcome.request.skillUri.toString(), skillUri().toString());
  });

  it('takes the SKILL.md of the active editor when called without a file', async () => {
    const releaseNotes = workspaceFile('.claude', 'skills', 'release-notes', 'SKILL.md');
    await vscode.window.showTextDocument(releaseNotes);
    const outcome = await optimize();
    assert.ok(outcome.kind !== 'no-skill');
    assert.equal(outcome.request.skillName, 'release-notes');
  });

  it('passes the configured target on once skillTrainer.target is set', async () => {
    await vscode.workspace.getConfiguration('skillTrainer').update('target', 'openai:gpt-5-mini', vscode.ConfigurationTarget.Global);
    const outcome = await optimize(skillUri());
    assert.ok(outcome.kind !== 'no-skill' && outcome.kind !== 'needs-target', `got ${outcome.kind}`);
    assert.equal(outcome.request.target, 'openai:gpt-5-mini');
  });

  it('refuses a file that is not a SKILL.md', async () => {
    await assert.rejects(
      Promise.resolve(optimize(workspaceFile('notes', 'README.md'))),
      /Optimize Skill works on SKILL\.md files/,
    );
  });
});
