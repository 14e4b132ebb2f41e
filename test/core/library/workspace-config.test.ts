import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWorkspaceConfig, readWorkspaceConfig, WorkspaceConfigError } from '../../../src/core/library/read-workspace-config';
import { resolveSkillSettings } from '../../../src/core/library/skill-settings';
import { TrainingConfigError } from '../../../src/core/training/training-config';

async function workspaceWith(name: string, text: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'workspace-config-'));
  await mkdir(join(root, 'skills', 'commit-messages'), { recursive: true });
  await mkdir(join(root, 'skills', 'headlines'), { recursive: true });
  await writeFile(join(root, name), text);
  return root;
}

test('a YAML file gives defaults and per-skill overrides; flags win over the file, the file over the settings', async () => {
  const root = await workspaceWith(
    'skill-trainer.config.yaml',
    ['defaults:', '  epochs: 3', '  target: openai:gpt-5-mini', '  learningRate: { max: 3 }', 'skills:', '  commit-messages:', '    epochs: 2', '    gate: { metric: soft }', '    tasks: evals/other.json', '    maxCostUsd: 1.5', ''].join('\n'),
  );
  const config = await loadWorkspaceConfig(root);
  assert.ok(config);
  const settings = resolveSkillSettings({
    skillDirectory: join(root, 'skills', 'commit-messages'),
    defaults: { target: 'sim:target', training: { epochs: 5, learningRate: { min: 1, max: 6 }, seed: 7 } },
    config,
    flags: { training: { gate: { useGate: false } } },
  });
  assert.equal(settings.training.epochs, 2, 'the skill entry wins over the defaults of the file and the settings');
  assert.deepEqual([settings.training.learningRate.scheduler, settings.training.learningRate.max, settings.training.learningRate.min], ['cosine', 3, 1], 'nested options merge key by key');
  assert.equal(settings.training.gate.metric, 'soft');
  assert.equal(settings.training.gate.useGate, false, 'a flag wins');
  assert.equal(settings.training.seed, 7, 'what the file leaves alone comes from the settings');
  assert.equal(settings.models.target, 'openai:gpt-5-mini');
  assert.equal(settings.tasksFile, join(root, 'skills', 'commit-messages', 'evals', 'other.json'));
  assert.equal(settings.maxCostUsd, 1.5);
  assert.deepEqual(settings.configEntries, ['commit-messages']);

  const other = resolveSkillSettings({ skillDirectory: join(root, 'skills', 'headlines'), config, flags: { training: { epochs: 1 } } });
  assert.equal(other.training.epochs, 1);
  assert.equal(other.training.gate.metric, 'hard', 'another skill gets only the defaults');
  assert.equal(other.maxCostUsd, undefined);
});

test('an entry keyed by the folder path relative to the file applies, and wins over the name', async () => {
  const root = await workspaceWith('skill-trainer.config.json', JSON.stringify({ skills: { 'commit-messages': { epochs: 2 }, 'skills/commit-messages': { epochs: 3 } } }));
  const settings = resolveSkillSettings({ skillDirectory: join(root, 'skills', 'commit-messages'), config: await loadWorkspaceConfig(root) });
  assert.equal(settings.training.epochs, 3);
  assert.deepEqual(settings.configEntries, ['commit-messages', 'skills/commit-messages']);
});

test('training options added to the training schema are accepted without naming them here', async () => {
  // Every key of the training schema is accepted at the top of an entry (the file follows the schema).
  const root = await workspaceWith(
    'skill-trainer.config.json',
    JSON.stringify({ defaults: { failureOnly: true, slowUpdate: { samples: 5 }, metaSkill: { enabled: false }, evaluateTest: false, accumulation: 2, skillUpdateMode: 'rewrite_from_suggestions', roles: { optimizer: { maxOutputTokens: 9000 } } } }),
  );
  const settings = resolveSkillSettings({ skillDirectory: join(root, 'skills', 'headlines'), config: await loadWorkspaceConfig(root) });
  assert.equal(settings.training.accumulation, 2);
  assert.equal(settings.training.skillUpdateMode, 'rewrite_from_suggestions');
  assert.equal(settings.training.roles.optimizer.maxOutputTokens, 9000);
  assert.equal(settings.training.failureOnly, true);
  assert.equal(settings.training.slowUpdate.samples, 5);
  assert.equal(settings.training.metaSkill.enabled, false);
});

test('a wrong value is located by file:line:column and key path', async () => {
  const root = await workspaceWith('skill-trainer.config.yaml', ['defaults:', '  epochs: 2', 'skills:', '  headlines:', '    epochs: 0', ''].join('\n'));
  await assert.rejects(loadWorkspaceConfig(root), (error: unknown) => {
    assert.ok(error instanceof WorkspaceConfigError);
    assert.equal(error.code, 'workspace_config_invalid');
    assert.match(error.message, /skill-trainer\.config\.yaml:5:\d+: at skills\.headlines\.epochs: /);
    return true;
  });
});

test('a typo in a key is refused with the key it probably meant; a dotted key is told to nest', async () => {
  const root = await workspaceWith('skill-trainer.config.json', `{\n  "defaults": {\n    "epoch": 2,\n    "gate.metric": "soft",\n    "learningRate": { "mx": 3 }\n  }\n}\n`);
  await assert.rejects(loadWorkspaceConfig(root), (error: unknown) => {
    assert.ok(error instanceof WorkspaceConfigError);
    const messages = error.problems.map((problem) => `${problem.line}: ${problem.path}: ${problem.message}`);
    assert.ok(messages.some((message) => /^3: defaults\.epoch: unknown key "epoch"; did you mean "epochs"\?/.test(message)), messages.join('\n'));
    assert.ok(messages.some((message) => /^4: .*write it nested, as "gate": \{"metric": …\}/.test(message)), messages.join('\n'));
    assert.ok(messages.some((message) => /^5: defaults\.learningRate\.mx: unknown key "mx"; did you mean "max"\?/.test(message)), messages.join('\n'));
    return true;
  });
});

test('broken syntax, two files, and a missing explicit file are clear errors', async () => {
  const broken = await workspaceWith('skill-trainer.config.json', '{\n  "defaults": { "epochs": 2, }\n}\n');
  await assert.rejects(loadWorkspaceConfig(broken), /skill-trainer\.config\.json:2:\d+: is not valid JSON/);
  const two = await workspaceWith('skill-trainer.config.json', '{}');
  await writeFile(join(two, 'skill-trainer.config.yaml'), 'defaults: {}\n');
  await assert.rejects(loadWorkspaceConfig(two), /is a second settings file beside skill-trainer\.config\.json; keep one/);
  await assert.rejects(readWorkspaceConfig(join(two, 'nope.yaml')), /nope\.yaml: does not exist/);
  const empty = await workspaceWith('skill-trainer.config.yaml', '# nothing yet\n');
  assert.deepEqual((await loadWorkspaceConfig(empty))?.defaults, {});
  assert.equal(await loadWorkspaceConfig(await mkdtemp(join(tmpdir(), 'no-config-'))), undefined);
});

test('options that are valid alone but not together name the config file', async () => {
  const root = await workspaceWith('skill-trainer.config.json', JSON.stringify({ skills: { headlines: { learningRate: { min: 5 } } } }));
  assert.throws(
    () => resolveSkillSettings({ skillDirectory: join(root, 'skills', 'headlines'), config: undefined, flags: { training: { learningRate: { min: 5 } } } }),
    (error: unknown) => error instanceof TrainingConfigError && !/skill-trainer\.config/.test(error.message),
  );
  const config = await loadWorkspaceConfig(root);
  assert.throws(() => resolveSkillSettings({ skillDirectory: join(root, 'skills', 'headlines'), config }), /learningRate\.min.*skill-trainer\.config\.json, its "defaults" and "skills\.headlines"/s);
});
