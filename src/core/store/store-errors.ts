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
