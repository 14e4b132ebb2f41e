import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Low } from 'lowdb';
import { openIndexDatabase } from './index-file-adapter';
import { byStartTime, entryOfRunFolder, rebuildRunEntries, runFolderNames } from './rebuild-run-index';
import type { IndexData, LeaderboardEntry, RunIndexEntry } from './run-records';
import { RunStoreWriteError } from './store-errors';
import { withStoreLock } from './store-lock';

/** Every skill's leaderboard: runs that have a best validation score, best first. */
export function buildLeaderboard(runs: readonly RunIndexEntry[]): Record<string, LeaderboardEntry[]> {
  const boards: Record<string, LeaderboardEntry[]> = {};
  for (const run of runs) {
    if (run.bestValidationScore === undefined) continue;
    (boards[run.skillPath] ??= []).push({
      runId: run.id,
      bestValidationScore: run.bestValidationScore,
      baselineScore: run.baselineScore,
      bestTestScore: run.bestTestScore,
      gateMetric: run.gateMetric,
      status: run.status,
      finishedAt: run.finishedAt,
      models: run.models,
    });
  }
  for (const board of Object.values(boards)) {
    board.sort((a, b) => b.bestValidationScore - a.bestValidationScore || a.runId.localeCompare(b.runId));
  }
  return boards;
}

function emptyIndex(): IndexData {
  return indexOf([]);
}

function indexOf(runs: RunIndexEntry[]): IndexData {
  return { version: 1, runs, leaderboard: buildLeaderboard(runs) };
}

/**
 * The lowdb index `db.json`: a cache of the run folders, for listing runs and leaderboards
 * fast. Each run's own entry lives in `runs/<id>/run.json`, written only by that run;
 * `put` copies it here. Every read-modify-write of `db.json` happens under the store
 * lock (`withStoreLock`), across processes and within this one, and every write is
 * atomic (see `IndexFileAdapter`), so any number of runs in any number of processes
 * lose no entry.
 *
 * A missing, unreadable or mis-shaped `db.json` is rebuilt from the run folders (an
 * unusable one is first set aside, with a warning); run folders the index lacks are
 * added and entries whose folder is gone are dropped. Nothing here writes `run.json`.
 */
export class RunIndex {
  private readonly file: string;

  constructor(
    private readonly storeRoot: string,
    private readonly warn: (message: string) => void = (message) => console.warn(`Skill Trainer: ${message}`),
  ) {
    this.file = join(storeRoot, 'db.json');
  }

  /** The index, repaired from the run folders when needed. Works (without repairing the file) on a read-only store. */
  async read(): Promise<IndexData> {
    const { found } = await openIndexDatabase(this.file, emptyIndex);
    if (found.kind === 'usable' && (await this.agreesWithFolders(found.data))) return found.data;
    if (found.kind === 'missing' && (await runFolderNames(this.storeRoot)).length === 0) return emptyIndex();
    try {
      return await withStoreLock(this.storeRoot, async () => (await this.loadAndRepair()).data);
    } catch (error) {
      if (!(error instanceof RunStoreWriteError)) throw error;
      // The store cannot be written: show what the folders say, and leave the file alone.
      return found.kind === 'usable' ? indexOf(await this.reconciled(found.data.runs)) : indexOf(await rebuildRunEntries(this.storeRoot));
    }
  }

  /** Stores a run's whole entry (replacing the one with its id) and rebuilds the leaderboard. */
  async put(entry: RunIndexEntry): Promise<void> {
    await withStoreLock(this.storeRoot, async () => {
      const database = await this.loadAndRepair();
      const runs = database.data.runs.filter((run) => run.id !== entry.id);
      runs.push(entry);
      database.data = indexOf(runs.sort(byStartTime));
      await database.write();
    });
  }

  /** True when every run folder with an entry is indexed and every indexed run has its folder. */
  private async agreesWithFolders(data: IndexData): Promise<boolean> {
    const folders = new Set(await runFolderNames(this.storeRoot));
    if (data.runs.some((run) => !folders.has(run.id))) return false;
    const indexed = new Set(data.runs.map((run) => run.id));
    const unindexed = [...folders].filter((id) => !indexed.has(id));
    const entries = await Promise.all(unindexed.map((id) => entryOfRunFolder(join(this.storeRoot, 'runs'), id)));
    // A folder without a usable entry is a run still being created, or not a run.
    return entries.every((entry) => entry === undefined);
  }

  /** The indexed runs whose folders still exist, plus the run folders the index lacks. */
  private async reconciled(indexedRuns: readonly RunIndexEntry[]): Promise<RunIndexEntry[]> {
    const folders = await runFolderNames(this.storeRoot);
    const kept = indexedRuns.filter((run) => folders.includes(run.id));
    const indexed = new Set(kept.map((run) => run.id));
    const added = await Promise.all(folders.filter((id) => !indexed.has(id)).map((id) => entryOfRunFolder(join(this.storeRoot, 'runs'), id)));
    return [...kept, ...added.filter((entry): entry is RunIndexEntry => entry !== undefined)].sort(byStartTime);
  }

  /** Under the store lock: `db.json` read, and rewritten when it was missing, unusable or out of step with the folders. */
  private async loadAndRepair(): Promise<Low<IndexData>> {
    const { database, found } = await openIndexDatabase(this.file, emptyIndex);
    if (found.kind === 'usable') {
      const runs = await this.reconciled(found.data.runs);
      const same = runs.length === found.data.runs.length && runs.every((run, index) => run.id === found.data.runs[index]?.id);
      if (same) return database;
      database.data = indexOf(runs);
    } else if (found.kind === 'unusable') {
      const aside = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside);
      const runs = await rebuildRunEntries(this.storeRoot);
      this.warn(
        `the run index ${this.file} could not be read (${found.reason.replace(/\s+/g, ' ').trim()}); it was moved to ${aside} and rebuilt from ${runs.length} run folder${runs.length === 1 ? '' : 's'}.`,
      );
      database.data = indexOf(runs);
    } else {
      database.data = indexOf(await rebuildRunEntries(this.storeRoot));
    }
    await database.write();
    return database;
  }
}
