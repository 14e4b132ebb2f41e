import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteRun, RunStillTrainingError } from '../../../src/core/store/delete-run';
import { listRuns, readLeaderboard } from '../../../src/core/store/run-reader';
import { openRunStore } from '../../../src/core/store/run-store';
import { RunNotFoundError } from '../../../src/core/store/store-errors';
import { runEntry } from './run-entry-fixture';

test('deleting a run removes its folder, its index entry and its leaderboard row, and leaves the others', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'skill-trainer-delete-'));
  const store = openRunStore(workspace);
  const kept = await store.createRun(runEntry({ bestValidationScore: 0.5 }), 'kept');
  const gone = await store.createRun(runEntry({ bestValidationScore: 1 }), 'gone');
  await writeFile(join(gone.dir, 'checkpoints', 'step-0000.md'), '# x\n');
  assert.equal((await readLeaderboard(workspace, runEntry().skillPath))[0]?.runId, 'gone');

  await deleteRun(workspace, 'gone');
  assert.deepEqual((await listRuns(workspace)).map((run) => run.id), ['kept']);
  assert.deepEqual((await readLeaderboard(workspace, runEntry().skillPath)).map((row) => row.runId), ['kept']);
  assert.equal(existsSync(gone.dir), false);
  assert.equal(existsSync(kept.dir), true);
  assert.deepEqual((await readdir(store.root)).filter((name) => name.startsWith('.deleted-')), [], 'nothing set aside is left');
  await assert.rejects(deleteRun(workspace, 'gone'), RunNotFoundError);
});

test('a run that is training now is not deleted', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'skill-trainer-delete-'));
  const store = openRunStore(workspace);
  const run = await store.createRun(runEntry({ status: 'running' }), 'live');
  const release = await store.lockSkill(runEntry().skillPath, 'live');
  try {
    await assert.rejects(deleteRun(workspace, 'live'), (error: Error) => error instanceof RunStillTrainingError && /Run live is training right now \(process \d+\)\. Stop it first/.test(error.message));
    assert.equal(existsSync(run.dir), true);
  } finally {
    await release();
  }
  await deleteRun(workspace, 'live');
  assert.deepEqual(await listRuns(workspace), []);
});
