/**
 * The live context of a run: models wrapped by the call journal, the state, the run's
 * files, events and the helpers every phase uses (scoring a skill on a split, writing
 * checkpoints, committing a unit of work).
 */
import type { ChatModel } from '../models/chat-model';
import { memoizeEmbeddings } from '../models/embeddings/memoize-embeddings';
import { mapEmbeddingModels, type EmbeddingModels } from '../scoring/similarity/embedding-models';
import type { TaskFile } from '../evaluation/rollout-request';
import { readTaskFiles } from '../evaluation/task-files';
import { skillContentHash } from '../skill/skill-content-hash';
import type { EvalTask, Split } from '../tasks/eval-task';
import type { CheckpointMeta, RolloutRecord, RunIndexEntry, StepRecord, ValidationScores } from '../store/run-records';
import type { RunFiles } from '../store/run-store';
import { CallJournal } from './call-journal';
import { OptimizerPromptLog } from './optimizer-prompt-log';
import { withRoleCallOptions } from './role-call-options';
import { runCostUsd } from './run-spend';
import type { ReviewCallback } from './review-gate';
import { taskScoresInMetric } from './gate-decision';
import { SCORE_TIE, type TaskScores } from './gate-rule';
import { LeakageIndex } from './leakage-guard';
import { meanScoresByTask, rolloutTasks, scoreSplit, type RolloutResult } from './rollout-stage';
import type { TrainerState } from './trainer-state';
import { stepsPerEpoch, type TrainingConfig } from './training-config';
import type { TrainingEvent, TrainingEventListener } from './training-events';
import { UsageAccounting } from './usage-accounting';
import { validationCacheKey, validationSplitForEpoch } from './validation-rotation';

/** The three roles of a run. The judge may be left out when no task has rubric criteria. */
export interface TrainingModels {
  target: ChatModel;
  optimizer: ChatModel;
  judge?: ChatModel;
  /** Decide `similar` checks by embeddings (see `createEmbeddingModels`); absent: the judge grades them. */
  embeddings?: EmbeddingModels;
}

export interface SessionInit {
  run: RunFiles;
  state: TrainerState;
  config: TrainingConfig;
  tasks: Record<Split, EvalTask[]>;
  models: TrainingModels;
  skillName: string;
  skillPath: string;
  skillDirectory: string;
  trusted: boolean;
  signal?: AbortSignal;
  review?: ReviewCallback;
  onEvent?: TrainingEventListener;
}

export class TrainingSession {
  readonly run: RunFiles;
  readonly state: TrainerState;
  readonly config: TrainingConfig;
  readonly tasks: Record<Split, EvalTask[]>;
  readonly skillName: string;
  readonly skillPath: string;
  readonly skillDirectory: string;
  readonly trusted: boolean;
  readonly signal?: AbortSignal;
  readonly review?: ReviewCallback;
  readonly accounting: UsageAccounting;
  models!: Required<Pick<TrainingModels, 'target' | 'optimizer'>> & Pick<TrainingModels, 'judge' | 'embeddings'>;
  journal!: CallJournal;
  /** The optimizer's prompts as sent, deduplicated, in the run folder. */
  promptLog!: OptimizerPromptLog;
  /**
   * Rollout records of the unit in progress, written when it commits; one slot per
   * rollout, in the order the rollouts started, so parallel rollouts log in a fixed order.
   */
  private pendingRollouts: RolloutRecord[][] = [];
  /** Input files by task id, read once per run. */
  private readonly taskFiles = new Map<string, Promise<TaskFile[]>>();
  /** Each epoch's split (rotated validation), computed once. */
  private readonly epochSplits = new Map<number, Record<Split, EvalTask[]>>();
  private leakage?: LeakageIndex;
  private readonly listener?: TrainingEventListener;

  constructor(init: SessionInit) {
    this.run = init.run;
    this.state = init.state;
    this.config = init.config;
    this.tasks = init.tasks;
    this.skillName = init.skillName;
    this.skillPath = init.skillPath;
    this.skillDirectory = init.skillDirectory;
    this.trusted = init.trusted;
    this.signal = init.signal;
    this.review = init.review;
    this.listener = init.onEvent;
    this.accounting = new UsageAccounting(init.state.usage);
  }

  /** Opens the journal and wraps the models so every call is journaled and accounted. */
  async attachModels(models: TrainingModels): Promise<void> {
    this.journal = await CallJournal.open(this.run.path('calls.jsonl'), (message) => this.emit({ type: 'warning', message }));
    this.promptLog = await OptimizerPromptLog.open(this.run, () => this.journal.currentUnit);
    const onCall = (call: Parameters<Parameters<CallJournal['wrap']>[2]>[0]) => {
      this.accounting.record(call);
      this.emit({
        type: 'usage',
        role: call.role,
        label: call.label,
        inputTokens: call.usage.inputTokens,
        outputTokens: call.usage.outputTokens,
        costUsd: call.replayed ? 0 : call.usage.costUsd,
        replayed: call.replayed,
        totalCostUsd: this.costFields().costUsd,
      });
    };
    // Every training call is a fresh sample unless the run asks for the shared cache.
    const options = { freshSamples: !this.config.cacheTrainingCalls };
    // Each role's effort, output limit and temperature go in before the journal keys the call.
    const roles = this.config.roles;
    this.models = {
      target: withRoleCallOptions(this.journal.wrap(models.target, 'target', onCall, options), roles.target),
      optimizer: withRoleCallOptions(this.journal.wrap(this.promptLog.wrap(models.optimizer), 'optimizer', onCall, options), roles.optimizer),
      judge: models.judge ? withRoleCallOptions(this.journal.wrap(models.judge, 'judge', onCall, options), roles.judge) : undefined,
      // Journaled for resume (a text's vector is the same in every session), memoized above the journal so repeats cost nothing.
      embeddings: mapEmbeddingModels(models.embeddings, (model) => memoizeEmbeddings(this.journal.wrapEmbedding(model, 'judge', onCall))),
    };
  }

  /** Rollouts running now, by phase and step, for their summed progress (see progressOf). */
  private readonly progressGroups = new Map<string, { done: number[]; totals: number[]; running: number }>();

  emit(event: TrainingEvent): void {
    try {
      this.listener?.(event);
    } catch {
      // A listener's bug must not stop training.
    }
  }

  get totalSteps(): number {
    return this.config.epochs * this.stepsPerEpoch;
  }

  get stepsPerEpoch(): number {
    return stepsPerEpoch(this.tasks.train.length, this.config.batchSize, this.config.accumulation);
  }

  /**
   * The split an epoch trains and validates on: the run's own, or with
   * `rotateValidation` the epoch's rotated one (same sizes; the test split never changes).
   */
  tasksOf(epoch: number): Record<Split, EvalTask[]> {
    let split = this.epochSplits.get(epoch);
    if (!split) this.epochSplits.set(epoch, (split = validationSplitForEpoch(this.tasks, epoch, { rotate: this.config.rotateValidation, seed: this.config.seed })));
    return split;
  }

  /** The task text the leakage guard looks for copies of: every train and validation task (never test). */
  get leakageIndex(): LeakageIndex {
    return (this.leakage ??= LeakageIndex.fromTasks(this.tasks));
  }

  /** Runs tasks with a skill, reports progress, and keeps their rollout records for the commit. */
  async rollout(options: {
    skill: string;
    tasks: readonly EvalTask[];
    phase: RolloutRecord['phase'];
    /** The stage its calls are accounted under; by default the phase's (`train` → `rollout`). */
    stage?: string;
    epoch: number;
    step: number;
    strict: boolean;
    what: string;
    /** Which sample of each task this is (repeated trials); recorded as the trial when `trials` > 1. */
    sampleIndex?: number;
    trials?: number;
    /** Tasks in flight for this rollout; by default `rolloutConcurrency`. */
    concurrency?: number;
  }): Promise<RolloutResult[]> {
    this.accounting.phase = options.stage ?? (options.phase === 'train' ? 'rollout' : options.phase);
    const slot: RolloutRecord[] = [];
    this.pendingRollouts.push(slot);
    const progress = this.progressOf(options);
    const common = {
      skillName: this.skillName,
      skillText: options.skill,
      tasks: options.tasks,
      target: this.models.target,
      judge: this.models.judge,
      embeddings: this.models.embeddings,
      trusted: this.trusted,
      concurrency: options.concurrency ?? this.config.rolloutConcurrency,
      skillDirectory: this.skillDirectory,
      signal: this.signal,
      sampleIndex: options.sampleIndex,
      onProgress: (done: number, total: number) => progress.report(done, total),
    };
    let results: RolloutResult[];
    try {
      if (options.strict) {
        results = (await scoreSplit(common, options.what)).results;
      } else {
        const outcome = await rolloutTasks(common);
        for (const failure of outcome.failures) {
          this.emit({ type: 'warning', message: `Task '${failure.taskId}' was left out of the ${options.what}: its ${failure.stage} call failed (${failure.error.message}).` });
        }
        results = outcome.results;
      }
    } finally {
      progress.end();
    }
    await this.attachInputFiles(results);
    this.warnOfSkippedAgentOutput(results, options.what);
    const skillHash = skillContentHash(options.skill);
    for (const result of results) {
      slot.push({
        phase: options.phase,
        step: options.step,
        epoch: options.epoch,
        skillHash,
        taskId: result.task.id,
        ...((options.trials ?? 1) > 1 ? { trial: options.sampleIndex ?? 0 } : {}),
        output: result.output,
        ...(result.trajectory ? { trajectory: result.trajectory } : {}),
        hard: result.score.hard,
        soft: result.score.soft,
        checks: result.score.checks,
      });
    }
    return results;
  }

  /**
   * The progress of one rollout. Rollouts of the same phase and step that run at once
   * (the test split's skills, an epoch comparison's two skills, accumulated batches)
   * count together: each event says their summed done and total, so the count never
   * goes backwards as their reports interleave.
   */
  private progressOf(options: { tasks: readonly EvalTask[]; phase: RolloutRecord['phase']; epoch: number; step: number }): { report(done: number, total: number): void; end(): void } {
    const key = `${options.phase}|${options.epoch}|${options.step}`;
    const group = this.progressGroups.get(key) ?? { done: [] as number[], totals: [] as number[], running: 0 };
    this.progressGroups.set(key, group);
    const index = group.done.push(0) - 1;
    group.totals.push(options.tasks.length);
    group.running += 1;
    const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
    return {
      report: (done, total) => {
        group.done[index] = done;
        group.totals[index] = total;
        this.emit({ type: 'rollout_progress', phase: options.phase, done: sum(group.done), total: sum(group.totals), epoch: options.epoch, step: options.step });
      },
      end: () => {
        group.running -= 1;
        if (group.running === 0 && this.progressGroups.get(key) === group) this.progressGroups.delete(key);
      },
    };
  }

  /**
   * One warning per rollout when the agent CLI printed lines its adapter could not read:
   * they were skipped, so the trajectories the optimizer sees may miss steps.
   */
  private warnOfSkippedAgentOutput(results: readonly RolloutResult[], what: string): void {
    const affected = results.filter((result) => (result.trajectory?.skippedLines ?? 0) > 0);
    if (affected.length === 0) return;
    const lines = affected.reduce((sum, result) => sum + result.trajectory!.skippedLines, 0);
    this.emit({
      type: 'warning',
      message:
        `${this.models.target.spec} printed ${lines} line(s) that could not be read as session events in ${affected.length} task(s) of the ${what} ` +
        `(first: task '${affected[0].task.id}'); they were skipped, so those trajectories may miss steps. ` +
        'If this repeats, check that the agent CLI is a release whose JSON output the trainer reads (update it, or report its output).',
    });
  }

  /** Adds each task's input files to its results, so the optimizer sees what the target saw. */
  private async attachInputFiles(results: RolloutResult[]): Promise<void> {
    for (const result of results) {
      if (!result.task.files?.length) continue;
      let files = this.taskFiles.get(result.task.id);
      // The rollout already read them; a file that vanished since only leaves the evidence shorter.
      if (!files) this.taskFiles.set(result.task.id, (files = readTaskFiles(this.skillDirectory, result.task).catch(() => [])));
      result.files = await files;
    }
  }

  /** The validation-cache key of a skill hash on an epoch's validation set. */
  validationKey(hash: string, epoch: number): string {
    return validationCacheKey(hash, this.tasksOf(epoch).val, this.tasks.val);
  }

  /** Validation scores of a skill on an epoch's validation set, from the cache when this exact text was scored on it before. */
  async validate(skill: string, hash: string, epoch: number, step: number): Promise<ValidationScores> {
    const key = this.validationKey(hash, epoch);
    const cached = this.state.validationCache[key];
    if (cached) return cached;
    const scores = await this.scoreWithTrials({ skill, tasks: this.tasksOf(epoch).val, phase: 'validation', epoch, step, what: 'validation split' });
    this.state.validationCache[key] = scores;
    return scores;
  }

  /**
   * Scores every task of a split `gate.trials` times, each trial a fresh sample (its own
   * sample index), all trials at once within the rollout concurrency. Every task must be
   * scored. Returns the means over tasks and each task's mean over its trials.
   */
  async scoreWithTrials(options: { skill: string; tasks: readonly EvalTask[]; phase: 'validation' | 'test'; epoch: number; step: number; what: string }): Promise<ValidationScores> {
    const trials = this.config.gate.trials;
    // The trials run at once in the same phase and step, so their progress counts together (progressOf).
    const runs = await Promise.all(
      Array.from({ length: trials }, (_, trial) =>
        this.rollout({
          ...options,
          strict: true,
          sampleIndex: trial,
          trials,
          concurrency: Math.max(1, Math.ceil(this.config.rolloutConcurrency / trials)),
        }),
      ),
    );
    return meanScoresByTask(runs.flat());
  }

  /** The current skill's per-task validation scores in the gate metric, for the per-task rules. */
  currentTaskScores(): TaskScores | undefined {
    const key = this.state.currentValidationKey;
    return taskScoresInMetric(key === undefined ? undefined : this.state.validationCache[key], this.config.gate.metric, this.config.gate.mixedWeight);
  }

  /**
   * Makes an accepted skill the current one, with the score and validation set it was
   * judged on (the epoch's); it is also the best when it scores above the best.
   */
  adopt(skill: string, score: number, epoch: number, step: number): void {
    const { state } = this;
    const key = this.validationKey(skillContentHash(skill), epoch);
    state.currentSkill = skill;
    state.currentScore = score;
    state.currentScoreUnvalidated = false;
    state.currentValidationKey = key;
    if (score > state.bestScore + SCORE_TIE) {
      state.bestSkill = skill;
      state.bestScore = score;
      state.bestStep = step;
      state.bestValidationKey = key;
    }
  }

  async writeCheckpoint(file: string, skill: string, meta: Omit<CheckpointMeta, 'createdAt' | 'skillHash'>): Promise<string> {
    const path = await this.run.writeCheckpoint(file, skill, { ...meta, skillHash: skillContentHash(skill), createdAt: new Date().toISOString() });
    this.emit({ type: 'checkpoint_written', step: meta.step, file: path, kind: meta.kind });
    return path;
  }

  /**
   * Ends a unit of work: its records are appended, then the state (with the new log
   * sizes) replaces state.json atomically. A crash before the state write leaves the
   * previous state, and resume drops the records appended after it.
   */
  async commit(records: StepRecord[]): Promise<void> {
    const usage = this.accounting.takeStages();
    for (const record of records) if (record.kind !== 'step' && record.usage === undefined && Object.keys(usage).length > 0) record.usage = usage;
    await this.run.appendSteps(records);
    await this.run.appendRollouts(this.pendingRollouts.flat());
    this.pendingRollouts = [];
    await this.journal.flush();
    await this.promptLog.flush();
    this.state.logOffsets = await this.run.logOffsets();
    await this.run.writeState(this.state);
    await this.run.updateIndex({
      stepsDone: this.state.globalStep,
      bestValidationScore: this.state.bestScore >= 0 ? this.state.bestScore : undefined,
      baselineScore: this.state.baselineScore,
      ...this.costFields(),
    });
  }

  /**
   * The run's cost for the index and the result: what its journal says the provider
   * billed in every session, calls possibly billed at a crash included and named.
   */
  costFields(): Pick<RunIndexEntry, 'costUsd' | 'possiblyBilledCalls' | 'possiblyBilledUsd'> {
    // Before the journal is open (the run failed while starting) nothing was called.
    if (!this.journal) return { costUsd: this.state.usage.costUsd };
    const spend = this.journal.spend;
    const possibly = spend.possiblyBilled;
    return { costUsd: runCostUsd(spend), ...(possibly.calls > 0 ? { possiblyBilledCalls: possibly.calls, possiblyBilledUsd: possibly.costUsd } : {}) };
  }

  /** Throws CallAbortedError-like cancellation at a safe point. */
  checkpointSafePoint(): void {
    if (this.signal?.aborted) throw new RunCancelled();
  }
}

/** Raised at a safe point after the signal fired. */
export class RunCancelled extends Error {
  constructor() {
    super('Training was cancelled.');
  }
}
