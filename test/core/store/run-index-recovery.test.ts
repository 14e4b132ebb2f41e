import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunIndex } from '../../../src/core/store/run-index';
import { openRunStore } from '../../../src/core/store/run-store';
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

test('an unreadable db.json is set aside and rebuilt from the run folders, with a warning; no run is lost', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'store-recovery-'));
  const store = openRunStore(workspace);
  const finished = await store.createRun(entry({}), 'run-a');
  await finished.updateIndex({ status: 'finished', stepsDone: 4, bestValidationScore: 0.75, baselineScore: 0.5 });
  await store.createRun(entry({ startedAt: '2026-01-02T00:00:00.000Z', skillPath: '/w/skills/b/SKILL.md', skillName: 'b' }), 'run-b');
  // A run folder from before run.json existed: only its config.json says what it was.
  await mkdir(join(store.root, 'runs', 'run-c'), { recursive: true });
  await writeFile(
    join(store.root, 'runs', 'run-c', 'config.json'),
    JSON.stringify({ skillPath: '/w/skills/c/SKILL.md', skillName: 'c', createdAt: '2026-01-03T00:00:00.000Z', models: { target: 'sim:t', optimizer: 'sim:o' }, training: { gate: { metric: 'soft' } } }),
  );
  const torn = '{"version": 1, "runs": [{"id": "run-a",';
  await writeFile(join(store.root, 'db.json'), torn);

  const warnings: string[] = [];
  const index = new RunIndex(store.root, (message) => warnings.push(message));
  const data = await index.read();
  assert.deepEqual(data.runs.map((run) => [run.id, run.status]), [['run-a', 'finished'], ['run-b', 'running'], ['run-c', 'cancelled']]);
  assert.equal(data.runs[0]!.bestValidationScore, 0.75);
  assert.equal(data.runs[2]!.gateMetric, 'soft');
  assert.match(data.runs[2]!.message ?? '', /recovered from its folder.*skill-trainer resume run-c/);
  assert.deepEqual(data.leaderboard['/w/skills/a/SKILL.md']?.map((row) => row.runId), ['run-a']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /db\.json could not be read \(.*JSON.*\); it was moved to .*db\.json\.unreadable-.* and rebuilt from 3 run folders\./);

  // The torn file is kept for the person; the new db.json is whole and used from now on.
  const aside = (await readdir(store.root)).filter((name) => name.startsWith('db.json.unreadable-'));
  assert.equal(aside.length, 1);
  assert.equal(await readFile(join(store.root, aside[0]!), 'utf8'), torn);
  assert.deepEqual((await store.listRuns()).map((run) => run.id), ['run-a', 'run-b', 'run-c']);
  assert.equal(warnings.length, 1, 'a readable db.json is not rebuilt again');
});

test('each index write keeps a copy of the entry in the run folder', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'store-run-json-'));
  const store = openRunStore(workspace);
  const run = await store.createRun(entry({}), 'run-a');
  await run.updateIndex({ stepsDone: 2 });
  const copy = JSON.parse(await readFile(join(store.root, 'runs', 'run-a', 'run.json'), 'utf8')) as RunIndexEntry;
  assert.deepEqual(copy, (await store.listRuns())[0]);
  assert.equal(copy.stepsDone, 2);
});
