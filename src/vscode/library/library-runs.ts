/**
 * Library runs in the extension host: one at a time per window, trained by the core's
 * `startLibraryRun`/`resumeLibraryRun` under one cancellable progress notification. Each
 * skill's run shows in the Skills view, the status bar, the log and the Checkpoints view
 * like a run of its own (through the run controller's `track`), and its review mode uses
 * the inline review; the Training Queue listens to `onDidChange`. A library run a closed
 * window interrupted is remembered (workspace state) and offered again.
 */
import * as vscode from 'vscode';
import { gitCheckpointSyncFor } from '../git-checkpoint-setting';
import { errorMessage } from '../../core/errors';
import {
  resumeLibraryRun,
  startLibraryRun,
  type LibraryEvent,
  type LibraryRunOptions,
  type LibraryRunResult,
  type LibraryRunStatus,
  type LibraryRuntime,
  type LibrarySkillView,
  type PreparedLibrarySkill,
} from '../../core/library';
import type { QueueStatus } from '../../core/queue';
import type { ReviewCallback } from '../../core/training/review-gate';
import type { RunController, TrackedRun } from '../run-controller';
import { RunNotification } from '../run-notification';
import { watchQueueStatus } from '../watch-queue-status';
import type { SkillRunState } from '../run-events';
import { describeQueueSkill, libraryProgressText } from './library-progress-text';

/** The library run this window trains or last trained, as the Training Queue shows it. */
export interface LibraryRunView {
  readonly libraryRunId: string;
  readonly workspaceRoot: string;
  readonly status: LibraryRunStatus;
  /** True while this window trains it. */
  readonly live: boolean;
  readonly skills: readonly LibrarySkillView[];
  /** USD once it ended; null when a price was unknown. */
  readonly costUsd?: number | null;
}

/** What a library run needs besides its skills (built per run: settings may have changed). */
export type LibraryRuntimeParts = Omit<LibraryRuntime, 'signal' | 'onEvent' | 'review'> & {
  /** With `skillTrainer.queue.url`: the queue's workers and jobs in flight, for the progress notification. */
  queueStatus?: () => Promise<QueueStatus>;
};

/** workspaceState key: the library run in progress (a reload or crash interrupts it). */
const LIVE_LIBRARY_KEY = 'skillTrainer.liveLibraryRun';

interface RememberedLibraryRun {
  libraryRunId: string;
  workspaceRoot: string;
}

export class LibraryRunInProgressError extends Error {
  constructor(readonly libraryRunId: string) {
    super(`A library run (${libraryRunId}) is already training in this window. Stop it first ("Skill Trainer: Stop Library Run") or wait until it ends.`);
  }
}

export class LibraryRuns implements vscode.Disposable {
  private current: LibraryRunView | undefined;
  private abort: AbortController | undefined;
  private done: Promise<LibraryRunResult> | undefined;
  /** The window's view of each skill's run, by skill path. */
  private readonly tracked = new Map<string, TrackedRun>();
  /** Stop Training on one skill of the run stops that skill only, by skill path. */
  private readonly skillStops = new Map<string, AbortController>();
  private readonly changeEmitter = new vscode.EventEmitter<LibraryRunView | undefined>();
  private closing = false;
  /** Fires when the library run or one of its skills changes. */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: { runs: RunController; log: vscode.LogOutputChannel; memento: vscode.Memento }) {}

  /** The live library run, else the one this window last showed. */
  get view(): LibraryRunView | undefined {
    return this.current;
  }

  get isLive(): boolean {
    return this.current?.live === true;
  }

  /** Shows a library run read from disk (no live run): the Training Queue's last run. */
  showRecorded(view: LibraryRunView | undefined): void {
    if (this.isLive) return;
    this.current = view;
    this.changeEmitter.fire(view);
  }

  /** Library runs a closed window left in progress. */
  interrupted(): RememberedLibraryRun | undefined {
    const remembered = this.options.memento.get<RememberedLibraryRun>(LIVE_LIBRARY_KEY);
    return remembered && remembered.libraryRunId !== this.current?.libraryRunId ? remembered : undefined;
  }

  async forgetInterrupted(): Promise<void> {
    await this.options.memento.update(LIVE_LIBRARY_KEY, undefined);
  }

  start(input: { workspaceRoot: string; skills: readonly PreparedLibrarySkill[]; options: LibraryRunOptions; runtime: LibraryRuntimeParts; libraryRunId: string }): Promise<LibraryRunResult> {
    return this.drive(input.libraryRunId, input.workspaceRoot, input.skills.map((skill, order) => ({ name: skill.name, skillPath: skill.skillPath, order, outcome: skill.outcome })), (runtime) =>
      startLibraryRun({ ...runtime, workspaceRoot: input.workspaceRoot, skills: input.skills, options: input.options, libraryRunId: input.libraryRunId }),
      input.runtime,
    );
  }

  resume(input: { workspaceRoot: string; libraryRunId: string; skills: readonly LibrarySkillView[]; runtime: LibraryRuntimeParts; options?: Partial<Pick<LibraryRunOptions, 'parallel' | 'maxCostUsd'>> }): Promise<LibraryRunResult> {
    return this.drive(input.libraryRunId, input.workspaceRoot, input.skills, (runtime) =>
      resumeLibraryRun({ ...runtime, workspaceRoot: input.workspaceRoot, libraryRunId: input.libraryRunId, options: input.options }),
      input.runtime,
    );
  }

  /** Stops every skill at its next safe point (queued skills stay queued); resolves when the run ended. */
  async stop(): Promise<LibraryRunResult | undefined> {
    if (!this.abort || !this.done) return undefined;
    this.options.log.info(`Stopping library run ${this.current?.libraryRunId} at the next safe point of each skill…`);
    this.abort.abort();
    return this.done.catch(() => undefined);
  }

  private drive(
    libraryRunId: string,
    workspaceRoot: string,
    skills: readonly LibrarySkillView[],
    run: (runtime: LibraryRuntime) => Promise<LibraryRunResult>,
    { queueStatus, ...parts }: LibraryRuntimeParts,
  ): Promise<LibraryRunResult> {
    if (this.isLive) throw new LibraryRunInProgressError(this.current!.libraryRunId);
    const abort = new AbortController();
    this.abort = abort;
    // Skipped and finished skills do not train again: the title counts the others.
    const training = skills.filter((skill) => skill.outcome.status !== 'skipped' && skill.outcome.status !== 'finished').length;
    this.current = { libraryRunId, workspaceRoot, status: 'running', live: true, skills };
    this.changeEmitter.fire(this.current);
    void this.options.memento.update(LIVE_LIBRARY_KEY, { libraryRunId, workspaceRoot } satisfies RememberedLibraryRun);
    const git = gitCheckpointSyncFor(vscode.Uri.file(workspaceRoot), workspaceRoot, this.options.log);
    void vscode.commands.executeCommand('setContext', 'skillTrainer.libraryRunActive', true);
    const notification = new RunNotification(`Training ${training} skill${training === 1 ? '' : 's'}`, () => abort.abort());
    const done = (async () => {
      let queueText: string | undefined;
      const report = () => {
        const view = this.current!;
        const settled = view.skills.filter((skill) => !['queued', 'running'].includes(skill.outcome.status)).length;
        const fraction = view.skills.length === 0 ? 1 : settled / view.skills.length;
        notification.report([libraryProgressText(view.skills), ...(queueText ? [queueText] : [])].join(' · '), fraction);
      };
      notification.show();
      report();
      const stopWatchingQueue = watchQueueStatus(queueStatus, (text) => {
        queueText = text;
        report();
      });
      // While a skill waits for a review the toast steps aside, as a single run's does:
      // it would sit over the bottom right of the editor, where appended proposals are.
      let reviewing = 0;
      const stepAside = (review: ReviewCallback): ReviewCallback => async (request, signal) => {
        if (reviewing++ === 0) notification.hide();
        try {
          return await review(request, signal);
        } finally {
          if (--reviewing === 0 && !abort.signal.aborted) notification.show();
        }
      };
      try {
        return await run({
          ...parts,
          signal: abort.signal,
          skillSignal: (skill) => this.skillStop(skill.skillPath).signal,
          onEvent: (event) => {
            if (event.type === 'training_event') git?.handle(event.runId, event.skillPath, event.event);
            this.handle(workspaceRoot, event, report);
          },
          review: (skill) => stepAside(this.trackerFor(workspaceRoot, skill.skillPath, skill.runId).review),
        });
      } finally {
        stopWatchingQueue();
        notification.dispose();
        await git?.finish();
      }
    })().then(
      async (result) => {
        this.settle({ libraryRunId, workspaceRoot, status: result.status, live: false, skills: result.skills, costUsd: result.costUsd });
        if (!this.closing) await this.forgetInterrupted();
        return result;
      },
      async (error: unknown) => {
        this.options.log.error(`Library run ${libraryRunId}: ${errorMessage(error)}`);
        this.settle({ ...this.current!, live: false, status: 'failed' });
        if (!this.closing) await this.forgetInterrupted();
        throw error;
      },
    );
    this.done = done;
    return done;
  }

  private skillStop(skillPath: string): AbortController {
    let stop = this.skillStops.get(skillPath);
    if (!stop) this.skillStops.set(skillPath, (stop = new AbortController()));
    return stop;
  }

  private settle(view: LibraryRunView): void {
    for (const tracked of this.tracked.values()) tracked.end('stopped');
    this.tracked.clear();
    this.skillStops.clear();
    this.current = view;
    this.abort = undefined;
    this.done = undefined;
    this.changeEmitter.fire(view);
    if (!this.closing) void vscode.commands.executeCommand('setContext', 'skillTrainer.libraryRunActive', false);
  }

  private handle(workspaceRoot: string, event: LibraryEvent, report: () => void): void {
    const view = this.current;
    if (!view) return;
    switch (event.type) {
      case 'library_started':
        this.current = { ...view, skills: event.skills };
        this.options.log.info(`Library run ${event.libraryRunId} ${event.resumed ? 'resumed' : 'started'}: ${event.skills.map((skill) => skill.name).join(', ')}`);
        break;
      case 'skill_changed': {
        this.current = { ...view, skills: view.skills.map((skill) => (skill.order === event.skill.order ? event.skill : skill)) };
        const outcome = event.skill.outcome;
        if (outcome.status === 'running') this.trackerFor(workspaceRoot, event.skill.skillPath, outcome.runId);
        else {
          if (outcome.status !== 'queued') this.options.log.info(`[${event.skill.name}] ${describeQueueSkill(event.skill)}`);
          this.endTracker(event.skill.skillPath, stateOfOutcome(outcome.status));
        }
        break;
      }
      case 'training_event':
        this.trackerFor(workspaceRoot, event.skillPath, event.runId).onEvent(event.event);
        return;
      case 'library_finished':
        return;
    }
    report();
    this.changeEmitter.fire(this.current);
  }

  private trackerFor(workspaceRoot: string, skillPath: string, runId: string): TrackedRun {
    let tracked = this.tracked.get(skillPath);
    if (!tracked) {
      tracked = this.options.runs.track({ runId, skillUri: vscode.Uri.file(skillPath), workspaceRoot }, () => this.skillStop(skillPath).abort());
      this.tracked.set(skillPath, tracked);
    }
    return tracked;
  }

  private endTracker(skillPath: string, state: SkillRunState): void {
    this.tracked.get(skillPath)?.end(state);
    this.tracked.delete(skillPath);
  }

  /** The window closes: the run stops at safe points and stays remembered, to be offered again. */
  dispose(): void {
    this.closing = true;
    this.abort?.abort();
    this.changeEmitter.dispose();
  }
}

function stateOfOutcome(status: LibrarySkillView['outcome']['status']): SkillRunState {
  if (status === 'failed') return 'failed';
  if (status === 'budget_stopped' || status === 'cancelled') return 'stopped';
  return 'idle';
}
