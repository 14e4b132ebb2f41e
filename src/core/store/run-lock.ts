import { mkdir, readFile, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomic-write';
import { withStoreLock } from './store-lock';
import { RunLockedError, storeWriteError } from './store-errors';

interface LockContent {
  runId: string;
  pid: number;
  hostname: string;
  startedAt: string;
  skillPath: string;
}

/** True when a process with this id exists on this machine. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where the lock of a skill lives: one file per skill, named by a hash of its path. */
export function lockPath(storeRoot: string, skillPath: string): string {
  const key = createHash('sha256').update(skillPath).digest('hex').slice(0, 16);
  return join(storeRoot, 'locks', `${key}.lock`);
}

/** The lock's holder; undefined when there is no lock file or it holds nothing readable. */
async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    const content = JSON.parse(await readFile(path, 'utf8')) as Partial<LockContent> | null;
    return content && typeof content.pid === 'number' && typeof content.runId === 'string' && typeof content.hostname === 'string' ? (content as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the holder is a live process (or one on another machine, which cannot be checked). */
function holderIsLive(holder: LockContent, runId: string): boolean {
  if (holder.hostname !== hostname()) return true;
  // The same run in this process takes its own lock again (an earlier attempt crashed in-process).
  if (holder.pid === process.pid) return holder.runId !== runId;
  return processIsAlive(holder.pid);
}

/**
 * Takes the training lock of a skill for one run; returns the function that releases
 * it. A live holder makes this throw RunLockedError. Checking and taking happen under
 * the store lock, and the lock file is written whole (atomic rename), so two processes
 * racing cannot both win, and an empty or unreadable lock file (left by a version that
 * wrote it in place, killed mid-write) or one of a process that no longer exists on
 * this machine (a crash, a kill) is taken over at once.
 */
export async function acquireSkillLock(storeRoot: string, skillPath: string, runId: string): Promise<() => Promise<void>> {
  const path = lockPath(storeRoot, skillPath);
  await mkdir(join(storeRoot, 'locks'), { recursive: true }).catch((error: unknown) => {
    throw storeWriteError(join(storeRoot, 'locks'), error);
  });
  await withStoreLock(storeRoot, async () => {
    const holder = await readLock(path);
    if (holder && holderIsLive(holder, runId)) throw new RunLockedError(skillPath, holder);
    const content: LockContent = { runId, pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), skillPath };
    await writeJsonAtomic(path, content);
  });
  // A lock that cannot be removed (the disk went read-only) names this process, and
  // counts as stale once it has exited.
  return () =>
    withStoreLock(storeRoot, async () => {
      const current = await readLock(path);
      if (current?.pid === process.pid && current.runId === runId) await unlink(path);
    }).catch(() => undefined);
}

/**
 * The live holder of a skill's training lock on this machine, if any. A run whose
 * index status is `running` but whose skill has no live lock was interrupted (its
 * process died) and can be resumed.
 */
export async function liveSkillLock(storeRoot: string, skillPath: string): Promise<{ runId: string; pid: number; startedAt: string } | undefined> {
  const holder = await readLock(lockPath(storeRoot, skillPath));
  if (!holder) return undefined;
  if (holder.hostname !== hostname()) return { runId: holder.runId, pid: holder.pid, startedAt: holder.startedAt };
  return processIsAlive(holder.pid) ? { runId: holder.runId, pid: holder.pid, startedAt: holder.startedAt } : undefined;
}
