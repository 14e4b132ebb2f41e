/**
 * db.json is a cache of the run folders: deleted, `null`, of the wrong shape or out of
 * step with the folders, it is rebuilt from them, and it never writes over a run's
 * own run.json. Many runs and processes change it at once without losing an entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunIndex } from '../../../src/core/store/run-index';
import { openRunStore } from '../../../src/core/store/run-store';
import type { RunIndexEntry } from '../../../src/core/store/run-records';

function entry(overrides: Partial<RunIndexEntry> = {}): Omit<RunIndexEntry, 'id'> {
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

async function storeWithTwoRuns() {
  const workspace = await mkdtemp(join(tmpdir(), 'index-cache-'));
  const store = openRunStore(workspace);
  const a = await store.createRun(entry(), 'run-a');
  await a.updateIndex({ stepsDone: 2, bestValidationScore: 0.5 });
  await store.createRun(entry({ skillPath: '/w/skills/b/SKILL.md', skillName: 'b', startedAt: '2026-01-02T00:00:00.000Z' }), 'run-b');
  return { workspace, store, a };
}

const readRunJson = async (root: string, id: string) => JSON.parse(await readFile(join(root, 'runs', id, 'run.json'), 'utf8')) as RunIndexEntry;

test('a deleted db.json is rebuilt from the run folders, silently, and a later update keeps the run whole', async () => {
  const { store, a } = await storeWithTwoRuns();
  await rm(join(store.root, 'db.json'));
  const warnings: string[] = [];
  const index = new RunIndex(store.root, (message) => warnings.push(message));
  assert.deepEqual((await index.read()).runs.map((run) => [run.id, run.stepsDone]), [['run-a', 2], ['run-b', 0]]);
  assert.deepEqual(warnings, []);

  // Before, an update merged into whatever db.json held, and wrote that back into run.json.
  await rm(join(store.root, 'db.json'));
  await a.updateIndex({ stepsDone: 3 });
  const own = await readRunJson(store.root, 'run-a');
  assert.equal(own.skillPath, '/w/skills/a/SKILL.md');
  assert.deepEqual(own.models, { target: 'sim:target', optimizer: 'sim:optimizer' });
  assert.equal(own.startedAt, '2026-01-01T00:00:00.000Z');
  assert.equal(own.stepsDone, 3);
  assert.deepEqual((await store.listRuns()).map((run) => run.id), ['run-a', 'run-b']);
});

for (const [name, text] of [
  ['null', 'null\n'],
  ['runs of the wrong type', '{"version":1,"runs":"oops"}'],
  ['an entry without its skill path', '{"version":1,"runs":[{"id":"run-a"}],"leaderboard":{}}'],
  ['an array', '[]'],
] as const) {
  test(`a db.json holding ${name} is set aside and rebuilt from the run folders, with a warning`, async () => {
    const { store } = await storeWithTwoRuns();
    await writeFile(join(store.root, 'db.json'), text);
    const warnings: string[] = [];
    const data = await new RunIndex(store.root, (message) => warnings.push(message)).read();
    assert.deepEqual(data.runs.map((run) => run.id), ['run-a', 'run-b']);
    assert.equal(data.runs[0]!.skillPath, '/w/skills/a/SKILL.md');
    assert.deepEqual(data.leaderboard['/w/skills/a/SKILL.md']?.map((row) => row.runId), ['run-a']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /could not be read \(.+\); it was moved to .*db\.json\.unreadable-.* and rebuilt from 2 run folders\./);
    // Every command works again, and the run's own file was not touched.
    assert.deepEqual((await store.listRuns()).map((run) => run.id), ['run-a', 'run-b']);
    assert.equal((await readRunJson(store.root, 'run-a')).stepsDone, 2);
  });
}

test('a run folder the index lacks is added, and an entry whose folder is gone is dropped', async () => {
  const { store } = await storeWithTwoRuns();
  const stale = JSON.parse(await readFile(join(store.root, 'db.json'), 'utf8'));
  await store.createRun(entry({ startedAt: '2026-01-03T00:00:00.000Z', skillPath: '/w/skills/c/SKILL.md' }), 'run-c');
  // An older copy of db.json (say, restored from a backup) that lacks run-c.
  await writeFile(join(store.root, 'db.json'), JSON.stringify(stale));
  await rm(join(store.root, 'runs', 'run-b'), { recursive: true });
  assert.deepEqual((await store.listRuns()).map((run) => run.id), ['run-a', 'run-c']);
  const onDisk = JSON.parse(await readFile(join(store.root, 'db.json'), 'utf8')) as { runs: RunIndexEntry[] };
  assert.deepEqual(onDisk.runs.map((run) => run.id), ['run-a', 'run-c']);
});

test('a run whose files cannot be written leaves no folder and no index entry', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'index-create-fail-'));
  const store = openRunStore(workspace);
  const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  await assert.rejects(
    store.createRun(entry(), 'run-x', async () => {
      throw full;
    }),
    /ENOSPC/,
  );
  assert.deepEqual(await readdir(join(store.root, 'runs')), []);
  assert.deepEqual(await store.listRuns(), []);
});

test('many runs in one process, each with its own store object, change the index at once without losing any entry', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'index-in-process-'));
  const ids = Array.from({ length: 24 }, (_, index) => `run-${String(index).padStart(2, '0')}`);
  await Promise.all(
    ids.map(async (id, index) => {
      const store = openRunStore(workspace);
      const run = await store.createRun(entry({ skillPath: `/w/skills/s${index}/SKILL.md`, skillName: `s${index}` }), id);
      for (let step = 1; step <= 4; step += 1) await run.updateIndex({ stepsDone: step });
      await run.updateIndex({ status: 'finished' });
    }),
  );
  const runs = await openRunStore(workspace).listRuns();
  assert.deepEqual(runs.map((run) => run.id).sort(), ids);
  assert.ok(runs.every((run) => run.status === 'finished' && run.stepsDone === 4), JSON.stringify(runs.filter((run) => run.status !== 'finished')));
  const root = join(workspace, '.skill-trainer');
  assert.deepEqual((await readdir(root)).sort(), ['db.json', 'runs']);
});

test('several processes changing the index at once lose no entry and leave no temp file', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'index-processes-'));
  const storeModule = resolve('src/core/store/run-store.ts');
  const script = (lane: number) => `
    const { openRunStore } = require(${JSON.stringify(storeModule)});
    (async () => {
      for (let n = 0; n < 8; n += 1) {
        const store = openRunStore(${JSON.stringify(workspace)});
        const run = await store.createRun(${JSON.stringify(entry())}, 'lane${lane}-' + n);
        await run.updateIndex({ stepsDone: 1 });
        await run.updateIndex({ status: 'finished', stepsDone: 4 });
      }
    })().catch((error) => { console.error(error); process.exit(1); });`;
  const codes = await Promise.all(
    [0, 1, 2, 3, 4, 5].map(
      (lane) =>
        new Promise<number | null>((done) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '-e', script(lane)], { stdio: ['ignore', 'inherit', 'inherit'] });
          child.once('exit', done);
        }),
    ),
  );
  assert.deepEqual(codes, [0, 0, 0, 0, 0, 0]);
  const runs = await openRunStore(workspace).listRuns();
  assert.equal(runs.length, 48);
  assert.ok(runs.every((run) => run.status === 'finished' && run.stepsDone === 4));
  assert.deepEqual((await readdir(join(workspace, '.skill-trainer'))).sort(), ['db.json', 'runs']);
});
