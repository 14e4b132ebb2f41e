/**
 * A library run: many skills trained in one process, each as an ordinary run with its
 * own lock, gate, checkpoints and resume. The library run only schedules them (up to
 * `parallel` at once, in queue order), shares one limiter per provider and one budget
 * between them, and records in its own `library.json` which run each skill got and how
 * it ended. A skill that is skipped, fails or stops at a budget never stops the others.
 *
 * `startLibraryRun` starts one; `resumeLibraryRun` continues one after a stop or a
 * crash: finished skills stay as they are, every other skill continues its own run
 * from its last committed unit (nothing finished is paid again) or starts.
 */
import { join } from 'node:path';
import { errorMessage, isSkillTrainerError } from '../errors';
import type { ChatModel } from '../models/chat-model';
import { ProviderLimiters } from '../models/policies/adaptive-limiter';
import { ProviderHealthMonitors } from '../models/policies/provider-health';
import { BudgetTracker } from '../models/policies/budget-tracker';
import { createCallPolicies, type CallPolicies } from '../models/policies/call-policies';
import type { PriceOverrides } from '../models/policies/price-table';
import type { ResponseCache } from '../models/policies/response-cache';
import type { RetryOptions } from '../models/policies/retry-policy';
import { withCallPolicies } from '../models/policies/with-call-policies';
import type { ModelFactoryOptions } from '../models/create-chat-model';
import { runEmbeddingModels } from '../scoring/similarity/run-embedding-models';
import { newRunId, openRunStore, type RunStore } from '../store/run-store';
import type { TaskSet } from '../tasks/eval-task';
import { carrySpendInto, readRunSpend } from '../training/run-spend';
import { resumeTraining, startTraining } from '../training/trainer';
import { resolveTrainingConfig } from '../training/training-config';
import type { ReviewCallback } from '../training/review-gate';
import type { TrainingEvent } from '../training/training-events';
import type { TrainingModels } from '../training/training-session';
import { TrainingSetupError } from '../training/training-setup';
import { RunBudgetInLibrary } from './library-budget';
import { viewOf, type LibraryEventListener, type LibrarySkillView } from './library-events';
import { LibraryRunFile, newLibraryRunId, readLibraryRun } from './library-run-file';
import type { LibraryRunOptions, LibraryRunRecord, LibraryRunStatus, LibrarySkill, LibrarySkillOutcome, LibrarySkillSettings } from './library-run-record';
import { TrainingSlots } from './training-slots';
import { isSkipped, loadLibrarySkill, loadSkillTasks, type LoadedLibrarySkill } from './load-library-skill';
import type { PreparedLibrarySkill } from './prepare-library-run';
import { outcomeOfFinishedRun, outcomeOfResult, runProgress } from './run-outcome';

/** What a model factory knows about the skill it creates a model for. */
export interface LibraryModelContext {
  name: string;
  skillDirectory: string;
  seed: number;
  /** The skill's tasks (the simulated world is built from them). */
  taskSet(): Promise<TaskSet>;
}

/** What a front end gives a library run besides the skills: never saved, given again on resume. */
export interface LibraryRuntime {
  /** A raw model for a spec (the library adds the call policies). Keys and base URLs are the front end's business. */
  createModel(spec: string, skill: LibraryModelContext): ChatModel | Promise<ChatModel>;
  /** The target role's raw model when it is not `createModel`'s (rollouts run as queue jobs on workers). */
  createTarget?(spec: string, skill: LibraryModelContext): ChatModel | Promise<ChatModel>;
  /** Keys and base URLs for embedding models (`similar` checks); without it, the judge grades those checks. */
  embeddingFactory?: ModelFactoryOptions;
  /** The response cache shared by every run, or false. */
  cache?: ResponseCache | false;
  prices?: PriceOverrides;
  /** Per call attempt, ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Workspace trust (`javascript` assertions, agent CLIs). */
  trusted: boolean;
  /** Stops every run at its next safe point; queued skills stay queued (resumable). */
  signal?: AbortSignal;
  /**
   * Stops one skill: its run ends cancelled at its next safe point (resumable with the
   * library run) and the other skills go on. Asked once, when the skill's turn comes.
   */
  skillSignal?(skill: { name: string; skillPath: string }): AbortSignal | undefined;
  onEvent?: LibraryEventListener;
  /**
   * The reviewer of a skill's run when its gate mode is `review` (VS Code queues the
   * proposals of several skills); without one such a skill is skipped with the reason.
   */
  review?: (skill: { name: string; skillPath: string; runId: string }) => ReviewCallback | undefined;
}

export interface StartLibraryRunInput extends LibraryRuntime {
  workspaceRoot: string;
  /** From `prepareLibrarySkills`, in queue order. */
  skills: readonly PreparedLibrarySkill[];
  options: LibraryRunOptions;
  libraryRunId?: string;
}

export interface ResumeLibraryRunInput extends LibraryRuntime {
  workspaceRoot: string;
  libraryRunId: string;
  /** Changes to the recorded options, e.g. a higher cap (what the runs spent before counts). */
  options?: Partial<Pick<LibraryRunOptions, 'parallel' | 'concurrency' | 'maxCostUsd' | 'maxTokens' | 'git'>>;
}

export interface LibraryRunResult {
  libraryRunId: string;
  status: LibraryRunStatus;
  skills: LibrarySkillView[];
  /** USD over every session of every run; null when some price was unknown. */
  costUsd: number | null;
}

export async function startLibraryRun(input: StartLibraryRunInput): Promise<LibraryRunResult> {
  const now = new Date().toISOString();
  const record: LibraryRunRecord = {
    version: 1,
    id: input.libraryRunId ?? newLibraryRunId(),
    createdAt: now,
    updatedAt: now,
    status: 'running',
    options: input.options,
    skills: input.skills.map((skill, order) => ({ name: skill.name, skillPath: skill.skillPath, order, ...(skill.settings ? { settings: skill.settings } : {}), outcome: skill.outcome })),
  };
  const file = await LibraryRunFile.open(input.workspaceRoot, record, { create: true });
  const loaded = new Map(input.skills.flatMap((skill) => (skill.loaded ? [[skill.skillPath, skill.loaded] as const] : [])));
  return new LibraryRunner(file, input, loaded).run(false);
}

export async function resumeLibraryRun(input: ResumeLibraryRunInput): Promise<LibraryRunResult> {
  const record = await readLibraryRun(input.workspaceRoot, input.libraryRunId);
  const options = { ...record.options };
  for (const [key, value] of Object.entries(input.options ?? {})) if (value !== undefined) (options as Record<string, unknown>)[key] = value;
  const file = await LibraryRunFile.open(input.workspaceRoot, { ...record, options });
  return new LibraryRunner(file, input, new Map()).run(true);
}

/** Skills a (resumed) library run still has to train. */
function isPending(skill: LibrarySkill): boolean {
  return skill.outcome.status !== 'finished' && skill.outcome.status !== 'skipped';
}

class LibraryRunner {
  private readonly limiters: ProviderLimiters;
  /** One view of each provider's health for every run (its failure rate sizes retries). */
  private readonly health = new ProviderHealthMonitors();
  private readonly budget: BudgetTracker;
  /** Set once the library's cap refused a call: skills not started yet wait for a resume. */
  private budgetRefusal?: 'cost' | 'tokens';
  /** One store for every run of the library, so its index has one writer in this process. */
  private readonly store: RunStore;
  /** `parallel` skills at once; one waiting for a review lends its slot to the queue. */
  private readonly slots: TrainingSlots;

  constructor(
    private readonly file: LibraryRunFile,
    private readonly input: LibraryRuntime & { workspaceRoot: string },
    private readonly loaded: Map<string, LoadedLibrarySkill>,
  ) {
    const options = file.record.options;
    this.limiters = new ProviderLimiters({ default: options.concurrency });
    this.budget = new BudgetTracker({ maxCostUsd: options.maxCostUsd, maxTokens: options.maxTokens });
    this.store = openRunStore(input.workspaceRoot);
    this.slots = new TrainingSlots(options.parallel);
  }

  private get id(): string {
    return this.file.record.id;
  }

  async run(resumed: boolean): Promise<LibraryRunResult> {
    try {
      const pending = this.file.record.skills.filter(isPending).sort((a, b) => a.order - b.order);
      // The caps hold over every session: what the member runs spent before counts.
      for (const skill of this.file.record.skills) {
        if (skill.runId && (await runProgress(this.input.workspaceRoot, skill.runId)) !== 'none') {
          carrySpendInto(this.budget, await readRunSpend(this.input.workspaceRoot, skill.runId));
        }
      }
      this.emit({ type: 'library_started', libraryRunId: this.id, resumed, skills: this.file.record.skills.map(viewOf) });
      // Every pending skill waits for a slot in queue order; a stop leaves the rest queued.
      await Promise.all(
        pending.map(async (skill) => {
          await this.slots.acquire();
          try {
            if (!this.input.signal?.aborted) await this.train(skill);
          } finally {
            this.slots.release();
          }
        }),
      );
      // Skills still queued were stopped before they started (a cancel): the run ends cancelled.
      await this.file.update(() => undefined, { ended: true });
      const snapshot = this.budget.snapshot();
      const result: LibraryRunResult = {
        libraryRunId: this.id,
        status: this.file.record.status,
        skills: this.file.record.skills.map(viewOf),
        costUsd: snapshot.unknownCostCalls > 0 ? null : snapshot.spentUsd,
      };
      this.emit({ type: 'library_finished', ...result });
      return result;
    } finally {
      await this.file.release();
    }
  }

  private emit(event: Parameters<LibraryEventListener>[0]): void {
    try {
      this.input.onEvent?.(event);
    } catch {
      // A listener's bug must not stop training.
    }
  }

  /** Records a skill's new state and tells the listeners. */
  private async setSkill(order: number, change: Partial<Pick<LibrarySkill, 'runId'>> & { outcome: LibrarySkillOutcome }): Promise<void> {
    await this.file.update((record) => {
      const skill = record.skills.find((candidate) => candidate.order === order)!;
      if ('runId' in change) skill.runId = change.runId;
      skill.outcome = change.outcome;
    });
    this.announce(order);
  }

  private announce(order: number, outcome?: LibrarySkillOutcome): void {
    const skill = this.file.record.skills.find((candidate) => candidate.order === order)!;
    this.emit({ type: 'skill_changed', libraryRunId: this.id, skill: viewOf(outcome ? { ...skill, outcome } : skill) });
  }

  /** Trains one skill to its end, a stop or a failure; never throws for the skill's own problems. */
  private async train(skill: LibrarySkill): Promise<void> {
    const settings = skill.settings;
    if (!settings) return; // Skills whose settings failed to resolve keep their recorded failure.
    const { workspaceRoot } = this.input;
    const training = resolveTrainingConfig(settings.training);
    let runId = skill.runId ?? newRunId();
    let progress = await runProgress(workspaceRoot, runId);
    if (progress === 'done') return this.setSkill(skill.order, { runId, outcome: await outcomeOfFinishedRun(workspaceRoot, runId) });
    if (progress === 'orphan') {
      // Killed between creating the run and its first state: nothing was trained; start afresh.
      runId = newRunId();
      progress = 'none';
    }
    const usedUp = progress === 'none' ? this.budgetUsedUp() : undefined;
    if (usedUp) return this.setSkill(skill.order, { runId: undefined, outcome: { status: 'budget_stopped', message: `Not started: the library run has used up its ${usedUp}. Resume the library run with a higher cap to train it.` } });
    let loaded: LoadedLibrarySkill | undefined;
    if (progress === 'none') {
      const found = this.loaded.get(skill.skillPath) ?? (await loadLibrarySkill(skill.skillPath, { tasksFile: settings.tasksFile, seed: training.seed, splitRatios: settings.splitRatios, runCode: this.input.trusted }));
      if (isSkipped(found)) return this.setSkill(skill.order, { runId: undefined, outcome: found });
      loaded = found;
    }
    const skillStop = this.input.skillSignal?.({ name: skill.name, skillPath: skill.skillPath });
    if (progress === 'none' && skillStop?.aborted) {
      return this.setSkill(skill.order, { runId: undefined, outcome: { status: 'cancelled', message: 'Stopped before it started; resume the library run to train it.' } });
    }
    const signal = skillStop && this.input.signal ? AbortSignal.any([this.input.signal, skillStop]) : (skillStop ?? this.input.signal);
    await this.setSkill(skill.order, { runId, outcome: { status: 'running', runId } });
    const budget = new RunBudgetInLibrary({ maxCostUsd: settings.maxCostUsd, maxTokens: settings.maxTokens }, this.budget, (refusal) => (this.budgetRefusal ??= refusal.limit));
    if (progress === 'resumable') carrySpendInto(budget, await readRunSpend(workspaceRoot, runId));
    const live: Extract<LibrarySkillOutcome, { status: 'running' }> = { status: 'running', runId };
    const onEvent = (event: TrainingEvent) => {
      this.emit({ type: 'training_event', libraryRunId: this.id, skillName: skill.name, skillPath: skill.skillPath, runId, event });
      if (trackProgress(live, event)) this.announce(skill.order, { ...live });
    };
    try {
      const models = await this.createModels(skill, settings.models, training.seed, budget, loaded?.taskSet);
      const common = { store: this.store, models, signal, onEvent, review: this.lendingSlot(this.input.review?.({ name: skill.name, skillPath: skill.skillPath, runId })) };
      const result = loaded
        ? await startTraining({ ...common, runId, skillPath: skill.skillPath, skillText: loaded.skillText, tasks: loaded.tasks, config: training, trusted: this.input.trusted, modelSpecs: settings.models })
        : await resumeTraining({ ...common, runId });
      await this.setSkill(skill.order, { runId, outcome: outcomeOfResult(result) });
    } catch (error) {
      const neverStarted = (await runProgress(workspaceRoot, runId)) === 'none';
      if (neverStarted && error instanceof TrainingSetupError) {
        return this.setSkill(skill.order, { runId: undefined, outcome: { status: 'skipped', code: error.code, reason: errorMessage(error) } });
      }
      const code = isSkillTrainerError(error) ? error.code : undefined;
      const message = isSkillTrainerError(error) ? errorMessage(error) : `an unexpected error stopped it: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
      await this.setSkill(skill.order, { runId: neverStarted ? undefined : runId, outcome: { status: 'failed', ...(neverStarted ? {} : { runId }), message, ...(code ? { code } : {}) } });
    }
  }

  /** The reviewer, giving the skill's slot to the queue while the person decides. */
  private lendingSlot(review: ReviewCallback | undefined): ReviewCallback | undefined {
    if (!review) return undefined;
    return async (request, signal) => {
      this.slots.release();
      try {
        return await review(request, signal);
      } finally {
        await this.slots.acquire({ returning: true });
      }
    };
  }

  /**
   * Which library cap is used up, if one is: spent entirely, or it refused a call of a
   * run already (a new run's first calls are as large), so a skill started now would
   * stop at once.
   */
  private budgetUsedUp(): string | undefined {
    const { spentUsd, tokensUsed, limits } = this.budget.snapshot();
    const cost = `cost cap ($${limits.maxCostUsd})`;
    const tokens = `token cap (${limits.maxTokens} tokens)`;
    if (limits.maxCostUsd !== undefined && (spentUsd >= limits.maxCostUsd || this.budgetRefusal === 'cost')) return cost;
    if (limits.maxTokens !== undefined && (tokensUsed >= limits.maxTokens || this.budgetRefusal === 'tokens')) return tokens;
    return undefined;
  }

  /** The three roles of one skill's run, wrapped in policies that share the limiters and the library budget. */
  private async createModels(skill: LibrarySkill, specs: LibrarySkillSettings['models'], seed: number, budget: BudgetTracker, taskSet?: TaskSet): Promise<TrainingModels> {
    const policies: CallPolicies = createCallPolicies({
      limiters: this.limiters,
      health: this.health,
      budget,
      cache: this.input.cache,
      prices: this.input.prices,
      timeoutMs: this.input.timeoutMs,
      retry: this.input.retry,
    });
    const skillDirectory = join(skill.skillPath, '..');
    let tasks: Promise<TaskSet> | undefined = taskSet ? Promise.resolve(taskSet) : undefined;
    const context: LibraryModelContext = {
      name: skill.name,
      skillDirectory,
      seed,
      // A run in progress keeps the tasks it started with, drafts included.
      taskSet: () => (tasks ??= loadSkillTasks(skillDirectory, skill.settings?.tasksFile, { runCode: this.input.trusted, allowDrafts: true })),
    };
    const make = async (spec: string) => withCallPolicies(await this.input.createModel(spec, context), policies);
    const target = this.input.createTarget ? withCallPolicies(await this.input.createTarget(specs.target, context), policies) : await make(specs.target);
    const factory = this.input.embeddingFactory;
    const embeddings = factory ? runEmbeddingModels({ spec: specs.embedding, tasks: (await context.taskSet()).tasks, factory, policies }) : undefined;
    return { target, optimizer: await make(specs.optimizer), judge: specs.judge ? await make(specs.judge) : undefined, embeddings };
  }
}

/** Updates a running skill's live progress from its run's events; true when a view should hear of it. */
function trackProgress(live: Extract<LibrarySkillOutcome, { status: 'running' }>, event: TrainingEvent): boolean {
  switch (event.type) {
    case 'run_started':
      live.totalSteps = event.totalSteps;
      return true;
    case 'step_started':
      live.epoch = event.epoch;
      live.step = event.step;
      return true;
    case 'baseline_scored':
      live.baselineScore = event.gateScore;
      live.score = event.gateScore;
      live.bestScore = event.gateScore;
      return true;
    case 'gate_decision':
      live.score = event.scoreAfter;
      live.bestScore = event.bestScore;
      return true;
    default:
      return false;
  }
}
