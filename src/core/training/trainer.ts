/**
 * The trainer's entry points. A run is a function of (skill text, tasks, models, run
 * store, config, abort signal, review callback): `startTraining` creates the run in the
 * store and trains; `resumeTraining` continues a stopped run from its last finished
 * unit of work. Both report through a typed event stream and return how the run ended.
 */
import { basename, dirname } from 'node:path';
import { CLI_WORDING, SkillTrainerError, messageParts, wordMessage, type MessagePart } from '../errors';
import { CallAbortedError } from '../models/model-errors';
import { metricValue } from '../scoring/aggregate-scores';
import { skillContentHash } from '../skill/skill-content-hash';
import type { EvalTask, Split } from '../tasks/eval-task';
import type { RunStatus, ScorePair } from '../store/run-records';
import { checkpointFileName, newRunId, type RunFiles, type RunStore } from '../store/run-store';
import { trainedSkillPath } from '../store/run-reader';
import { runEpochEnd } from './epoch-end';
import { runFinalEvaluation } from './final-evaluation';
import type { ReviewCallback } from './review-gate';
import { repairRunLogs } from './rebuild-run-logs';
import { readResumableRun } from './resumable-run';
import { initialState, type TrainerState } from './trainer-state';
import { checkSetup, checkSkillFrontmatter, TrainingSetupError } from './training-setup';
import { resolveTrainingConfig, stepsPerEpoch, type TrainingConfig } from './training-config';
import type { TrainingEventListener } from './training-events';
import type { TestSplitStatement } from './test-split-statement';
import { RunCancelled, TrainingSession, type TrainingModels } from './training-session';
import { runTrainingStep } from './training-step';

export interface StartTrainingInput {
  /** Path of the SKILL.md being trained (its folder name is the skill's name). */
  skillPath: string;
  skillText: string;
  /** The tasks by split (see `splitTasks`). */
  tasks: Record<Split, EvalTask[]>;
  models: TrainingModels;
  store: RunStore;
  config?: TrainingConfig;
  /** Workspace trust: `javascript` assertions run only when true. */
  trusted: boolean;
  signal?: AbortSignal;
  /** Required when `config.gate.mode` is `review`. */
  review?: ReviewCallback;
  onEvent?: TrainingEventListener;
  /** Model specs recorded in config.json (defaults to the models' own specs). */
  modelSpecs?: { target: string; optimizer: string; judge?: string; embedding?: string };
  runId?: string;
}

export interface ResumeTrainingInput {
  runId: string;
  store: RunStore;
  models: TrainingModels;
  signal?: AbortSignal;
  review?: ReviewCallback;
  onEvent?: TrainingEventListener;
}

/** How a run ended. Failures other than cancel and budget are thrown after being recorded. */
export interface TrainingResult {
  runId: string;
  status: Extract<RunStatus, 'finished' | 'cancelled' | 'budget_stopped'>;
  runDir: string;
  /** Where the best skill was written (finished runs). */
  trainedSkillPath?: string;
  baselineScore?: number;
  bestScore: number;
  /** The step whose skill is the best; the last step when `bestIsFinal`. */
  bestStep: number;
  /**
   * True when the best skill is the final one: the skill after the last slow update,
   * validated at the end of the run, beat every step's (finished runs; absent otherwise).
   */
  bestIsFinal?: boolean;
  stepsDone: number;
  test?: { baseline: ScorePair; best: ScorePair; final: ScorePair; count: number };
  /** What the run says about its test split (finished runs). */
  testSplit?: TestSplitStatement;
  costUsd: number | null;
  /** Calls in flight when an earlier session of the run stopped, which may have been billed; their estimate is in `costUsd`. */
  possiblyBilledCalls?: number;
  possiblyBilledUsd?: number;
  /** Calls this session answered from the run's journal, for free (resumed runs). */
  replayedCalls?: number;
  /** For stopped runs: what happened and how to resume (the command line's wording). */
  message?: string;
  /** `message` as parts, for a front end to word its options and resume step (see `wordMessage`). */
  messageParts?: readonly MessagePart[];
}

/** What config.json holds: the resolved configuration, never a secret. */
export interface RunConfigFile {
  version: 1;
  skillPath: string;
  skillName: string;
  trusted: boolean;
  /** `embedding`: the model named for `similar` checks (the suite's own are read from its tasks again). */
  models: { target: string; optimizer: string; judge?: string; embedding?: string };
  training: TrainingConfig;
  createdAt: string;
}

/**
 * A run stopped by an error (a missing key, an incomplete validation, ...). It keeps the
 * cause's code and adds how to resume; the cause is in `cause`.
 */
export class TrainingFailedError extends SkillTrainerError {
  readonly runId: string;

  constructor(runId: string, cause: SkillTrainerError, message: string | readonly MessagePart[]) {
    super(cause.code, message, { cause });
    this.runId = runId;
  }
}

export async function startTraining(input: StartTrainingInput): Promise<TrainingResult> {
  const config = input.config ?? resolveTrainingConfig();
  checkSetup(input.tasks, config, input.models, input.review);
  checkSkillFrontmatter(input.skillPath, input.skillText);
  const skillDirectory = dirname(input.skillPath);
  const skillName = basename(skillDirectory);
  const embedding = input.models.embeddings?.default?.spec;
  const models = input.modelSpecs ?? { target: input.models.target.spec, optimizer: input.models.optimizer.spec, judge: input.models.judge?.spec, ...(embedding && { embedding }) };
  const epochSteps = stepsPerEpoch(input.tasks.train.length, config.batchSize, config.accumulation);
  // The lock comes first, so a refused run leaves nothing behind.
  const runId = input.runId ?? newRunId();
  const release = await input.store.lockSkill(input.skillPath, runId);
  const configFile: RunConfigFile = { version: 1, skillPath: input.skillPath, skillName, trusted: input.trusted, models, training: config, createdAt: new Date().toISOString() };
  const state = initialState(input.skillText);
  let run: RunFiles;
  try {
    run = await input.store.createRun(
      {
        skillPath: input.skillPath,
        skillName,
        status: 'running',
        startedAt: new Date().toISOString(),
        gateMetric: config.gate.metric,
        costUsd: 0,
        stepsDone: 0,
        totalSteps: epochSteps * config.epochs,
        models,
      },
      runId,
      async (created) => {
        await created.writeConfig(configFile);
        await created.writeJson('tasks.json', input.tasks);
        await created.writeState(state);
      },
    );
  } catch (error) {
    await release();
    throw error;
  }
  return train(run, configFile, input.tasks, state, { ...input, resumed: false }, release);
}

export async function resumeTraining(input: ResumeTrainingInput): Promise<TrainingResult> {
  const run = await input.store.openRun(input.runId);
  const { configFile, tasks, state } = await readResumableRun(run, (message) => input.onEvent?.({ type: 'warning', message }));
  const config = resolveTrainingConfig(configFile.training);
  checkSetup(tasks, config, input.models, input.review);
  if (state.cursor.phase === 'done') {
    throw new TrainingSetupError(`Run ${input.runId} has already finished; its trained skill is in ${run.path('trained', 'SKILL.md')}.`);
  }
  const warn = (message: string) => input.onEvent?.({ type: 'warning', message });
  // The lock first: repairing and rewinding the logs is the run's own business.
  const release = await input.store.lockSkill(configFile.skillPath, run.id);
  try {
    await repairRunLogs(run, state, { ...configFile, training: config }, tasks, input.models, warn);
    await run.rewindLogs(state.logOffsets, warn);
  } catch (error) {
    await release();
    throw error;
  }
  return train(run, { ...configFile, training: config }, tasks, state, { ...input, trusted: configFile.trusted, skillPath: configFile.skillPath, resumed: true }, release);
}

async function train(
  run: RunFiles,
  configFile: RunConfigFile,
  tasks: Record<Split, EvalTask[]>,
  state: TrainerState,
  input: { models: TrainingModels; store: RunStore; signal?: AbortSignal; review?: ReviewCallback; onEvent?: TrainingEventListener; trusted: boolean; skillPath: string; resumed: boolean },
  lockRelease?: () => Promise<void>,
): Promise<TrainingResult> {
  const release = lockRelease ?? (await input.store.lockSkill(configFile.skillPath, run.id));
  const session = new TrainingSession({
    run,
    state,
    config: configFile.training,
    tasks,
    models: input.models,
    skillName: configFile.skillName,
    skillPath: configFile.skillPath,
    skillDirectory: dirname(configFile.skillPath),
    trusted: input.trusted,
    signal: input.signal,
    review: input.review,
    onEvent: input.onEvent,
  });
  const workspaceRoot = dirname(input.store.root);
  try {
    await session.attachModels(input.models);
    await run.updateIndex({ status: 'running', message: undefined, messageParts: undefined });
    session.emit({ type: 'run_started', runId: run.id, skillPath: configFile.skillPath, resumed: input.resumed, totalSteps: session.totalSteps, epochs: configFile.training.epochs, stepsPerEpoch: session.stepsPerEpoch, models: configFile.models });
    let test: TrainingResult['test'];
    let bestIsFinal = false;
    while (state.cursor.phase !== 'done') {
      session.checkpointSafePoint();
      const cursor = state.cursor;
      if (cursor.phase === 'baseline') await runBaseline(session);
      else if (cursor.phase === 'step') await runTrainingStep(session, cursor.epoch, cursor.stepInEpoch);
      else if (cursor.phase === 'epoch_end') await runEpochEnd(session, cursor.epoch);
      else ({ test, promoted: bestIsFinal } = await runFinalEvaluation(session));
    }
    const testSplit: TestSplitStatement = { count: test?.count ?? 0, scored: test !== undefined, rotated: configFile.training.rotateValidation };
    const result: TrainingResult = {
      runId: run.id,
      status: 'finished',
      testSplit,
      runDir: run.dir,
      trainedSkillPath: trainedSkillPath(workspaceRoot, run.id),
      baselineScore: state.baselineScore,
      bestScore: state.bestScore,
      bestStep: state.bestStep,
      bestIsFinal,
      stepsDone: state.globalStep,
      test,
      ...session.costFields(),
      replayedCalls: session.journal.replayedCalls,
    };
    await run.updateIndex({ status: 'finished', finishedAt: new Date().toISOString(), bestTestScore: test?.best, ...session.costFields() });
    session.emit({ type: 'run_finished', runId: run.id, bestScore: state.bestScore, baselineScore: state.baselineScore ?? 0, bestStep: state.bestStep, bestIsFinal, trainedSkillPath: result.trainedSkillPath!, test, testSplit });
    return result;
  } catch (error) {
    return await stopped(session, error);
  } finally {
    await session.journal?.flush().catch(() => undefined);
    await session.promptLog?.flush().catch(() => undefined);
    await release();
  }
}

async function runBaseline(session: TrainingSession): Promise<void> {
  const { state, config } = session;
  session.journal.beginUnit('baseline');
  session.emit({ type: 'stage_started', stage: 'baseline', epoch: 1, step: 0 });
  const hash = skillContentHash(state.initialSkill);
  const started = Date.now();
  const validation = await session.validate(state.initialSkill, hash, 1, 0);
  session.accounting.time('validation', Date.now() - started);
  const score = metricValue(validation, config.gate.metric, config.gate.mixedWeight);
  state.baseline = { hard: validation.hard, soft: validation.soft };
  state.baselineScore = score;
  state.currentScore = score;
  state.bestScore = score;
  state.currentValidationKey = state.bestValidationKey = session.validationKey(hash, 1);
  session.emit({ type: 'baseline_scored', validation: { hard: validation.hard, soft: validation.soft }, gateScore: score });
  const checkpoint = await session.writeCheckpoint(checkpointFileName(0), state.initialSkill, { step: 0, epoch: 0, kind: 'baseline', accepted: true, validation: state.baseline, gateScore: score });
  state.cursor = { phase: 'step', epoch: 1, stepInEpoch: 0 };
  await session.commit([{ kind: 'baseline', step: 0, validation: state.baseline, gateScore: score, skillHash: hash, checkpoint, at: new Date().toISOString() }]);
}

/** Records how the run stopped. Cancel and budget stops return; other failures are rethrown. */
async function stopped(session: TrainingSession, error: unknown): Promise<TrainingResult> {
  const { run, state } = session;
  const cancelled = error instanceof RunCancelled || error instanceof CallAbortedError || (session.signal?.aborted ?? false);
  const budget = (error as { code?: string })?.code === 'budget_exceeded';
  const status: RunStatus = cancelled ? 'cancelled' : budget ? 'budget_stopped' : 'failed';
  // Parts, so each front end names the resume step and the options its own way.
  const when = state.globalStep === 0 ? 'before its first step finished' : `after step ${state.globalStep}`;
  const parts: MessagePart[] = cancelled
    ? [`Run ${run.id} was cancelled ${when}. `, { resume: run.id }]
    : budget
      ? [`Run ${run.id} stopped at its budget ${when}: `, ...messageParts(error), ' ', { resume: run.id }]
      : [`Run ${run.id} failed ${when}: `, ...messageParts(error), ' ', { resume: run.id, when: 'once the cause is fixed' }];
  const message = wordMessage(parts, CLI_WORDING);
  await run.updateIndex({ status, message, messageParts: parts, ...session.costFields() }).catch(() => undefined);
  if (status === 'failed') {
    session.emit({ type: 'run_failed', runId: run.id, message, messageParts: parts, code: (error as { code?: string })?.code });
    // Errors of ours get the resume hint; anything else is a bug and keeps its stack.
    throw error instanceof SkillTrainerError ? new TrainingFailedError(run.id, error, parts) : error;
  }
  session.emit(status === 'cancelled' ? { type: 'run_cancelled', runId: run.id, message, messageParts: parts } : { type: 'run_budget_stopped', runId: run.id, message, messageParts: parts });
  return {
    runId: run.id,
    status,
    runDir: run.dir,
    baselineScore: state.baselineScore,
    bestScore: state.bestScore,
    bestStep: state.bestStep,
    stepsDone: state.globalStep,
    ...session.costFields(),
    replayedCalls: session.journal?.replayedCalls,
    message,
    messageParts: parts,
  };
}
