import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skillTrainerManifest } from '../support/skill-trainer-extension';

describe('settings', () => {
  const configuration = () => vscode.workspace.getConfiguration('skillTrainer');

  afterEach(async () => {
    await configuration().update('target', undefined, vscode.ConfigurationTarget.Global);
    await configuration().update('target', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('contributes skillTrainer.target as a string defaulting to empty', () => {
    const property = skillTrainerManifest().contributes.configuration?.properties['skillTrainer.target'];
    assert.deepEqual({ type: property?.type, default: property?.default }, { type: 'string', default: '' });
    assert.equal(configuration().get('target'), '');
  });

  it('reads back a user setting after an update', async () => {
    await configuration().update('target', 'anthropic:claude-sonnet-4-5', vscode.ConfigurationTarget.Global);
    assert.equal(configuration().get('target'), 'anthropic:claude-sonnet-4-5');
    assert.equal(configuration().inspect('target')?.globalValue, 'anthropic:claude-sonnet-4-5');
  });

  it('lets a workspace setting win over the user setting', async () => {
    await configuration().update('target', 'openai:gpt-5-mini', vscode.ConfigurationTarget.Global);
    await configuration().update('target', 'google:gemini-2.5-flash', vscode.ConfigurationTarget.Workspace);
    assert.equal(configuration().get('target'), 'google:gemini-2.5-flash');
  });
});
