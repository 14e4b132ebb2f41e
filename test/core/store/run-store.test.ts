import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointFileName, openRunStore } from '../../../src/core/store/run-store';
import { listCheckpoints, listRuns, readCheckpointText, readLeaderboard, readRun, readStepRecords } from '../../../src/core/store/run-reader';
import { RunNotFoundError } from '../../../src/core/store/store-errors';
import type { RunIndexEntry } from '../../../src/core/store/run-records';

function entry(overrides: Partial<RunIndexEntry>): Omit<RunIndexEntry, 'id'> {
  return {
    skillPath: '/w/skills/a/SKILL.md',
    skillName: 'a',
    status: 'running',
    startedAt: '2026-01-01T00:00:00.000Z',
    gateMetric: 'hard',
    costUsd: 0,
    stepsDone: 0,
    totalSteps: 4,
    models: { target: 'sim:target', optimizer: 'sim:optimizer' },
    ...overrides,
  };
}

test('runs, checkpoints and steps are written and read back through the reader API', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'store-'));
  const store = openRunStore(workspace);
  const run = await store.createRun(entry({}), 'run-a');
  await run.writeConfig({ epochs: 4 });
  await run.writeState({ phase: 'step', step: 1 });
  const file = checkpointFileName(1);
  assert.equal(file, 'step-0001.md');
  await run.writeCheckpoint(file, '# Skill\n', { step: 1, epoch: 1, kind: 'candidate', skillHash: 'h', createdAt: 'now' });
  await run.appendSteps([
    { kind: 'baseline', step: 0, validation: { hard: 0.5, soft: 0.6 }, gateScore: 0.5, skillHash: 'h0', checkpoint: 'checkpoints/step-0000.md', at: 'now' },
  ]);
  await run.updateIndex({ bestValidationScore: 0.75, status: 'finished' });
  await store.createRun(entry({ startedAt: '2026-01-02T00:00:00.000Z', bestValidationScore: 0.9 }), 'run-b');

  assert.deepEqual((await listRuns(workspace)).map((r) => r.id), ['run-b', 'run-a']);
  assert.equal((await readRun(workspace, 'run-a')).bestValidationScore, 0.75);
  assert.deepEqual((await readLeaderboard(workspace, '/w/skills/a/SKILL.md')).map((r) => r.runId), ['run-b', 'run-a']);
  const checkpoints = await listCheckpoints(workspace, 'run-a');
  assert.equal(checkpoints.length, 1);
  assert.equal(checkpoints[0].meta.kind, 'candidate');
  assert.equal(await readCheckpointText(workspace, 'run-a', 'step-0001.md'), '# Skill\n');
  assert.equal((await readStepRecords(workspace, 'run-a'))[0].kind, 'baseline');
  assert.deepEqual(await run.readState(), { phase: 'step', step: 1 });
  const db = JSON.parse(await readFile(join(workspace, '.skill-trainer', 'db.json'), 'utf8'));
  assert.equal(db.runs.length, 2);
  assert.ok(db.leaderboard['/w/skills/a/SKILL.md']);
});

test('unknown runs are reported with the fix', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'store-missing-'));
  await assert.rejects(openRunStore(workspace).openRun('nope'), RunNotFoundError);
  await assert.rejects(readRun(workspace, 'nope'), /skill-trainer runs/);
});

test('rewindLogs drops records written after the committed offsets', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'store-rewind-'));
  const run = await openRunStore(workspace).createRun(entry({}), 'r');
  await run.appendRollouts([{ phase: 'train', step: 1, epoch: 1, skillHash: 'h', taskId: 't1', output: 'o', hard: 1, soft: 1, checks: [] }]);
  const offsets = await run.logOffsets();
  await run.appendRollouts([{ phase: 'train', step: 2, epoch: 1, skillHash: 'h', taskId: 't1', output: 'o', hard: 1, soft: 1, checks: [] }]);
  await run.rewindLogs(offsets);
  assert.deepEqual((await run.readRollouts()).map((r) => r.step), [1]);
});
