/**
 * Deleting a run: its folder (checkpoints, logs, trained skill) and so its index entry,
 * leaderboard included (the index drops an entry whose folder is gone). A run that is
 * training now is refused. The folder is moved out of `runs/` first, so nothing reads a
 * run half deleted, and the index is repaired before the files go.
 */
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SkillTrainerError } from '../errors';
import { liveSkillLock } from './run-lock';
import { openRunStore } from './run-store';
import { RunNotFoundError } from './store-errors';

/** The run is training right now (this process or another); it cannot be deleted. */
export class RunStillTrainingError extends SkillTrainerError {
  readonly runId: string;

  constructor(runId: string, pid: number) {
    super('run_in_progress', `Run ${runId} is training right now (process ${pid}). Stop it first, then delete it.`);
    this.runId = runId;
  }
}

/** Deletes run `runId` of the store in `workspaceRoot`; throws RunNotFoundError or RunStillTrainingError. */
export async function deleteRun(workspaceRoot: string, runId: string): Promise<void> {
  const store = openRunStore(workspaceRoot);
  const run = (await store.listRuns()).find((entry) => entry.id === runId);
  if (!run) throw new RunNotFoundError(runId, store.root);
  const lock = await liveSkillLock(store.root, run.skillPath);
  if (lock?.runId === runId) throw new RunStillTrainingError(runId, lock.pid);
  // Outside runs/, where a rebuild of the index never looks.
  const aside = join(store.root, `.deleted-${runId}-${Date.now().toString(36)}`);
  await rename(join(store.root, 'runs', runId), aside).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  // Reading the index repairs it (under the store lock): the entry without its folder is dropped.
  await store.listRuns();
  await rm(aside, { recursive: true, force: true });
}
