import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write';
import { appendJsonLines, fileSize, readJsonLines, repairTornTail, truncateToCommitted, type StoreWarning } from './jsonl-file';
import { acquireSkillLock } from './run-lock';
import { RunIndex } from './run-index';
import { RunNotFoundError, RunStoreError } from './store-errors';
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
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
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

  async updateIndex(entry: Partial<RunIndexEntry>): Promise<RunIndexEntry> {
    return this.store.index.upsert({ ...entry, id: this.id });
  }
}

async function readJsonFile<T>(path: string): Promise<T> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new RunStoreError(path, `${path} is not valid JSON: ${(error as Error).message}. Restore it or delete the run.`, {
      cause: error,
    });
  }
}

/**
 * The run store under `<workspace>/.skill-trainer/`: a lowdb index `db.json`
 * (runs and per-skill leaderboards) and one folder per run.
 */
export class RunStore {
  readonly root: string;
  readonly index: RunIndex;

  constructor(workspaceRoot: string) {
    this.root = join(workspaceRoot, storeFolderName);
    this.index = new RunIndex(this.root);
  }

  /** Creates the folder of a new run and its index entry (status `running`). */
  async createRun(entry: Omit<RunIndexEntry, 'id'>, id = newRunId()): Promise<RunFiles> {
    const run = new RunFiles(this, id);
    if (await readdir(run.dir).then(() => true, () => false)) {
      throw new RunStoreError(run.dir, `A run with the id '${id}' already exists in ${this.root}. Resume it, or start a new run without giving an id.`);
    }
    await mkdir(join(run.dir, 'checkpoints'), { recursive: true });
    await this.index.upsert({ ...entry, id });
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
