import { appendFile, mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RunStoreError, storeWriteError } from './store-errors';

/** Receives problems that were worked around (a torn last line), for logs. */
export type StoreWarning = (message: string) => void;

/**
 * Appends records as one JSON line each, in one write. A write cut short (a full disk)
 * leaves at most a torn last line, which the next resume cuts off; it throws a
 * RunStoreWriteError naming the file and the cause.
 */
export async function appendJsonLines(path: string, records: readonly unknown[]): Promise<void> {
  if (records.length === 0) return;
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
  } catch (error) {
    throw storeWriteError(path, error);
  }
}

/**
 * Reads a JSON-lines file. A last line that does not parse (the process died while
 * appending it) is dropped with a warning; a bad line anywhere else is corruption and
 * throws a RunStoreError naming the file and line. A missing file reads as empty.
 */
export async function readJsonLines<T = unknown>(path: string, warn: StoreWarning = () => undefined): Promise<T[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const lines = text.split('\n');
  const records: T[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.trim() === '') continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      const isLast = lines.slice(index + 1).every((rest) => rest.trim() === '');
      if (isLast) {
        warn(`Ignored a torn last line in ${path} (line ${index + 1}); the process probably stopped while writing it.`);
        break;
      }
      throw new RunStoreError(
        path,
        `Line ${index + 1} of ${path} is not valid JSON. The file is corrupted; restore it from a backup or delete the run.`,
        { cause: error },
      );
    }
  }
  return records;
}

/** The size of a file in bytes, 0 when it does not exist. */
export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

/**
 * Cuts a torn last line off a JSON-lines file so the next append starts on a line of
 * its own. Returns true when something was cut.
 */
export async function repairTornTail(path: string, warn: StoreWarning = () => undefined): Promise<boolean> {
  const size = await fileSize(path);
  if (size === 0) return false;
  const handle = await open(path, 'r');
  let text: string;
  try {
    text = (await handle.readFile('utf8')) as string;
  } finally {
    await handle.close();
  }
  if (text.endsWith('\n')) return false;
  const keep = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8');
  await truncate(path, keep);
  warn(`Removed a torn last line from ${path}; the process probably stopped while writing it.`);
  return true;
}

/**
 * Shrinks an append-only log back to `bytes` (what the last committed state saw), so
 * records of an unfinished unit of work are not written twice when it is redone.
 */
export async function truncateToCommitted(path: string, bytes: number): Promise<void> {
  if ((await fileSize(path)) > bytes) await truncate(path, bytes);
}
