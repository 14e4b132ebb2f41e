/**
 * The runs of `db.json`, rebuilt from the run folders when `db.json` is missing or
 * cannot be used: each run keeps its own index entry in `runs/<id>/run.json`, written
 * only by that run. A run folder without one (from before `run.json` was kept, or
 * stopped before it was written) is rebuilt from its `config.json` and `state.json`;
 * its cost and planned steps are unknown there.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runIndexEntrySchema } from './run-index-schema';
import type { RunIndexEntry } from './run-records';

/** Name of a run's own index entry inside its folder. */
export const runEntryFileName = 'run.json';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** A run's own `run.json`, or undefined when it is missing, unreadable or not an entry of run `id`. */
export async function readRunEntryFile(runFolder: string, id: string): Promise<RunIndexEntry | undefined> {
  const parsed = runIndexEntrySchema.safeParse(await readJson(join(runFolder, runEntryFileName)));
  return parsed.success && parsed.data.id === id ? parsed.data : undefined;
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

/** What a run folder's config.json and state.json say about its run, or undefined when they say nothing usable. */
async function entryOfConfig(runFolder: string, id: string): Promise<RunIndexEntry | undefined> {
  const config = (await readJson(join(runFolder, 'config.json'))) as ConfigFileFields | undefined;
  if (!config || typeof config.skillPath !== 'string' || !config.models) return undefined;
  const state = (await readJson(join(runFolder, 'state.json'))) as StateFileFields | undefined;
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

/** What a run folder says about its run: its run.json, else its config and state; undefined when nothing usable. */
export async function entryOfRunFolder(runsFolder: string, id: string): Promise<RunIndexEntry | undefined> {
  const folder = join(runsFolder, id);
  return (await readRunEntryFile(folder, id)) ?? (await entryOfConfig(folder, id));
}

/** The names of the run folders under `storeRoot/runs` (temp folders of runs being created excluded). */
export async function runFolderNames(storeRoot: string): Promise<string[]> {
  const entries = await readdir(join(storeRoot, 'runs'), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
}

/** Oldest first, then by id. */
export function byStartTime(a: RunIndexEntry, b: RunIndexEntry): number {
  return a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id);
}

/** Every run the folders of `storeRoot/runs` describe, oldest first. */
export async function rebuildRunEntries(storeRoot: string): Promise<RunIndexEntry[]> {
  const runsFolder = join(storeRoot, 'runs');
  const ids = await runFolderNames(storeRoot);
  const entries = await Promise.all(ids.map((id) => entryOfRunFolder(runsFolder, id)));
  return entries.filter((entry): entry is RunIndexEntry => entry !== undefined).sort(byStartTime);
}
