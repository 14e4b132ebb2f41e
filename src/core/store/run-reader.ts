/**
 * Read-only access to a workspace's run store, for the VS Code views (checkpoint
 * timeline, score trends, leaderboard) and the CLI. Every function takes the
 * workspace root (the folder holding `.skill-trainer/`); none of them writes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonLines, type StoreWarning } from './jsonl-file';
import { RunNotFoundError } from './store-errors';
import { openRunStore, storeFolderName } from './run-store';
import type { CheckpointEntry, CheckpointMeta, LeaderboardEntry, RolloutRecord, RunIndexEntry, StepRecord } from './run-records';

/** The folder of one run in a workspace's store (`.skill-trainer/runs/<id>`). */
export function runFolder(workspaceRoot: string, runId: string): string {
  return join(workspaceRoot, storeFolderName, 'runs', runId);
}

/** The runs of the workspace, newest first; only those of one skill when `skillPath` is given. */
export async function listRuns(workspaceRoot: string, options: { skillPath?: string } = {}): Promise<RunIndexEntry[]> {
  const runs = await openRunStore(workspaceRoot).listRuns();
  return runs
    .filter((run) => options.skillPath === undefined || run.skillPath === options.skillPath)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id));
}

/** One run's index entry; throws RunNotFoundError for an unknown id. */
export async function readRun(workspaceRoot: string, runId: string): Promise<RunIndexEntry> {
  const run = (await openRunStore(workspaceRoot).listRuns()).find((entry) => entry.id === runId);
  if (!run) throw new RunNotFoundError(runId, join(workspaceRoot, storeFolderName));
  return run;
}

/** The resolved configuration the run was started with (no secrets). */
export async function readRunConfig<T = unknown>(workspaceRoot: string, runId: string): Promise<T> {
  return JSON.parse(await readFile(join(runFolder(workspaceRoot, runId), 'config.json'), 'utf8')) as T;
}

/**
 * `steps.jsonl` of a run: a baseline record, one record per training step, one per
 * epoch end and a final record, in order. A torn last line is skipped (`warn` hears it).
 */
export async function readStepRecords(workspaceRoot: string, runId: string, warn?: StoreWarning): Promise<StepRecord[]> {
  return readJsonLines<StepRecord>(join(runFolder(workspaceRoot, runId), 'steps.jsonl'), warn);
}

/** `rollouts.jsonl` of a run, optionally only one step's or one phase's. */
export async function readRolloutRecords(
  workspaceRoot: string,
  runId: string,
  filter: { step?: number; phase?: RolloutRecord['phase'] } = {},
  warn?: StoreWarning,
): Promise<RolloutRecord[]> {
  const records = await readJsonLines<RolloutRecord>(join(runFolder(workspaceRoot, runId), 'rollouts.jsonl'), warn);
  return records.filter(
    (record) => (filter.step === undefined || record.step === filter.step) && (filter.phase === undefined || record.phase === filter.phase),
  );
}

/** Every checkpoint of a run with its metadata, in file-name (step) order. */
export async function listCheckpoints(workspaceRoot: string, runId: string): Promise<CheckpointEntry[]> {
  const folder = join(runFolder(workspaceRoot, runId), 'checkpoints');
  const names = await readdir(folder).catch(() => {
    throw new RunNotFoundError(runId, join(workspaceRoot, storeFolderName));
  });
  const entries: CheckpointEntry[] = [];
  for (const file of names.filter((name) => name.endsWith('.md')).sort()) {
    const metaPath = join(folder, `${file.replace(/\.md$/, '')}.json`);
    const meta = JSON.parse(await readFile(metaPath, 'utf8').catch(() => 'null')) as CheckpointMeta | null;
    if (meta) entries.push({ file, path: join(folder, file), meta });
  }
  return entries;
}

/** The skill text of one checkpoint (`file` as listed, e.g. `step-0003.md`). */
export async function readCheckpointText(workspaceRoot: string, runId: string, file: string): Promise<string> {
  return readFile(join(runFolder(workspaceRoot, runId), 'checkpoints', file), 'utf8');
}

/** Per-skill leaderboards (best validation score first), or one skill's. */
export async function readLeaderboard(workspaceRoot: string): Promise<Record<string, LeaderboardEntry[]>>;
export async function readLeaderboard(workspaceRoot: string, skillPath: string): Promise<LeaderboardEntry[]>;
export async function readLeaderboard(
  workspaceRoot: string,
  skillPath?: string,
): Promise<Record<string, LeaderboardEntry[]> | LeaderboardEntry[]> {
  const data = await openRunStore(workspaceRoot).index.read();
  return skillPath === undefined ? data.leaderboard : (data.leaderboard[skillPath] ?? []);
}

/** Where a run writes its trained (best) skill: `runs/<id>/trained/SKILL.md`. */
export function trainedSkillPath(workspaceRoot: string, runId: string): string {
  return join(runFolder(workspaceRoot, runId), 'trained', 'SKILL.md');
}
