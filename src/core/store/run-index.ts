import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
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
 * writes a temp file and renames it).
 */
export class RunIndex {
  private readonly database: Low<IndexData>;

  constructor(private readonly storeRoot: string) {
    this.database = new Low<IndexData>(new JSONFile<IndexData>(join(storeRoot, 'db.json')), emptyIndex());
  }

  async read(): Promise<IndexData> {
    await this.database.read();
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
    return merged;
  }
}
