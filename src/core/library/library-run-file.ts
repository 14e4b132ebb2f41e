/**
 * Reads and writes a library run's own file, `.skill-trainer/library/<id>/library.json`.
 * Several skill runs finish at once in one process, so changes are queued: each one
 * reads the record it last wrote, changes it and replaces the file atomically. Only the
 * process holding the library run's lock writes it; no other run's file is touched.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SkillTrainerError } from '../errors';
import { writeJsonAtomic } from '../store/atomic-write';
import { acquireSkillLock } from '../store/run-lock';
import { storeFolderName } from '../store/run-store';
import { RunLockedError } from '../store/store-errors';
import { libraryRunRecordSchema, libraryStatusOf, type LibraryRunRecord } from './library-run-record';

/** The folder of library runs under `.skill-trainer/`. */
export const libraryFolderName = 'library';

/** A library run id: `lib-` and a sortable time stamp. */
export function newLibraryRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `lib-${stamp}-${randomBytes(3).toString('hex')}`;
}

export function libraryRunFolder(workspaceRoot: string, id: string): string {
  return join(workspaceRoot, storeFolderName, libraryFolderName, id);
}

/** No library run with this id in the workspace. */
export class LibraryRunNotFoundError extends SkillTrainerError {
  constructor(id: string, workspaceRoot: string) {
    super('library_run_not_found', `No library run '${id}' in ${join(workspaceRoot, storeFolderName, libraryFolderName)}: run 'skill-trainer runs' to list them.`);
  }
}

/** Another live process is running this library run. */
export class LibraryRunLockedError extends SkillTrainerError {
  constructor(id: string, holder: RunLockedError['holder']) {
    super('library_run_locked', `Library run ${id} is already running in process ${holder.pid} on ${holder.hostname} (since ${holder.startedAt}). Wait for it, or stop it; a lock left by a dead process is taken over automatically.`);
  }
}

/** True when `id` names a library run of the workspace (its folder exists). */
export async function isLibraryRun(workspaceRoot: string, id: string): Promise<boolean> {
  if (id.startsWith('.')) return false;
  return readdir(libraryRunFolder(workspaceRoot, id)).then(
    () => true,
    () => false,
  );
}

/** Reads `library.json` through its schema. */
export async function readLibraryRun(workspaceRoot: string, id: string): Promise<LibraryRunRecord> {
  const path = join(libraryRunFolder(workspaceRoot, id), 'library.json');
  const text = await readFile(path, 'utf8').catch(() => {
    throw new LibraryRunNotFoundError(id, workspaceRoot);
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SkillTrainerError('library_run_invalid', `${path} is not valid JSON (${(error as Error).message}). Restore it from a backup, or start a new library run.`);
  }
  const parsed = libraryRunRecordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SkillTrainerError('library_run_invalid', `${path} is not a library run record (at ${issue.path.join('.') || 'the top'}: ${issue.message}). Restore it, or start a new library run.`);
  }
  return parsed.data;
}

/** Every library run of the workspace, newest first; unreadable ones are left out. */
export async function listLibraryRuns(workspaceRoot: string): Promise<LibraryRunRecord[]> {
  // Folders starting with a dot are library runs still being created.
  const ids = (await readdir(join(workspaceRoot, storeFolderName, libraryFolderName)).catch(() => [] as string[])).filter((id) => !id.startsWith('.'));
  const records = await Promise.all(ids.map((id) => readLibraryRun(workspaceRoot, id).catch(() => undefined)));
  return records.filter((record): record is LibraryRunRecord => record !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The writer of one library run's file, owned by the process holding its lock. */
export class LibraryRunFile {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private current: LibraryRunRecord,
    readonly release: () => Promise<void>,
  ) {}

  /**
   * Takes the library run's lock and writes its record. `create`: a new library run,
   * whose folder appears whole (written under a temporary name, then renamed), so a
   * kill at any moment leaves either no library run or one with its record.
   */
  static async open(workspaceRoot: string, record: LibraryRunRecord, options: { create?: boolean } = {}): Promise<LibraryRunFile> {
    const storeRoot = join(workspaceRoot, storeFolderName);
    let release: () => Promise<void>;
    try {
      release = await acquireSkillLock(storeRoot, `library-run:${record.id}`, record.id);
    } catch (error) {
      if (error instanceof RunLockedError) throw new LibraryRunLockedError(record.id, error.holder);
      throw error;
    }
    const folder = libraryRunFolder(workspaceRoot, record.id);
    try {
      if (options.create) {
        const temporary = join(dirname(folder), `.${record.id}-${randomBytes(3).toString('hex')}`);
        await writeJsonAtomic(join(temporary, 'library.json'), record);
        await rename(temporary, folder);
      }
    } catch (error) {
      await release();
      throw error;
    }
    const file = new LibraryRunFile(join(folder, 'library.json'), record, release);
    await file.update(() => undefined);
    return file;
  }

  get record(): LibraryRunRecord {
    return this.current;
  }

  /**
   * Applies `change` to the record and replaces the file; changes apply in call order.
   * `ended`: the run's process is done with it (skills still queued were never started).
   */
  update(change: (record: LibraryRunRecord) => void, options: { ended?: boolean } = {}): Promise<void> {
    const next = this.queue.then(async () => {
      const record = structuredClone(this.current);
      change(record);
      record.status = libraryStatusOf(record.skills, options);
      record.updatedAt = new Date().toISOString();
      await writeJsonAtomic(this.path, record);
      this.current = record;
    });
    // A failed write is reported to its caller; later changes still run.
    this.queue = next.catch(() => undefined);
    return next;
  }
}
