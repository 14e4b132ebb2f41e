/**
XX
 * branch of commits up to date (after every finished unit of work, and once more when
 * the run ends). A skill outside a git repository gets one clear line and trains on with
 * file checkpoints; a git failure is reported once and never stops training.
 */
import { errorMessage } from '../errors';
import type { TrainingEvent } from '../training';
import { GitCheckpointWriter } from './git-checkpoints';

/** Where the sync says what it did: the terminal, or VS Code's output channel. */
export interface CheckpointSyncOutput {
  write(text: string): void;
}

export class GitCheckpointSync {
  private readonly writers = new Map<string, Promise<GitCheckpointWriter | undefined>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly failed = new Set<string>();
  /** Skill path of every run whose events came through `handle`. */
  private readonly seen = new Map<string, string>();

  /** `name` starts the lines it writes: how the person turned it on (`--git`, or the setting). */
  constructor(
    private readonly output: CheckpointSyncOutput,
    private readonly workspaceRoot: string,
    private readonly name = '--git',
  ) {}

  /** Call with every event of run `runId` training `skillPath`. */
  handle(runId: string, skillPath: string, event: TrainingEvent): void {
    this.seen.set(runId, skillPath);
    // A new unit starts only after the previous one was committed to the run's records.
    const unitDone = event.type === 'step_started' || (event.type === 'stage_started' && event.stage === 'final_validation');
    if (event.type !== 'run_started' && !unitDone) return;
    this.track(this.sync(runId, skillPath));
  }

  /** Adds the commits still missing for `runs` (default: every run `handle` saw); prints where they are. */
  async finish(runs: readonly { runId: string; skillPath: string }[] = [...this.seen].map(([runId, skillPath]) => ({ runId, skillPath }))): Promise<void> {
    await Promise.all([...this.pending]);
    for (const run of runs) {
      const writer = await this.writer(run.runId, run.skillPath);
      if (!writer) continue;
      await this.sync(run.runId, run.skillPath);
      const commits = await writer.commitCount();
      if (commits > 0) this.output.write(`Git: ${commits} checkpoint commit${commits === 1 ? '' : 's'} on ${writer.branchName} (HEAD, index and working tree untouched).\n`);
    }
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private writer(runId: string, skillPath: string): Promise<GitCheckpointWriter | undefined> {
    let writer = this.writers.get(runId);
    if (!writer) {
      writer = GitCheckpointWriter.open({ workspaceRoot: this.workspaceRoot, runId, skillPath }).then((opened) => {
        if (opened instanceof GitCheckpointWriter) return opened;
        this.output.write(`${this.name}: ${opened.reason}, so run ${runId} keeps its checkpoints as files in .skill-trainer/runs/${runId}/checkpoints and trains on.\n`);
        return undefined;
      });
      this.writers.set(runId, writer);
    }
    return writer;
  }

  private async sync(runId: string, skillPath: string): Promise<void> {
    const writer = await this.writer(runId, skillPath);
    try {
      await writer?.sync();
    } catch (error) {
      if (this.failed.has(runId)) return;
      this.failed.add(runId);
      this.output.write(`${this.name}: writing the checkpoint commits of run ${runId} failed (${errorMessage(error)}); training goes on, and the next sync retries.\n`);
    }
  }
}
