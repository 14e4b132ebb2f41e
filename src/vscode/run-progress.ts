import type { TrainingEvent, TrainingStage } from '../core/training';
import { formatCost, formatScore } from './training-event-log';

/** Rollout phases in words ("test 4/6" is the test split being scored). */
const ROLLOUT_WORDS: Record<string, string> = { train: 'train tasks', validation: 'validating', slow_update: 'slow update', test: 'test split' };

/**
 * Where a live run stands, folded from its trainer events: what the progress
 * notification and the status-bar item show.
 */
export class RunProgress {
  epoch = 0;
  epochs = 0;
  /** Global step in progress (1-based); 0 before the first step. */
  step = 0;
  totalSteps = 0;
  stepsDone = 0;
  stage: TrainingStage | 'starting' = 'starting';
  /** Validation score (gate metric) of the current and the best skill, 0..1. */
  currentScore: number | undefined;
  bestScore: number | undefined;
  /** USD so far; null once a call's price was unknown. */
  costUsd: number | null = 0;
  rollouts: { done: number; total: number; phase: string; step: number } | undefined;
  waitingForReview = false;
  /** While waiting for a review: true when it is the epoch's slow update, not a step. */
  reviewingSlowUpdate = false;

  constructor(readonly skillName: string) {}

  /** Folds one event in; returns true when what is shown changed. */
  apply(event: TrainingEvent): boolean {
    switch (event.type) {
      case 'run_started':
        this.totalSteps = event.totalSteps;
        this.epochs = event.epochs;
        return true;
      case 'stage_started':
        this.stage = event.stage;
        this.epoch = event.epoch;
        this.rollouts = undefined;
        this.waitingForReview = event.stage === 'review';
        return true;
      case 'step_started':
        this.step = event.step;
        this.epoch = event.epoch;
        this.totalSteps = event.totalSteps;
        return true;
      case 'rollout_progress': {
        // A late report of the same rollout never moves the count back.
        const same = this.rollouts && this.rollouts.phase === event.phase && this.rollouts.total === event.total && this.rollouts.step === event.step;
        if (same && event.done < this.rollouts!.done) return false;
        this.rollouts = { done: event.done, total: event.total, phase: event.phase, step: event.step };
        return true;
      }
      case 'baseline_scored':
        this.currentScore = event.gateScore;
        this.bestScore = event.gateScore;
        return true;
      case 'gate_decision':
        this.currentScore = event.scoreAfter;
        this.bestScore = event.bestScore;
        this.stepsDone = Math.max(this.stepsDone, event.step);
        this.waitingForReview = false;
        return true;
      case 'usage':
        this.costUsd = event.totalCostUsd;
        return false;
      case 'run_finished':
        this.bestScore = event.bestScore;
        this.stepsDone = this.totalSteps;
        return true;
      default:
        return false;
    }
  }

  /** 0..1 of the run done, by steps (the baseline and epoch ends are small in comparison). */
  get fraction(): number {
    return this.totalSteps > 0 ? Math.min(1, this.stepsDone / this.totalSteps) : 0;
  }

  /** "epoch 1/4 · step 2/8 · validating 3/6": where the run is (the notification). */
  position(): string {
    if (this.step === 0) return `scoring the baseline${this.rolloutCount()}`;
    return [`epoch ${this.epoch}/${this.epochs}`, `step ${this.step}/${this.totalSteps}`, this.activity()].join(' · ');
  }

  /** "E1 S2/8 · validating 3/6": the same, short (the status bar). */
  shortPosition(): string {
    if (this.step === 0) return `baseline${this.rolloutCount()}`;
    return `E${this.epoch} S${this.step}/${this.totalSteps} · ${this.activity()}`;
  }

  /** What the run does now: waiting for a review, a rollout with its count, or the stage. */
  private activity(): string {
    if (this.waitingForReview) return this.reviewingSlowUpdate ? 'waiting for your review of the slow update' : 'waiting for your review';
    if (this.rollouts) return `${ROLLOUT_WORDS[this.rollouts.phase] ?? this.rollouts.phase} ${this.rollouts.done}/${this.rollouts.total}`;
    return this.stage.replace('_', ' ');
  }

  private rolloutCount(): string {
    return this.rollouts ? ` ${this.rollouts.done}/${this.rollouts.total}` : '';
  }

  /** "val 0.62 · best 0.70 · $0.03": how it is doing. */
  scores(): string {
    return `val ${formatScore(this.currentScore)} · best ${formatScore(this.bestScore)} · ${formatCost(this.costUsd)}`;
  }
}
