import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { parseTrainArguments } from '../../src/cli/commands/train-arguments';
import { listRuns, readStepRecords } from '../../src/core/store/run-reader';
import type { TrainingStepRecord } from '../../src/core/store/run-records';

async function workspaceWithExample(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-train-flags-'));
  await cp(resolve('skills/commit-messages'), join(workspace, 'skills', 'commit-messages'), { recursive: true });
  return workspace;
}

test('every training setting is a train flag, and the run is configured by them', async () => {
  const workspace = await workspaceWithExample();
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  const flags = [
    '--epochs', '2', '--accumulation', '2', '--batch-size', '3', '--reflect-concurrency', '3', '--merge-group-size', '3', '--failure-only',
    '--lr-control', 'autonomous', '--update-mode', 'patch', '--gate-metric', 'mixed', '--gate-mixed-weight', '0.25',
    '--gate-rule', 'margin', '--gate-margin', '0.1', '--gate-significance', '0.1', '--trials', '2', '--rotate-validation', '--no-leakage-guard', '--no-malformed-guard',
    '--slow-update-samples', '5', '--slow-update-gate', '--pair-policy', 'changed', '--no-meta-skill',
    '--skill-aware-reflection', '--appendix-source', 'failure_only', '--appendix-consolidate-threshold', '6', '--cache-training-calls',
    '--no-keep-lists-tight', '--no-evaluate-test', '--split-ratios', '0:0:1', '--rollout-concurrency', '5',
    '--target-temperature', '0.7', '--optimizer-effort', 'high', '--optimizer-max-output-tokens', '9000', '--judge-max-output-tokens', '700',
  ];
  assert.equal(await runMain(['train', 'skills/commit-messages', ...flags], io), 0, io.stderrText);
  const [run] = await listRuns(workspace);
  const config = JSON.parse(await readFile(join(workspace, '.skill-trainer', 'runs', run.id, 'config.json'), 'utf8')).training;
  assert.equal(config.accumulation, 2);
  assert.equal(config.reflectConcurrency, 3);
  assert.equal(config.mergeGroupSize, 3);
  assert.equal(config.failureOnly, true);
  assert.equal(config.learningRate.control, 'autonomous');
  assert.deepEqual(config.gate, { metric: 'mixed', mixedWeight: 0.25, useGate: true, mode: 'auto', rule: 'margin', margin: 0.1, significance: 0.1, trials: 2 });
  assert.equal(config.rotateValidation, true);
  assert.deepEqual(config.guards, { leakage: false, malformed: false });
  assert.deepEqual(config.slowUpdate, { enabled: true, samples: 5, gateWithSelection: true });
  assert.equal(config.longitudinalPairPolicy, 'changed');
  assert.equal(config.metaSkill.enabled, false);
  assert.deepEqual(config.skillAwareReflection, { enabled: true, appendixSource: 'failure_only', consolidateThreshold: 6 });
  assert.equal(config.cacheTrainingCalls, true);
  assert.equal(config.keepListsTight, false);
  assert.equal(config.evaluateTest, false);
  assert.equal(config.rolloutConcurrency, 5);
  assert.deepEqual(config.roles, { target: { temperature: 0.7 }, optimizer: { reasoningEffort: 'high', maxOutputTokens: 9000 }, judge: { maxOutputTokens: 700 } });
  // (The example's tasks all name their split, so --split-ratios changes nothing here; see below.)
  assert.deepEqual(parseTrainArguments({ skillDir: 's', splitRatios: '2:1:0.5' }).splitRatios, [2, 1, 0.5]);
  const steps = (await readStepRecords(workspace, run.id)).filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.patches.success === 0), '--failure-only');
});

test('a bad flag value names the flag and the fix', async () => {
  const workspace = await workspaceWithExample();
  for (const [flag, value, message] of [
    ['--split-ratios', '1-1-1', /Invalid --split-ratios: write three numbers train:val:test/],
    ['--optimizer-effort', 'extreme', /Invalid --optimizer-effort/],
    ['--update-mode', 'rewrite', /Invalid --update-mode/],
    ['--gate-mixed-weight', '2', /Invalid --gate-mixed-weight/],
    ['--gate-rule', 'lenient', /Invalid --gate-rule: .*"strict"/],
    ['--trials', '0', /Invalid --trials/],
    ['--gate-significance', '0', /Invalid --gate-significance/],
  ] as const) {
    const io = createCapturedIo({ cwd: workspace, environment: {} });
    assert.notEqual(await runMain(['train', 'skills/commit-messages', flag, value], io), 0);
    assert.match(io.stderrText, message);
  }
});
