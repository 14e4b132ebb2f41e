/**
 * The store's lock for read-modify-write of shared files (`db.json`, the skills'
 * training locks): one section at a time across every process on this machine (CLI,
 * extension host, library workers) and within this process.
 *
 * Across processes: proper-lockfile, which creates a lock *directory* (`mkdir` is
 * atomic on every local and network file system) and keeps its mtime fresh while
 * held, so a lock whose holder was killed goes stale and is taken over after
 * `staleMs`. Within the process: `runInProcessQueue`, because proper-lockfile
 * refuses a second holder in the same process instead of queueing it.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lock } from 'proper-lockfile';
import { runInProcessQueue } from './in-process-queue';
import { StoreLockTimeoutError, storeWriteError } from './store-errors';

/** The lock directory inside the store folder. */
export const storeLockName = 'store.lock';

/**
 * A held lock whose mtime has not been refreshed for this long (ms) belongs to a dead
 * process. Sections take milliseconds; 10 s leaves room for a machine under heavy load.
 */
const staleMs = 10_000;

/**
 * Waits between tries (ms): short at first, at most 250 ms, for about 30 s in all,
 * which outlasts `staleMs` so a lock left by a killed process is always taken over.
 */
const retryOptions = { retries: 150, factor: 1.2, minTimeout: 5, maxTimeout: 250, randomize: true };

/**
 * Runs `section` while holding the store's lock, and returns its result. The lock is
 * released whether `section` resolves or throws.
 */
export function withStoreLock<T>(storeRoot: string, section: () => Promise<T>): Promise<T> {
  const root = resolve(storeRoot);
  const lockfilePath = join(root, storeLockName);
  return runInProcessQueue(lockfilePath, async () => {
    let release: () => Promise<void>;
    try {
      await mkdir(root, { recursive: true });
      release = await lock(root, {
        lockfilePath,
        realpath: false,
        stale: staleMs,
        retries: retryOptions,
        // Only a section stalled past `staleMs` can lose the lock; its write is still
        // atomic, and proper-lockfile's default (throwing from a timer) would kill the process.
        onCompromised: () => undefined,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new StoreLockTimeoutError(lockfilePath, { cause: error });
      throw storeWriteError(lockfilePath, error);
    }
    try {
      return await section();
    } finally {
      await release().catch(() => undefined);
    }
  });
}
