import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { storeWriteError } from './store-errors';

/**
 * Flushes a folder's entries to disk, so a rename into it survives a power loss.
 * Windows cannot open a folder for this; there the rename is as durable as it gets.
 */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EISDIR / EPERM / EINVAL on platforms that cannot sync a folder.
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `data` so a reader (or a crash) sees either the old file or
 * the new one, never half of each: write a temp file of its own beside it (named by
 * process and random bytes, so concurrent writers never share one), flush it to disk,
 * rename it over the target (atomic within one file system), then flush the folder.
 * On any failure the temp file is removed and the target is left as it was; a full
 * disk or a read-only folder throws a RunStoreWriteError that says so in plain words.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw storeWriteError(path, error);
  }
  await syncFolder(dirname(path));
}

/** `writeFileAtomic` for JSON, pretty-printed with a final newline. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}
