/**
 * The typed event stream of a training run. The CLI's live display and the VS Code
 * views consume it; every event is plain data (JSON-serialisable).
 */
import type { EditReport } from '../skill';
import type { MessagePart } from '../errors';
import type { GateEvidence, GuardRejection, ScorePair, StepAction, StoredEdit } from '../store/run-records';
import type { GateVerdict } from './gate-decision';
import type { TestSplitStatement } from './test-split-statement';

/** Which stage of a step (or phase of the run) is running. */
export type TrainingStage =
  | 'baseline'
  | 'rollout'
  | 'reflect'
  | 'aggregate'
  | 'select'
  | 'update'
  | 'gate'
  | 'review'
  | 'slow_update'
  | 'meta_skill'
  | 'final_validation'
  | 'test';

export type TrainingEvent =
  | { type: 'run_started'; runId: string; skillPath: string; resumed: boolean; totalSteps: number; epochs: number; stepsPerEpoch: number; models: { target: string; optimizer: string; judge?: string } }
  | { type: 'stage_started'; stage: TrainingStage; epoch: number; step: number }
  | { type: 'step_started'; epoch: number; step: number; totalSteps: number; budget: number | null }
  | { type: 'rollout_progress'; phase: 'train' | 'validation' | 'slow_update' | 'test'; done: number; total: number; epoch: number; step: number }
  | { type: 'baseline_scored'; validation: ScorePair; gateScore: number }
  | { type: 'patch_proposed'; step: number; source: 'failure' | 'success'; minibatch: number; edits: StoredEdit[]; unparsable?: string }
  | { type: 'edits_merged'; step: number; proposed: number; merged: number; fallback: boolean }
  | { type: 'edits_selected'; step: number; budget: number | null; merged: number; selected: StoredEdit[]; ranked: boolean; fallback: boolean }
  /** Merged edits (or a rewrite) the guards rejected before selection or the gate, with their reasons. */
  | { type: 'edits_guarded'; step: number; rejections: GuardRejection[] }
  | { type: 'candidate_applied'; step: number; applyReport: EditReport[]; candidateHash: string; changed: boolean }
  /** `scoreBeforeUnvalidated`: `scoreBefore` is the score of the skill before an unvalidated slow update. */
  | { type: 'gate_decision'; step: number; verdict: GateVerdict | 'force_accept' | 'skip_unchanged'; action: StepAction; candidate?: ScorePair; candidateScore?: number; scoreBefore: number; scoreBeforeUnvalidated?: boolean; scoreAfter: number; bestScore: number; gate?: GateEvidence; reviewed?: boolean; againstGate?: boolean }
  /** `rotateValidation`: the next epoch validates on other tasks; the current and best skills were scored on them. */
  | { type: 'validation_rotated'; epoch: number; tasks: number; currentScore: number; bestScore: number }
  | { type: 'checkpoint_written'; step: number; file: string; kind: 'baseline' | 'candidate' | 'slow_update' | 'best' | 'final' }
  | { type: 'epoch_ended'; epoch: number; slowUpdate: string; metaSkill: string; categories?: Record<string, number> }
  | { type: 'usage'; role: 'target' | 'judge' | 'optimizer'; label: string; inputTokens: number; outputTokens: number; costUsd: number | null; replayed: boolean; totalCostUsd: number | null }
  | { type: 'warning'; message: string }
  /** `bestIsFinal`: the best skill is the final one (after the last slow update), promoted by the final validation. */
  | { type: 'run_finished'; runId: string; bestScore: number; baselineScore: number; bestStep: number; bestIsFinal?: boolean; trainedSkillPath: string; test?: { baseline: ScorePair; best: ScorePair; final: ScorePair; count?: number }; testSplit: TestSplitStatement }
  | { type: 'run_failed'; runId: string; message: string; messageParts?: readonly MessagePart[]; code?: string }
  | { type: 'run_cancelled'; runId: string; message: string; messageParts?: readonly MessagePart[] }
  | { type: 'run_budget_stopped'; runId: string; message: string; messageParts?: readonly MessagePart[] };

/** Receives every event; must not throw (errors in listeners are ignored). */
export type TrainingEventListener = (event: TrainingEvent) => void;

