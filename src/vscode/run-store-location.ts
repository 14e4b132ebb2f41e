/**
 * Where run stores live (one `.skill-trainer/` per workspace folder), and which runs
 * in them can be resumed.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as vscode from 'vscode';
import { listRuns, lockPath, openRunStore, type RunIndexEntry } from '../core/store';

/**
 * The folder holding the run store of a skill: its workspace folder, else the first
 * one (personal skills in `~/.claude/skills` train into the open workspace).
 */
export function workspaceRootFor(skillUri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(skillUri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

/** Every workspace folder's root (each may hold a run store). */
export function workspaceRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
}

/** A run that can be continued, with the store it lives in. */
export interface ResumableRun {
  readonly entry: RunIndexEntry;
  readonly workspaceRoot: string;
}

/** True when another live process on this machine holds the training lock of the run's skill. */
async function heldByAnotherProcess(workspaceRoot: string, entry: RunIndexEntry): Promise<boolean> {
  try {
    const lock = JSON.parse(await readFile(lockPath(openRunStore(workspaceRoot).root, entry.skillPath), 'utf8')) as { pid?: number; hostname?: string };
    if (lock.pid === undefined || lock.hostname !== hostname() || lock.pid === process.pid) return false;
    process.kill(lock.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs that stopped before finishing (cancelled, budget-stopped, failed, or left
 * `running` by a window that closed or crashed), newest first; runs live in this
 * window (`isLive`) or in another process are left out.
 */
export async function listResumableRuns(isLive: (runId: string) => boolean): Promise<ResumableRun[]> {
  const runs: ResumableRun[] = [];
  for (const workspaceRoot of workspaceRoots()) {
    const entries = await listRuns(workspaceRoot).catch(() => [] as RunIndexEntry[]);
    for (const entry of entries) {
      if (entry.status === 'finished' || isLive(entry.id)) continue;
      if (entry.status === 'running' && (await heldByAnotherProcess(workspaceRoot, entry))) continue;
      runs.push({ entry, workspaceRoot });
    }
  }
  return runs.sort((a, b) => b.entry.startedAt.localeCompare(a.entry.startedAt));
}
