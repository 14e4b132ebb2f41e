/**
 * The runs of `db.json`, rebuilt from the run folders when `db.json` cannot be read:
 * each run keeps a copy of its index entry in `runs/<id>/run.json`. A run folder without
 * one (from before `run.json` was kept) is rebuilt from its `config.json` and `state.json`;
 * its cost and planned steps are unknown there.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunIndexEntry } from './run-records';

/** Name of the copy of a run's index entry inside its folder. */
export const runEntryFileName = 'run.json';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

interface ConfigFileFields {
  skillPath?: string;
  skillName?: string;
  createdAt?: string;
  models?: RunIndexEntry['models'];
  training?: { gate?: { metric?: RunIndexEntry['gateMetric'] } };
}

/** The fields of `state.json` the index needs. */
interface StateFileFields {
  cursor?: { phase?: string };
  globalStep?: number;
  bestScore?: number;
  baselineScore?: number;
}

/** What a run folder says about its run, or undefined when it says nothing usable. */
async function entryOfFolder(runsFolder: string, id: string): Promise<RunIndexEntry | undefined> {
  const saved = (await readJson(join(runsFolder, id, runEntryFileName))) as RunIndexEntry | undefined;
  if (saved && typeof saved === 'object' && saved.id === id && typeof saved.skillPath === 'string') return saved;
  const config = (await readJson(join(runsFolder, id, 'config.json'))) as ConfigFileFields | undefined;
  if (!config || typeof config.skillPath !== 'string' || !config.models) return undefined;
  const state = (await readJson(join(runsFolder, id, 'state.json'))) as StateFileFields | undefined;
  const done = state?.cursor?.phase === 'done';
  const score = (value: number | undefined) => (typeof value === 'number' && value >= 0 ? value : undefined);
  return {
    id,
    skillPath: config.skillPath,
    skillName: config.skillName ?? id,
    status: done ? 'finished' : 'cancelled',
    startedAt: config.createdAt ?? new Date(0).toISOString(),
    gateMetric: config.training?.gate?.metric ?? 'hard',
    baselineScore: score(state?.baselineScore),
    bestValidationScore: score(state?.bestScore),
    costUsd: null,
    stepsDone: state?.globalStep ?? 0,
    totalSteps: state?.globalStep ?? 0,
    models: config.models,
    ...(done ? {} : { message: `Run ${id} was recovered from its folder after the run index was lost. Resume it with: skill-trainer resume ${id}` }),
  };
}

/** Every run the folders of `storeRoot/runs` describe, oldest first. */
export async function rebuildRunEntries(storeRoot: string): Promise<RunIndexEntry[]> {
  const runsFolder = join(storeRoot, 'runs');
  const ids = await readdir(runsFolder).catch(() => [] as string[]);
  const entries = await Promise.all(ids.map((id) => entryOfFolder(runsFolder, id)));
  return entries.filter((entry): entry is RunIndexEntry => entry !== undefined).sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
}
