import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { RunLockedError } from './store-errors';

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

async function readLock(path: string): Promise<LockContent | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/**
 * Takes the training lock of a skill for one run; returns the function that releases
 * it. A lock left by a process that no longer exists on this machine (a crash, a kill)
 * is taken over; a live holder makes this throw RunLockedError. Creation uses the
 * exclusive `wx` flag, so two processes racing for the lock cannot both win.
 */
export async function acquireSkillLock(storeRoot: string, skillPath: string, runId: string): Promise<() => Promise<void>> {
  const path = lockPath(storeRoot, skillPath);
  await mkdir(join(storeRoot, 'locks'), { recursive: true });
  const content: LockContent = { runId, pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), skillPath };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      return async () => {
        const current = await readLock(path);
        if (current?.pid === process.pid && current.runId === runId) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    // An unreadable lock older than 2 s was torn by a writer that died mid-write; a
    // younger one may still be being written by a live process.
    const garbledAndOld = holder === undefined && Date.now() - (await stat(path).then((s) => s.mtimeMs, () => 0)) > 2000;
    const stale =
      garbledAndOld ||
      (holder !== undefined &&
        holder.hostname === hostname() &&
        (holder.pid === process.pid ? holder.runId === runId : !processIsAlive(holder.pid)));
    if (!stale) {
      if (holder === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      throw new RunLockedError(skillPath, holder);
    }
    await unlink(path).catch(() => undefined);
  }
  const holder = await readLock(path);
  throw new RunLockedError(skillPath, holder ?? { runId: 'unknown', pid: 0, hostname: 'unknown', startedAt: 'unknown' });
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
