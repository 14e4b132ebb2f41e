import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

// Keys go through the extension's own commands (arguments stand in for the quick
// pick and the password box) into the real SecretStorage; the exported API only
// says whether a key is stored, never what it is.
describe('API keys in SecretStorage', () => {
  const TEST_KEY = 'sk-test-not-a-real-key';

  after(async () => {
    await vscode.commands.executeCommand('skillTrainer.clearApiKey', 'openai');
  });

  it('stores a key with Set API Key and removes it with Clear API Key', async () => {
    const api = await skillTrainerExtension().activate();
    assert.equal(await api.hasApiKey('openai'), false, 'a key was stored before the test');

    const stored = await vscode.commands.executeCommand('skillTrainer.setApiKey', 'openai', TEST_KEY);
    assert.equal(stored, 'openai');
    assert.equal(await api.hasApiKey('openai'), true);
    assert.equal(await api.hasApiKey('anthropic'), false, 'the key leaked to another provider');

    await vscode.commands.executeCommand('skillTrainer.clearApiKey', 'openai');
    assert.equal(await api.hasApiKey('openai'), false);
  });

  it('rejects an unknown provider, naming the valid ones', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('skillTrainer.setApiKey', 'acme', TEST_KEY)),
      /unknown API key provider "acme"; use one of anthropic, openai, google/,
    );
  });
});
