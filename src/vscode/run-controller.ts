/**
 * Runs the core trainer in the extension host: one live run per skill, each with a
 * cancellable progress notification (closed while the run waits for a review), the
 * status-bar item, the log, and the events and states other views listen to. Runs live in the core run store, so a run a
 * closed window left behind is found again and resumed.
 */
import * as vscode from 'vscode';
import { raceAbort } from '../core/models';
import { newRunId } from '../core/store';
import type { EvalTask, Split } from '../core/tasks';
import {
  resumeTraining,
  startTraining,
  type ReviewCallback,
  type TrainingConfig,
  type TrainingEvent,
  type TrainingResult,
} from '../core/training';
import { openRunStore } from '../core/store';
import { uiErrorMessage } from './message-wording';
import { RunEventHub, type RunReviewHandler, type RunSubject, type SkillRunState, type TrainingRuns } from './run-events';
import type { RoleSpecs, RunModels } from './run-models';
import { watchQueueStatus } from './watch-queue-status';
import { RunNotification } from './run-notification';
import { RunProgress } from './run-progress';
import { workspaceRootFor } from './run-store-location';
import { gitCheckpointSyncFor } from './git-checkpoint-setting';
import { formatTrainingEvent } from './training-event-log';
import type { TrainingStatusBar } from './training-status-bar';
import { skillNameOf } from './skill-files';

/** How a run this window drove ended. */
export type RunOutcome =
  | { readonly kind: 'finished' | 'cancelled' | 'budget_stopped'; readonly subject: RunSubject; readonly result: TrainingResult }
  | { readonly kind: 'failed'; readonly subject: RunSubject; readonly message: string };

export interface StartRunInput {
  readonly skillUri: vscode.Uri;
  readonly skillText: string;
  readonly tasks: Record<Split, EvalTask[]>;
  readonly models: RunModels;
  readonly specs: RoleSpecs;
  readonly config: TrainingConfig;
  /** Workspace trust when the run starts (`javascript` assertions run only when true). */
  readonly trusted: boolean;
}

export interface ResumeRunInput {
  readonly runId: string;
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
  readonly models: RunModels;
  readonly gateMode: TrainingConfig['gate']['mode'];
}

/** A run already trains this skill in this window. */
export class RunInProgressError extends Error {
  constructor(readonly skillName: string, readonly runId: string) {
    super(`${skillName} is already training (run ${runId}). Stop it first ("Skill Trainer: Stop Training") or wait until it ends.`);
  }
}

/** A run another driver trains (a library run), shown like this window's own runs. */
export interface TrackedRun {
  /** Each of the run's trainer events: the log, the status bar, the views. */
  onEvent(event: TrainingEvent): void;
  /** The reviewer for gate mode `review` (the inline review), pausing the row meanwhile. */
  readonly review: ReviewCallback;
  /** The run ended (or was never started): its last state for the views. */
  end(state: SkillRunState): void;
}

/** workspaceState key: runs started in this workspace and not yet ended (a reload interrupts them). */
const LIVE_RUNS_KEY = 'skillTrainer.liveRuns';

interface LiveRun {
  readonly subject: RunSubject;
  readonly abort: AbortController;
  readonly progress: RunProgress;
  /** Absent for a tracked run (a library run's skill): its driver owns the one notification. */
  readonly notification?: RunNotification;
  state: Extract<SkillRunState, 'training' | 'paused'>;
  done?: Promise<RunOutcome>;
}

/** What the controller needs from the window. */
export interface RunControllerOptions {
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: TrainingStatusBar;
  /** The workspace's memento, for runs interrupted by a window reload. */
  readonly memento: vscode.Memento;
}

export class RunController implements TrainingRuns, vscode.Disposable {
  private readonly hub = new RunEventHub();
  private readonly live = new Map<string, LiveRun>();
  /** How the last run of each skill (by URI) ended in this window. */
  private readonly ended = new Map<string, SkillRunState>();
  private reviewHandler: RunReviewHandler | undefined;
  /** Set when the window closes: runs stopped then stay "interrupted", to be offered again. */
  private closing = false;

  readonly onDidEmitEvent = this.hub.onDidEmitEvent;
  readonly onDidChangeRunState = this.hub.onDidChangeRunState;

  constructor(private readonly options: RunControllerOptions) {}

  stateOf(skillUri: vscode.Uri): SkillRunState {
    const key = skillUri.toString();
    return this.live.get(key)?.state ?? this.ended.get(key) ?? 'idle';
  }

  activeRuns(): readonly RunSubject[] {
    return [...this.live.values()].map((run) => run.subject);
  }

  /** The live run of a skill, if any. */
  liveRunOf(skillUri: vscode.Uri): RunSubject | undefined {
    return this.live.get(skillUri.toString())?.subject;
  }

  isLive(runId: string): boolean {
    return [...this.live.values()].some((run) => run.subject.runId === runId);
  }

  hasReviewHandler(): boolean {
    return this.reviewHandler !== undefined;
  }

  setReviewHandler(handler: RunReviewHandler): vscode.Disposable {
    this.reviewHandler = handler;
    return new vscode.Disposable(() => {
      if (this.reviewHandler === handler) this.reviewHandler = undefined;
    });
  }

  workspaceRootFor(skillUri: vscode.Uri): string | undefined {
    return workspaceRootFor(skillUri);
  }

  /** Runs that a window reload (or crash) interrupted: started here, not ended, not live. */
  interruptedRunIds(): string[] {
    const recorded = this.options.memento.get<Record<string, unknown>>(LIVE_RUNS_KEY, {});
    return Object.keys(recorded).filter((runId) => !this.isLive(runId));
  }

  /** Forgets that a run was interrupted (it was resumed, or the person declined). */
  async forgetInterrupted(runId: string): Promise<void> {
    const recorded = { ...this.options.memento.get<Record<string, unknown>>(LIVE_RUNS_KEY, {}) };
    delete recorded[runId];
    await this.options.memento.update(LIVE_RUNS_KEY, recorded);
  }

  /** Starts training; resolves when the run ends. Throws RunInProgressError when the skill already trains. */
  start(input: StartRunInput): Promise<RunOutcome> {
    const workspaceRoot = this.requireRoot(input.skillUri);
    const subject: RunSubject = { runId: newRunId(), skillUri: input.skillUri, workspaceRoot };
    return this.drive(subject, input.config.gate.mode, input.models.queueStatus, (onEvent, review, signal) =>
      startTraining({
        runId: subject.runId,
        skillPath: input.skillUri.fsPath,
        skillText: input.skillText,
        tasks: input.tasks,
        models: input.models,
        store: openRunStore(workspaceRoot),
        config: input.config,
        trusted: input.trusted,
        modelSpecs: { target: input.specs.target, optimizer: input.specs.optimizer, judge: input.specs.judge, ...(input.models.embeddings?.default && { embedding: input.models.embeddings.default.spec }) },
        signal,
        review,
        onEvent,
      }),
    );
  }

  /** Continues a stopped run from its last finished unit of work; resolves when it ends. */
  resume(input: ResumeRunInput): Promise<RunOutcome> {
    const subject: RunSubject = { runId: input.runId, skillUri: input.skillUri, workspaceRoot: input.workspaceRoot };
    return this.drive(subject, input.gateMode, input.models.queueStatus, (onEvent, review, signal) =>
      resumeTraining({ runId: input.runId, store: openRunStore(input.workspaceRoot), models: input.models, signal, review, onEvent }),
    );
  }

  /**
   * Shows a run another driver trains (a skill of a library run) as this window's
   * runs are shown: Skills row, status bar, log, Checkpoints, inline review. It has no
   * notification of its own; Stop on it calls `onStop` (the driver stops its runs).
   * Throws RunInProgressError when the skill already trains in this window.
   */
  track(subject: RunSubject, onStop: () => void): TrackedRun {
    const key = subject.skillUri.toString();
    const skillName = skillNameOf(subject.skillUri);
    const existing = this.live.get(key);
    if (existing) throw new RunInProgressError(skillName, existing.subject.runId);
    const run: LiveRun = { subject, abort: new AbortController(), progress: new RunProgress(skillName), state: 'training' };
    run.abort.signal.addEventListener('abort', onStop, { once: true });
    this.live.set(key, run);
    this.ended.delete(key);
    this.setState(run, 'training');
    const report = () => this.refreshStatusBar();
    let ended = false;
    return {
      onEvent: (event) => {
        const line = formatTrainingEvent(skillName, event);
        this.options.log[line.level](line.message);
        if (run.progress.apply(event)) report();
        this.hub.emitEvent({ ...subject, event });
      },
      review: this.reviewCallback(run, report),
      end: (state) => {
        if (ended) return;
        ended = true;
        if (this.live.get(key) === run) this.live.delete(key);
        this.ended.set(key, state);
        this.hub.emitState({ skillUri: subject.skillUri, runId: subject.runId, state });
        this.refreshStatusBar();
        if (!this.closing) void vscode.commands.executeCommand('setContext', 'skillTrainer.trainingActive', this.live.size > 0);
      },
    };
  }

  /**
   * Stops live runs at their next safe point (all of them without an argument, else
   * the run of a skill URI or with a run id) and resolves with how they ended.
   */
  async stop(target?: vscode.Uri | string): Promise<RunOutcome[]> {
    const runs = [...this.live.values()].filter(
      (run) => target === undefined || (typeof target === 'string' ? run.subject.runId === target : run.subject.skillUri.toString() === target.toString()),
    );
    for (const run of runs) {
      this.options.log.info(`[${run.progress.skillName}] Stopping run ${run.subject.runId} at the next safe point…`);
      run.abort.abort();
    }
    const ended = await Promise.allSettled(runs.flatMap((run) => (run.done ? [run.done] : [])));
    return ended.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  private requireRoot(skillUri: vscode.Uri): string {
    const root = workspaceRootFor(skillUri);
    if (!root) throw new Error('Skill Trainer keeps runs in the workspace: open a folder first, then train the skill.');
    return root;
  }

  private drive(
    subject: RunSubject,
    gateMode: TrainingConfig['gate']['mode'],
    queueStatus: RunModels['queueStatus'],
    train: (onEvent: (event: TrainingEvent) => void, review: ReviewCallback | undefined, signal: AbortSignal) => Promise<TrainingResult>,
  ): Promise<RunOutcome> {
    const key = subject.skillUri.toString();
    const skillName = skillNameOf(subject.skillUri);
    const existing = this.live.get(key);
    if (existing) throw new RunInProgressError(skillName, existing.subject.runId);
    const abort = new AbortController();
    const run: LiveRun = { subject, abort, progress: new RunProgress(skillName), notification: new RunNotification(`Training ${skillName}`, () => abort.abort()), state: 'training' };
    this.live.set(key, run);
    this.ended.delete(key);
    this.setState(run, 'training');
    const git = gitCheckpointSyncFor(subject.skillUri, subject.workspaceRoot, this.options.log);
    run.done = this.withNotification(run, queueStatus, async (report) => {
      const onEvent = (event: TrainingEvent) => {
        const line = formatTrainingEvent(skillName, event);
        this.options.log[line.level](line.message);
        if (run.progress.apply(event)) report();
        git?.handle(subject.runId, subject.skillUri.fsPath, event);
        this.hub.emitEvent({ ...subject, event });
      };
      try {
        return await train(onEvent, gateMode === 'review' ? this.reviewCallback(run, report) : undefined, run.abort.signal);
      } finally {
        // Whatever the run kept (finished, stopped or failed) is on its branch before the run counts as ended.
        await git?.finish();
      }
    }).then(
      (outcome) => this.finish(run, outcome),
      async (error: unknown) => {
        await this.discard(run);
        throw error;
      },
    );
    void this.rememberLive(subject);
    return run.done;
  }

  /**
   * Gate mode `review`: hands each step to the review handler; the run shows as paused
   * meanwhile, and its notification steps aside (the review lives in the editor's
   * CodeLens and the status bar, and a toast would cover appended proposals).
   */
  private reviewCallback(run: LiveRun, report: () => void): ReviewCallback {
    return async (request, signal) => {
      const handler = this.reviewHandler;
      if (!handler) {
        throw new Error('Gate mode "review" needs the inline review, which is not available in this window. Set skillTrainer.gate.mode to "auto", or reload the window.');
      }
      run.progress.waitingForReview = true;
      run.progress.reviewingSlowUpdate = request.kind === 'slow_update';
      this.setState(run, 'paused');
      report();
      run.notification?.hide();
      const reviewSignal = signal ?? run.abort.signal;
      try {
        // A reviewer that ignores the signal must not keep a stopped run alive.
        return await raceAbort(handler(request, { ...run.subject, signal: reviewSignal }), reviewSignal);
      } finally {
        run.progress.waitingForReview = false;
        if (this.live.get(run.subject.skillUri.toString()) === run) this.setState(run, 'training');
        if (!run.abort.signal.aborted) run.notification?.show();
        report();
      }
    };
  }

  private async withNotification(run: LiveRun, queueStatus: RunModels['queueStatus'], work: (report: () => void) => Promise<TrainingResult>): Promise<RunOutcome> {
    // The notification and the status bar are written together from the same state, so they never disagree.
    const report = () => {
      run.notification?.report(`${run.progress.position()} — ${run.progress.scores()}`, run.progress.fraction);
      this.refreshStatusBar();
    };
    run.notification?.show();
    report();
    const stopWatchingQueue = watchQueueStatus(queueStatus, (text) => {
      run.progress.queue = text;
      report();
    });
    try {
      const result = await work(report);
      return { kind: result.status, subject: run.subject, result } satisfies RunOutcome;
    } catch (error) {
      // The trainer refused the setup before anything ran: the caller says what to fix.
      if ((error as { code?: string }).code === 'training_setup_invalid') throw error;
      // In VS Code's words: settings and the Resume Training command, not CLI flags.
      const message = uiErrorMessage(error);
      this.options.log.error(`[${run.progress.skillName}] ${message}`);
      return { kind: 'failed', subject: run.subject, message } satisfies RunOutcome;
    } finally {
      run.notification?.dispose();
      stopWatchingQueue();
    }
  }

  private async finish(run: LiveRun, outcome: RunOutcome): Promise<RunOutcome> {
    const key = run.subject.skillUri.toString();
    if (this.live.get(key) === run) this.live.delete(key);
    const state: SkillRunState = outcome.kind === 'failed' ? 'failed' : outcome.kind === 'finished' ? 'idle' : 'stopped';
    this.ended.set(key, state);
    this.hub.emitState({ skillUri: run.subject.skillUri, runId: run.subject.runId, state });
    this.refreshStatusBar();
    if (this.closing) return outcome;
    await vscode.commands.executeCommand('setContext', 'skillTrainer.trainingActive', this.live.size > 0);
    // It ended in this window: no longer "interrupted by a reload" (a stopped run stays resumable through the store).
    await this.forgetInterrupted(run.subject.runId);
    return outcome;
  }

  /** Forgets a run that never started (its setup was refused). */
  private async discard(run: LiveRun): Promise<void> {
    const key = run.subject.skillUri.toString();
    if (this.live.get(key) === run) this.live.delete(key);
    this.hub.emitState({ skillUri: run.subject.skillUri, runId: run.subject.runId, state: this.stateOf(run.subject.skillUri) });
    this.refreshStatusBar();
    await vscode.commands.executeCommand('setContext', 'skillTrainer.trainingActive', this.live.size > 0);
    await this.forgetInterrupted(run.subject.runId);
  }

  private setState(run: LiveRun, state: LiveRun['state']): void {
    run.state = state;
    this.hub.emitState({ skillUri: run.subject.skillUri, runId: run.subject.runId, state });
    void vscode.commands.executeCommand('setContext', 'skillTrainer.trainingActive', this.live.size > 0);
    this.refreshStatusBar();
  }

  private refreshStatusBar(): void {
    this.options.statusBar.show([...this.live.values()].map((run) => run.progress));
  }

  private async rememberLive(subject: RunSubject): Promise<void> {
    const recorded = { ...this.options.memento.get<Record<string, unknown>>(LIVE_RUNS_KEY, {}) };
    recorded[subject.runId] = { skillUri: subject.skillUri.toString(), workspaceRoot: subject.workspaceRoot };
    await this.options.memento.update(LIVE_RUNS_KEY, recorded);
  }

  /**
   * The window closes: every live run stops at a safe point and stays resumable; the
   * next window offers to resume it (see `interruptedRunIds`).
   */
  dispose(): void {
    this.closing = true;
    for (const run of this.live.values()) run.abort.abort();
    this.hub.dispose();
  }
}
