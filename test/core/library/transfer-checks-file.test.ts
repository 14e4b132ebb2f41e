import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTransferChecks, saveTransferCheck, type TransferCheckRecord } from '../../../src/core/library/transfer-checks-file';

const interval = (mean: number) => ({ mean, low: mean - 0.1, high: mean + 0.1, count: 4 });
const check = (runId: string, checkedAt: string): TransferCheckRecord => ({
  runId,
  skillName: 'demo',
  skillPath: '/w/skills/demo/SKILL.md',
  split: 'test',
  metric: 'hard',
  taskCount: 4,
  judge: 'sim:judge',
  checkedAt,
  costUsd: null,
  rows: [{ target: 'sim:a', noSkill: { mean: Number.NaN, low: Number.NaN, high: Number.NaN, count: 0 }, original: interval(0.5), trained: interval(0.75), delta: interval(0.25), failedTasks: 1 }],
});

test('transfer checks are kept per run, newest first; a newer check of a run replaces the older; an empty interval survives JSON', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'transfer-checks-'));
  assert.deepEqual(await listTransferChecks(workspace), [], 'a workspace without a store has none');
  await saveTransferCheck(workspace, check('run-a', '2026-12-01T10:00:00.000Z'));
  await saveTransferCheck(workspace, check('run-b', '2026-12-02T10:00:00.000Z'));
  await saveTransferCheck(workspace, check('run-a', '2026-12-03T10:00:00.000Z'));
  const saved = await listTransferChecks(workspace);
  assert.deepEqual(saved.map((record) => [record.runId, record.checkedAt]), [['run-a', '2026-12-03T10:00:00.000Z'], ['run-b', '2026-12-02T10:00:00.000Z']]);
  assert.ok(Number.isNaN(saved[0]!.rows[0]!.noSkill.mean));
  assert.deepEqual(saved[0]!.rows[0]!.trained, interval(0.75));
});

test('a damaged transfer file is left out and named, never stopping the others', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'transfer-checks-'));
  await saveTransferCheck(workspace, check('run-a', '2026-12-01T10:00:00.000Z'));
  await mkdir(join(workspace, '.skill-trainer', 'runs', 'run-b'), { recursive: true });
  await writeFile(join(workspace, '.skill-trainer', 'runs', 'run-b', 'transfer.json'), '{"runId": "run-b", "rows": "nope"');
  await mkdir(join(workspace, '.skill-trainer', 'runs', 'run-c'), { recursive: true });
  await writeFile(join(workspace, '.skill-trainer', 'runs', 'run-c', 'transfer.json'), '{"runId": "run-c"}');
  const warnings: string[] = [];
  const saved = await listTransferChecks(workspace, (message) => warnings.push(message));
  assert.deepEqual(saved.map((record) => record.runId), ['run-a']);
  assert.equal(warnings.length, 2);
  assert.match(warnings.join('\n'), /run-b[\\/]transfer\.json is not a readable transfer check .*run the check again/);
  assert.match(warnings.join('\n'), /run-c[\\/]transfer\.json is not a readable transfer check \(skillName: /);
});
