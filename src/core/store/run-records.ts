/**
 * The shapes of the files under `.skill-trainer/`, as the trainer writes them and the
 * VS Code extension and CLI read them. Every record carries the data a view needs, so
 * readers never recompute training logic.
 */
import type { AgentTrajectory } from '../models/agent-trajectory';
import type { MessagePart } from '../errors';
import type { CheckResult, GateMetric } from '../scoring/task-score';

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled' | 'budget_stopped';

/** One row of `db.json` → `runs`. */
export interface RunIndexEntry {
  id: string;
  /** Absolute path of the trained SKILL.md. */
  skillPath: string;
  /** The skill's `name` (its folder name). */
  skillName: string;
  status: RunStatus;
  /** ISO 8601 times. */
  startedAt: string;
  finishedAt?: string;
  /** Validation score of the initial skill in the gate metric, 0..1. */
  baselineScore?: number;
  /** Best validation score so far in the gate metric, 0..1. */
  bestValidationScore?: number;
  gateMetric: GateMetric;
  /** Test-split score of the best skill (hard/soft means), when the run got that far. */
  bestTestScore?: { hard: number; soft: number };
  /**
   * USD spent so far, as far as the tool can know what the provider billed: every
   * answered call, plus `possiblyBilledUsd`; `null` when some call's price was unknown.
   */
  costUsd: number | null;
  /** Calls in flight when a session of the run stopped (a crash, a kill): they may have been billed. */
  possiblyBilledCalls?: number;
  /** Estimated USD of those calls, included in `costUsd`. */
  possiblyBilledUsd?: number;
  /** Steps finished / planned. */
  stepsDone: number;
  totalSteps: number;
  models: { target: string; optimizer: string; judge?: string };
  /** Short human message for failed, cancelled and budget-stopped runs (the command line's wording). */
  message?: string;
  /** `message` as parts, for a front end to word its options and resume step (runs stopped before it was kept have none). */
  messageParts?: readonly MessagePart[];
}

/** One row of a skill's leaderboard in `db.json` → `leaderboard[skillPath]`, best first. */
export interface LeaderboardEntry {
  runId: string;
  bestValidationScore: number;
  baselineScore?: number;
  bestTestScore?: { hard: number; soft: number };
  gateMetric: GateMetric;
  status: RunStatus;
  finishedAt?: string;
  models: RunIndexEntry['models'];
}

export interface IndexData {
  version: 1;
  runs: RunIndexEntry[];
  leaderboard: Record<string, LeaderboardEntry[]>;
}

/** What happened to a candidate at the gate (or why there was no candidate). */
export type StepAction =
  | 'accept_new_best'
  | 'accept'
  | 'reject'
  | 'force_accept'
  | 'skip_no_edits'
  | 'skip_unchanged'
  /** Every proposed edit (or the rewrite) was rejected by a guard (leakage, malformed) before the gate. */
  | 'skip_guarded';

/** Mean scores of a set of rollouts. */
export interface ScorePair {
  hard: number;
  soft: number;
}

/**
 * A skill's scores on the validation split: the means over tasks, and each task's own
 * (its mean over the trials: with `gate.trials` K, `hard` is the task's pass rate, and
 * `trials` holds each trial's scores). Runs recorded before per-task scores were kept
 * have no `tasks`.
 */
export interface ValidationScores extends ScorePair {
  tasks?: Record<string, ScorePair & { trials?: ScorePair[] }>;
}

/** A proposed or selected skill edit, as stored. */
export interface StoredEdit {
  op: string;
  target?: string;
  content?: string;
  source?: 'failure' | 'success';
  /** How many minibatch patches proposed it (after merging). */
  support?: number;
  /** Why the optimizer proposed it (the edit's own reasoning, else its patch's); absent in runs recorded before it was kept. */
  reasoning?: string;
}

export interface StoredApplyReport {
  index: number;
  op: string;
  status: string;
}

/** Calls, tokens and cost of one stage (or role) within a step. */
export interface StageUsage {
  calls: number;
  /** Calls answered from the run's journal or the response cache (free). */
  replayedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
  /** Wall time of the stage in ms. */
  wallMs: number;
}

/** How a person's review changed the gate's outcome (gate mode `review`). */
export interface ReviewOutcome {
  /** Indices (0-based) of the selected edits the person accepted. */
  acceptedEdits: number[];
  /** What the gate alone would have done. */
  gateVerdict: 'accept_new_best' | 'accept' | 'reject';
  /** True when the person's choice differs from the gate's verdict. */
  againstGate: boolean;
  /** Validation scores of the subset candidate, when only some edits were kept. */
  subsetScores?: ScorePair;
}

/** One line of `steps.jsonl`. `kind` tells which phase of the run wrote it. */
export type StepRecord = BaselineRecord | TrainingStepRecord | EpochEndRecord | FinalRecord;

export interface BaselineRecord {
  kind: 'baseline';
  step: 0;
  validation: ScorePair;
  gateScore: number;
  skillHash: string;
  checkpoint: string;
  /** Calls, tokens, cost and time of the phase, by stage. */
  usage?: Record<string, StageUsage>;
  at: string;
}

export interface TrainingStepRecord {
  kind: 'step';
  /** 1-based global step. */
  step: number;
  epoch: number;
  /** Edit budget (learning rate); null when uncapped (autonomous). */
  budget: number | null;
  /** The edit budget every reflect analyst was told: the constant learning rate (absent in runs before it was recorded). */
  analystBudget?: number;
  /** `learningRate.control: autonomous`: the optimizer's decision on how many edits to apply. */
  editCountDecision?: { count: number; requested?: number; available: number; fallback: boolean; reasoning: string; confidence?: string; riskNotes?: string[] };
  /** Skill-aware reflection: this step's appendix notes, how many were new, the total after, and the count before a compaction. */
  appendix?: { notes: string[]; added: number; total: number; consolidatedFrom?: number };
  /** Rewrite update modes: the rewrite's summary of changes, or why there was no usable rewrite. */
  rewrite?: { changeSummary: string[]; failed?: string };
  /** `accumulation` > 1: each rollout batch's size and scores. */
  accumulationBatches?: Array<{ count: number; hard: number; soft: number }>;
  train: ScorePair & { count: number };
  patches: { failure: number; success: number; unparsable: number };
  editsProposed: number;
  editsMerged: number;
  selectedEdits: StoredEdit[];
  applyReport: StoredApplyReport[];
  /** Validation scores of the candidate; absent when the step was skipped. */
  validation?: ScorePair;
  candidateGateScore?: number;
  /** How the gate's rule decided (absent when the step was skipped, and in runs recorded before it was kept). */
  gate?: GateEvidence;
  /** Edits (or a rewrite) the guards rejected before selection, each with its reason; shown to the optimizer in the step buffer. */
  guardRejections?: GuardRejection[];
  /** Gate-metric scores before the decision and after it. */
  scoreBefore: number;
  /** True when `scoreBefore` is the score of the skill before an unvalidated slow update. */
  scoreBeforeUnvalidated?: boolean;
  currentScore: number;
  bestScore: number;
  bestStep: number;
  action: StepAction;
  review?: ReviewOutcome;
  candidateHash?: string;
  /** Checkpoint file of the candidate, relative to the run folder. */
  checkpoint?: string;
  usage: Record<string, StageUsage>;
  wallMs: number;
  at: string;
}

export interface EpochEndRecord {
  kind: 'epoch_end';
  epoch: number;
  /** Global step the epoch ended on. */
  step: number;
  slowUpdate: {
    /** `unchanged_region`: the new guidance was what the region already held. */
    action: 'inserted_empty_region' | 'rewrote_region' | 'unchanged_region' | 'no_content' | 'disabled';
    categories?: Record<string, number>;
    guidance?: string;
    /** The adjacent-epoch pairs: the policy, how many it kept and how many tasks were compared. */
    pairs?: { policy: 'mixed' | 'changed' | 'unchanged'; kept: number; compared: number };
    /** `slowUpdate.gateWithSelection`: the validation gate's verdict on the rewritten skill. */
    gate?: { action: StepAction; validation: ScorePair; gateScore: number; scoreBefore: number; evidence?: GateEvidence };
    /** Gate mode review: whether the person kept the rewritten region (when rejected, the skill kept its region). */
    review?: { accepted: boolean };
  };
  /** `skipped_first_epoch`: as in SkillOpt, the first epoch writes no memory (nothing to compare it with). */
  metaSkill: { action: 'written' | 'no_content' | 'skipped_first_epoch' | 'disabled'; content?: string };
  /** True when the current score belongs to the skill before an unvalidated slow update. */
  currentScoreUnvalidated?: boolean;
  /**
   * `rotateValidation`: the next epoch's validation tasks, and the current and best
   * skills' scores on them (the gate compares the next epoch's candidates with these).
   */
  rotation?: { nextEpoch: number; validationTaskIds: string[]; currentScore: number; bestScore: number; currentBecameBest?: boolean };
  currentScore: number;
  bestScore: number;
  checkpoint?: string;
  usage?: Record<string, StageUsage>;
  at: string;
}

export interface FinalRecord {
  kind: 'final';
  step: number;
  finalValidation?: ScorePair;
  /** `finalValidation` in the run's gate metric, 0..1 (absent in runs recorded before it was kept). */
  finalScore?: number;
  /** True when the final skill (after the last slow update) beat the best and became the run's best skill. */
  promoted: boolean;
  /** How the gate's rule judged the final skill against the best (absent when they are the same skill). */
  gate?: GateEvidence;
  bestStep: number;
  bestScore: number;
  test?: { baseline: ScorePair; best: ScorePair; final: ScorePair; count: number };
  usage?: Record<string, StageUsage>;
  at: string;
}

/** One line of `rollouts.jsonl`: one task run with one skill, scored. */
export interface RolloutRecord {
  /** `train`, `validation`, `slow_update`, `test`. */
  phase: 'train' | 'validation' | 'slow_update' | 'test';
  step: number;
  epoch: number;
  skillHash: string;
  taskId: string;
  /** 0-based trial, when the split was scored with more than one (`gate.trials`). */
  trial?: number;
  output: string;
  /** What the target did to reach `output` (agent-CLI targets), as bounded by its adapter. */
  trajectory?: AgentTrajectory;
  hard: 0 | 1;
  soft: number;
  checks: CheckResult[];
}

/** The accept rules of the validation gate (see `gate-rule.ts`). */
export type GateRule = 'strict' | 'margin' | 'no-regression' | 'statistical';

/** Why the gate's rule decided as it did; kept in the step record and shown in the UI. */
export interface GateEvidence {
  rule: GateRule;
  /** True when the rule found the candidate better than the reference. */
  passed: boolean;
  /** Candidate minus reference score, in the gate metric. */
  difference: number;
  /** `margin`: ε, score units. */
  margin?: number;
  /** `no-regression`: the tasks that got worse (scores in the gate metric). */
  regressed?: Array<{ taskId: string; before: number; after: number }>;
  /** `statistical`: one-sided p-value, the level α it was held to, and the tasks behind it. */
  pValue?: number;
  significance?: number;
  improved?: number;
  worse?: number;
  tasks?: number;
  /** False when the p-value comes from the normal approximation (many tasks changed). */
  exact?: boolean;
  /** Set when the per-task scores were missing and the rule fell back to `strict`. */
  fallback?: string;
}

/** An edit (or a whole rewrite) a guard rejected before the gate. */
export interface GuardRejection {
  edit: StoredEdit;
  /** `leakage`: copies task text into the skill; `malformed`: an unclosed fence, a `<think>` block, a cut-off sentence. */
  guard: 'leakage' | 'malformed';
  /** For the person: what is wrong, naming the task copied from. */
  reason: string;
  /** For the optimizer's step buffer: the same, naming no validation task. */
  hint: string;
}

/** The metadata JSON written beside each checkpoint `.md`. */
export interface CheckpointMeta {
  step: number;
  epoch: number;
  /** `baseline`, a step `candidate`, a `slow_update`, the `best` or the `final` skill. */
  kind: 'baseline' | 'candidate' | 'slow_update' | 'best' | 'final';
  skillHash: string;
  /** Hash of the skill this one was derived from. */
  parentHash?: string;
  action?: StepAction;
  accepted?: boolean;
  validation?: ScorePair;
  gateScore?: number;
  edits?: StoredEdit[];
  applyReport?: StoredApplyReport[];
  createdAt: string;
}

/** A checkpoint as listed by the reader. */
export interface CheckpointEntry {
  /** File name, e.g. `step-0003.md`. */
  file: string;
  /** Absolute path of the `.md`. */
  path: string;
  meta: CheckpointMeta;
}
