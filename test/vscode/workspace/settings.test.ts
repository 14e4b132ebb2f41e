import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_SPLIT_RATIOS } from '../../../src/core/tasks';
import { resolveTrainingConfig } from '../../../src/core/training';
import { specsFromSettings } from '../../../src/vscode/model-selection';
import { readSettings, SettingsError, trainingConfigFromSettings } from '../../../src/vscode/settings';
import { SETTING_KEYS } from '../../../src/vscode/settings-schema';
import { setUserSettings } from '../support/shell-helpers';
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

describe('the settings schema', () => {
  const properties = () =>
    skillTrainerManifest().contributes.configuration!.properties as Record<string, { default?: unknown; description?: string; markdownDescription?: string; enum?: unknown[] }>;
  let restore: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await restore?.();
    restore = undefined;
  });

  it('gives every setting a description and a default', () => {
    for (const [name, property] of Object.entries(properties())) {
      assert.ok((property.markdownDescription ?? property.description ?? '').length > 20, `${name} has no description`);
      assert.ok('default' in property, `${name} has no default`);
    }
  });

  it('contributes exactly the settings the extension reads', () => {
    const contributed = Object.keys(properties()).map((name) => name.replace(/^skillTrainer\./, '')).sort();
    assert.deepEqual(contributed, [...SETTING_KEYS].sort());
  });

  it('defaults every training setting to SkillOpt\'s value from the core', () => {
    const defaults = resolveTrainingConfig();
    const fromManifest = (name: string) => properties()[`skillTrainer.${name}`]?.default;
    assert.equal(fromManifest('epochs'), defaults.epochs);
    assert.equal(fromManifest('batchSize'), defaults.batchSize);
    assert.equal(fromManifest('minibatchSize'), defaults.minibatchSize);
    assert.equal(fromManifest('reflectConcurrency'), defaults.reflectConcurrency);
    assert.equal(fromManifest('mergeGroupSize'), defaults.mergeGroupSize);
    assert.equal(fromManifest('learningRate.scheduler'), defaults.learningRate.scheduler);
    assert.equal(fromManifest('learningRate.max'), defaults.learningRate.max);
    assert.equal(fromManifest('learningRate.min'), defaults.learningRate.min);
    assert.equal(fromManifest('gate.metric'), defaults.gate.metric);
    assert.equal(fromManifest('gate.mixedWeight'), defaults.gate.mixedWeight);
    assert.equal(fromManifest('gate.useGate'), defaults.gate.useGate);
    assert.equal(fromManifest('gate.mode'), defaults.gate.mode);
    assert.equal(fromManifest('slowUpdate.samples'), defaults.slowUpdate.samples);
    assert.equal(fromManifest('seed'), defaults.seed);
    assert.deepEqual(fromManifest('splitRatios'), { ...DEFAULT_SPLIT_RATIOS });
    assert.deepEqual(properties()['skillTrainer.gate.mode']?.enum, ['auto', 'review']);
    assert.equal(fromManifest('accumulation'), defaults.accumulation);
    assert.equal(fromManifest('learningRate.control'), defaults.learningRate.control);
    assert.equal(fromManifest('skillUpdateMode'), defaults.skillUpdateMode);
    assert.equal(fromManifest('slowUpdate.gateWithSelection'), defaults.slowUpdate.gateWithSelection);
    assert.equal(fromManifest('longitudinalPairPolicy'), defaults.longitudinalPairPolicy);
    assert.equal(fromManifest('skillAwareReflection.enabled'), defaults.skillAwareReflection.enabled);
    assert.equal(fromManifest('cacheTrainingCalls'), defaults.cacheTrainingCalls);
    assert.equal(fromManifest('keepListsTight'), true);
    assert.equal(defaults.keepListsTight, true);
    assert.equal(fromManifest('roles.optimizer.maxOutputTokens'), defaults.roles.optimizer.maxOutputTokens);
    assert.deepEqual(trainingConfigFromSettings(readSettings()), defaults);
  });

  it('passes changed settings on to the training configuration', async () => {
    restore = await setUserSettings({ 'gate.mode': 'review', 'learningRate.scheduler': 'linear', epochs: 2, 'roles.optimizer.reasoningEffort': 'high', 'roles.optimizer.maxOutputTokens': null, 'roles.target.temperature': 0.5 });
    const config = trainingConfigFromSettings(readSettings());
    assert.deepEqual(config.roles, { target: { temperature: 0.5 }, optimizer: { reasoningEffort: 'high', maxOutputTokens: null }, judge: {} });
    assert.equal(config.gate.mode, 'review');
    assert.equal(config.learningRate.scheduler, 'linear');
    assert.equal(config.epochs, 2);
  });

  it('rejects a bad value with a message naming the setting', async () => {
    restore = await setUserSettings({ batchSize: 0 });
    assert.throws(() => readSettings(), (error: Error) => error instanceof SettingsError && /^Setting skillTrainer\.batchSize is invalid: .*>=1/.test(error.message));
  });

  it('rejects a price override of the wrong shape, naming where', async () => {
    restore = await setUserSettings({ prices: { 'ollama:llama3.1': { inputUsdPerMillion: 'free' } } });
    assert.throws(() => readSettings(), /Setting skillTrainer\.prices is invalid \(at ollama:llama3\.1\.inputUsdPerMillion\)/);
  });

  it('takes the optimizer and judge from the target when they are not set', () => {
    const settings = { ...readSettings(), target: 'openai:gpt-5-mini' };
    assert.deepEqual(specsFromSettings(settings, true), { target: 'openai:gpt-5-mini', optimizer: 'openai:gpt-5-mini', judge: 'openai:gpt-5-mini' });
    assert.deepEqual(specsFromSettings({ ...settings, judge: 'google:gemini-2.5-flash' }, false), { target: 'openai:gpt-5-mini', optimizer: 'openai:gpt-5-mini', judge: undefined });
    assert.throws(() => specsFromSettings({ ...settings, target: 'claude-code' }, false), /skillTrainer\.optimizer names an agent CLI/);
    assert.equal(specsFromSettings({ ...settings, target: '' }, true), undefined);
  });
});
