import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write';
import { appendJsonLines, fileSize, readJsonLines, repairTornTail, truncateToCommitted, type StoreWarning } from './jsonl-file';
import { runInProcessQueue } from './in-process-queue';
import { readRunEntryFile, runEntryFileName } from './rebuild-run-index';
import { acquireSkillLock } from './run-lock';
import { RunIndex } from './run-index';
import { runIndexEntrySchema } from './run-index-schema';
import { RunFileMissingError, RunNotFoundError, RunStoreError, storeWriteError } from './store-errors';
import type { CheckpointMeta, RolloutRecord, RunIndexEntry, StepRecord } from './run-records';

/** The folder name of the store at the workspace root. */
export const storeFolderName = '.skill-trainer';

/** Byte sizes of the append-only logs at the last committed state. */
export interface LogOffsets {
  steps: number;
  rollouts: number;
}

/** A new run id: sortable by start time, unique enough for one workspace. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Checkpoint file name of a step: `step-0003.md`, `step-0004-slow-update.md`. */
export function checkpointFileName(step: number, suffix?: string): string {
  return `step-${String(step).padStart(4, '0')}${suffix ? `-${suffix}` : ''}.md`;
}

/** The files of one run under `runs/<id>/`. */
export class RunFiles {
  readonly dir: string;

  constructor(
    readonly store: RunStore,
    readonly id: string,
  ) {
    this.dir = join(store.root, 'runs', id);
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  async writeConfig(config: unknown): Promise<void> {
    await writeJsonAtomic(this.path('config.json'), config);
  }

  async readConfig<T = unknown>(): Promise<T> {
    return readJsonFile<T>(this.path('config.json'));
  }

  /** Replaces `state.json` atomically: after a crash it holds the last committed state. */
  async writeState(state: unknown): Promise<void> {
    await writeJsonAtomic(this.path('state.json'), state);
  }

  async readState<T = unknown>(): Promise<T | undefined> {
    try {
      return await readJsonFile<T>(this.path('state.json'));
    } catch (error) {
      if (error instanceof RunFileMissingError) return undefined;
      throw error;
    }
  }

  /** Any other JSON file of the run (e.g. `tasks.json`), written atomically. */
  async writeJson(name: string, value: unknown): Promise<void> {
    await writeJsonAtomic(this.path(name), value);
  }

  async readJson<T = unknown>(name: string): Promise<T> {
    return readJsonFile<T>(this.path(name));
  }

  async writeText(name: string, text: string): Promise<string> {
    const path = this.path(name);
    await writeFileAtomic(path, text);
    return path;
  }

  /**
   * Writes a checkpoint: the skill text as `checkpoints/<file>` (exactly the skill, so
   * it can be diffed, restored or committed) and its metadata as `<file>.json` beside it.
   * Returns the path relative to the run folder.
   */
  async writeCheckpoint(file: string, skillText: string, meta: CheckpointMeta): Promise<string> {
    await writeFileAtomic(this.path('checkpoints', file), skillText);
    await writeJsonAtomic(this.path('checkpoints', `${file.replace(/\.md$/, '')}.json`), meta);
    return `checkpoints/${file}`;
  }

  async appendSteps(records: readonly StepRecord[]): Promise<void> {
    await appendJsonLines(this.path('steps.jsonl'), records);
  }

  async appendRollouts(records: readonly RolloutRecord[]): Promise<void> {
    await appendJsonLines(this.path('rollouts.jsonl'), records);
  }

  async readSteps(warn?: StoreWarning): Promise<StepRecord[]> {
    return readJsonLines<StepRecord>(this.path('steps.jsonl'), warn);
  }

  async readRollouts(warn?: StoreWarning): Promise<RolloutRecord[]> {
    return readJsonLines<RolloutRecord>(this.path('rollouts.jsonl'), warn);
  }

  async logOffsets(): Promise<LogOffsets> {
    return { steps: await fileSize(this.path('steps.jsonl')), rollouts: await fileSize(this.path('rollouts.jsonl')) };
  }

  /** Drops log lines written after the last committed state (an unfinished unit). */
  async rewindLogs(offsets: LogOffsets, warn?: StoreWarning): Promise<void> {
    await truncateToCommitted(this.path('steps.jsonl'), offsets.steps);
    await truncateToCommitted(this.path('rollouts.jsonl'), offsets.rollouts);
    await repairTornTail(this.path('steps.jsonl'), warn);
    await repairTornTail(this.path('rollouts.jsonl'), warn);
  }

  /** The run's own entry: its `run.json`, else (runs from before it was kept) its index entry, rebuilt from config.json if need be. */
  async readEntry(): Promise<RunIndexEntry | undefined> {
    return (await readRunEntryFile(this.dir, this.id)) ?? (await this.store.index.read()).runs.find((run) => run.id === this.id);
  }

  /**
   * Changes the run's entry: merges `change` into its own `run.json` (which only this
   * run writes), then copies the whole entry into the index. One change at a time per
   * run within this process.
   */
  async updateIndex(change: Partial<RunIndexEntry>): Promise<RunIndexEntry> {
    return runInProcessQueue(this.path(runEntryFileName), async () => {
      const current = await this.readEntry();
      if (!current) {
        throw new RunStoreError(this.path(runEntryFileName), `Run ${this.id} has no readable ${runEntryFileName}, config.json or index entry in ${this.dir}; the run cannot be updated. Start a new run.`);
      }
      const entry = runIndexEntrySchema.parse({ ...current, ...change, id: this.id });
      await writeJsonAtomic(this.path(runEntryFileName), entry);
      await this.store.index.put(entry);
      return entry;
    });
  }
}

async function readJsonFile<T>(path: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RunFileMissingError(path);
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RunStoreError(path, `${path} is not valid JSON: ${(error as Error).message}. Restore it or delete the run.`, {
      cause: error,
    });
  }
}

/**
 * The run store under `<workspace>/.skill-trainer/`: an index `db.json` (runs and
 * per-skill leaderboards, a cache of the run folders) and one folder per run.
 */
export class RunStore {
  readonly root: string;
  readonly index: RunIndex;

  constructor(workspaceRoot: string) {
    this.root = join(workspaceRoot, storeFolderName);
    this.index = new RunIndex(this.root);
  }

  /**
   * Creates the folder of a new run, lets `prepare` write its files (config, tasks,
   * first state), then writes its entry (`run.json`) and indexes it. The entry comes
   * last, so a run listed anywhere has every file it needs to resume; on any failure
   * the half-made folder is removed and nothing is indexed.
   */
  async createRun(entry: Omit<RunIndexEntry, 'id'>, id = newRunId(), prepare?: (run: RunFiles) => Promise<void>): Promise<RunFiles> {
    const run = new RunFiles(this, id);
    try {
      await mkdir(join(this.root, 'runs'), { recursive: true });
      // Not recursive: fails when the folder exists, so two creators cannot share an id.
      await mkdir(run.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw storeWriteError(run.dir, error);
      throw new RunStoreError(run.dir, `A run with the id '${id}' already exists in ${this.root}. Resume it, or start a new run without giving an id.`);
    }
    const full = runIndexEntrySchema.parse({ ...entry, id });
    try {
      await mkdir(join(run.dir, 'checkpoints')).catch((error: unknown) => {
        throw storeWriteError(run.dir, error);
      });
      await prepare?.(run);
      await writeJsonAtomic(run.path(runEntryFileName), full);
      await this.index.put(full);
    } catch (error) {
      await rm(run.dir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    return run;
  }

  /** An existing run; throws RunNotFoundError when its folder is missing. */
  async openRun(id: string): Promise<RunFiles> {
    const run = new RunFiles(this, id);
    const names = await readdir(run.dir).catch(() => undefined);
    if (!names) throw new RunNotFoundError(id, this.root);
    return run;
  }

  /** Takes the one-run-per-skill lock (see acquireSkillLock); returns its release. */
  lockSkill(skillPath: string, runId: string): Promise<() => Promise<void>> {
    return acquireSkillLock(this.root, skillPath, runId);
  }

  async listRuns(): Promise<RunIndexEntry[]> {
    return (await this.index.read()).runs;
  }
}

/** Opens (without creating anything yet) the store of a workspace. */
export function openRunStore(workspaceRoot: string): RunStore {
  return new RunStore(workspaceRoot);
}
