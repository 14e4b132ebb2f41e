/**
 * What the run controller tells the rest of the extension about training runs, and
 * how a reviewer plugs into gate mode `review`. The Checkpoints view and the score
 * trends webview listen to `onDidEmitEvent`; the inline review registers itself with
 * `setReviewHandler`. Plain types plus one small hub, so every view codes against
 * this file and never against the controller's internals.
 */
import * as vscode from 'vscode';
import type { ReviewDecision, ReviewRequest, TrainingEvent } from '../core/training';

/** Which run, of which skill, in which run store. */
export interface RunSubject {
  readonly runId: string;
  /** The `SKILL.md` being trained (the person's working file). */
  readonly skillUri: vscode.Uri;
  /**
   * The folder that holds `.skill-trainer/`: pass it to the store reader API
   * (`listRuns`, `readStepRecords`, `listCheckpoints`, …).
   */
  readonly workspaceRoot: string;
}

/** One trainer event, with the run it belongs to. */
export interface RunEventEnvelope extends RunSubject {
  readonly event: TrainingEvent;
}

/**
 * What a skill is doing, as the Skills view shows it.
 * - `training`: a run is in progress in this window;
 * - `paused`: a run waits for the person's review (gate mode `review`);
 * - `stopped`: the last run was stopped (cancel, budget, window closed) and can be resumed;
 * - `failed`: the last run failed;
 * - `idle`: nothing running, last run (if any) finished.
 */
export type SkillRunState = 'idle' | 'training' | 'paused' | 'stopped' | 'failed';

/** A skill's run state changed (a run started, paused, resumed, ended). */
export interface RunStateChange {
  readonly skillUri: vscode.Uri;
  readonly runId: string;
  readonly state: SkillRunState;
}

/** What a reviewer gets besides the trainer's request. */
export interface ReviewContext extends RunSubject {
  /** Aborted when the run is stopped while the review is open: close the review then. */
  readonly signal: AbortSignal;
}

/**
 * Decides a step in gate mode `review`: resolves with the indices of the selected
 * edits the person kept (`request.selectedEdits`). May take as long as the person needs.
 */
export type RunReviewHandler = (request: ReviewRequest, context: ReviewContext) => Promise<ReviewDecision>;

/** The run controller as the views see it. */
export interface TrainingRuns {
  /** Every trainer event of every run this window drives. */
  readonly onDidEmitEvent: vscode.Event<RunEventEnvelope>;
  readonly onDidChangeRunState: vscode.Event<RunStateChange>;
  /** The live state of a skill in this window (`idle` when no run of it is live). */
  stateOf(skillUri: vscode.Uri): SkillRunState;
  /** Runs in progress in this window. */
  activeRuns(): readonly RunSubject[];
  /** Installs the reviewer for gate mode `review`; dispose to remove it. One at a time. */
  setReviewHandler(handler: RunReviewHandler): vscode.Disposable;
  /** The folder holding the run store of a skill (its workspace folder, else the first one). */
  workspaceRootFor(skillUri: vscode.Uri): string | undefined;
}

/** The emitters behind {@link TrainingRuns}' events, owned by the controller. */
export class RunEventHub implements vscode.Disposable {
  private readonly eventEmitter = new vscode.EventEmitter<RunEventEnvelope>();
  private readonly stateEmitter = new vscode.EventEmitter<RunStateChange>();

  readonly onDidEmitEvent = this.eventEmitter.event;
  readonly onDidChangeRunState = this.stateEmitter.event;

  emitEvent(envelope: RunEventEnvelope): void {
    this.eventEmitter.fire(envelope);
  }

  emitState(change: RunStateChange): void {
    this.stateEmitter.fire(change);
  }

  dispose(): void {
    this.eventEmitter.dispose();
    this.stateEmitter.dispose();
  }
}
