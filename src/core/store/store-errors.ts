import { SkillTrainerError } from '../errors';

/** A run-store file that cannot be read back; names the file and the fix. */
export class RunStoreError extends SkillTrainerError {
  readonly path: string;

  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('run_store_invalid', message, options);
    this.path = path;
  }
}

/** Another live process is already training the same skill. */
export class RunLockedError extends SkillTrainerError {
  readonly skillPath: string;
  readonly holder: { runId: string; pid: number; hostname: string; startedAt: string };

  constructor(skillPath: string, holder: RunLockedError['holder']) {
    super(
      'run_locked',
      `Another training run (${holder.runId}, process ${holder.pid} on ${holder.hostname}, started ${holder.startedAt}) ` +
        `is already training ${skillPath}. Wait for it to finish or cancel it; if that process has died, its lock is ` +
        'taken over automatically on this machine.',
    );
    this.skillPath = skillPath;
    this.holder = holder;
  }
}

/** No run with this id in the store. */
export class RunNotFoundError extends SkillTrainerError {
  readonly runId: string;

  constructor(runId: string, storeRoot: string) {
    super('run_not_found', [`No training run '${runId}' in ${storeRoot}: `, { listing: 'runs' }, '.']);
    this.runId = runId;
  }
}

/** The store's lock stayed taken by another live process for longer than we wait. */
export class StoreLockTimeoutError extends SkillTrainerError {
  readonly lockPath: string;

  constructor(lockPath: string, options?: { cause?: unknown }) {
    super(
      'store_locked',
      `The run store is locked by another Skill Trainer process that has held ${lockPath} for over 30 s. ` +
        'Wait for it and try again; if no other Skill Trainer is running, delete that folder and try again.',
      options,
    );
    this.lockPath = lockPath;
  }
}

/** What each operating-system failure of a write means for a person, and what to do. */
const writeFailures: Record<string, string> = {
  ENOSPC: 'no space left on the disk (ENOSPC). Free some space',
  EDQUOT: 'the disk quota is used up (EDQUOT). Free some space or raise the quota',
  EROFS: 'the file system is read-only (EROFS). Make it writable, or use a workspace on a writable disk',
  EACCES: 'permission denied (EACCES). Give your user write access to that folder',
  EPERM: 'the operation is not permitted (EPERM). Give your user write access to that folder',
  ENOENT: 'its folder no longer exists (ENOENT); something removed it while the run was writing',
  EIO: 'the disk reported an input/output error (EIO). Check the disk',
  EMFILE: 'too many files are open (EMFILE). Close other programs or raise the limit (ulimit -n)',
};

/** A file of the run store could not be written because of the operating system (a full disk, a read-only folder). */
export class RunStoreWriteError extends SkillTrainerError {
  readonly path: string;
  /** The operating system's error code: ENOSPC, EROFS, EACCES, ... */
  readonly errno: string;

  constructor(path: string, errno: string, options?: { cause?: unknown }) {
    super('store_write_failed', `Could not write ${path}: ${writeFailures[errno]}.`, options);
    this.path = path;
    this.errno = errno;
  }
}

/**
 * The plain-language error for a failed write of `path` when the operating system
 * refused it for a reason a person can fix; any other error unchanged.
 */
export function storeWriteError(path: string, error: unknown): unknown {
  if (error instanceof SkillTrainerError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  return errno !== undefined && errno in writeFailures ? new RunStoreWriteError(path, errno, { cause: error }) : error;
}

/** A file a run needs is not in its folder (deleted, or never written because the run stopped while starting). */
export class RunFileMissingError extends SkillTrainerError {
  readonly path: string;

  constructor(path: string) {
    super('run_file_missing', `${path} is missing. Restore it (from a backup or a commit of .skill-trainer/), or start a new run.`);
    this.path = path;
  }
}
