import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { writeJsonAtomic } from './atomic-write';
import { rebuildRunEntries, runEntryFileName } from './rebuild-run-index';
import type { IndexData, LeaderboardEntry, RunIndexEntry } from './run-records';

function emptyIndex(): IndexData {
  return { version: 1, runs: [], leaderboard: {} };
}

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

/**
 * The lowdb index `db.json`. Each change re-reads the file first, so two processes
 * (say, the CLI and the extension) lose no run; the write itself is atomic (lowdb
 * writes a temp file and renames it). Each entry is also copied into its run folder
 * (`run.json`), so an unreadable `db.json` is set aside and rebuilt, never fatal.
 */
export class RunIndex {
  private readonly database: Low<IndexData>;

  constructor(
    private readonly storeRoot: string,
    private readonly warn: (message: string) => void = (message) => console.warn(`Skill Trainer: ${message}`),
  ) {
    this.database = new Low<IndexData>(new JSONFile<IndexData>(join(storeRoot, 'db.json')), emptyIndex());
  }

  async read(): Promise<IndexData> {
    try {
      await this.database.read();
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      await this.rebuild(error);
    }
    const data = this.database.data ?? emptyIndex();
    data.runs ??= [];
    data.leaderboard ??= buildLeaderboard(data.runs);
    return data;
  }

  /** Inserts or merges the entry with this id, then rebuilds the leaderboard. */
  async upsert(entry: Partial<RunIndexEntry> & { id: string }): Promise<RunIndexEntry> {
    await mkdir(this.storeRoot, { recursive: true });
    const data = await this.read();
    const index = data.runs.findIndex((run) => run.id === entry.id);
    const merged = { ...(index >= 0 ? data.runs[index] : {}), ...entry } as RunIndexEntry;
    if (index >= 0) data.runs[index] = merged;
    else data.runs.push(merged);
    data.leaderboard = buildLeaderboard(data.runs);
    this.database.data = data;
    await this.database.write();
    await writeJsonAtomic(join(this.storeRoot, 'runs', merged.id, runEntryFileName), merged);
    return merged;
  }

  /** Removes the entry with this id and rebuilds the leaderboard; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const data = await this.read();
    const runs = data.runs.filter((run) => run.id !== id);
    if (runs.length === data.runs.length) return false;
    this.database.data = { ...data, runs, leaderboard: buildLeaderboard(runs) };
    await this.database.write();
    return true;
  }

  /** Sets the unreadable `db.json` aside and writes one rebuilt from the run folders. */
  private async rebuild(cause: SyntaxError): Promise<void> {
    const file = join(this.storeRoot, 'db.json');
    const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    // Another process may have set it aside already.
    await rename(file, aside).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    const runs = await rebuildRunEntries(this.storeRoot);
    this.database.data = { version: 1, runs, leaderboard: buildLeaderboard(runs) };
    await this.database.write();
    this.warn(`the run index ${file} could not be read (${cause.message.replace(/\s+/g, ' ').trim()}); it was moved to ${aside} and rebuilt from ${runs.length} run folder${runs.length === 1 ? '' : 's'}.`);
  }
}
