/**
 * `state.json`: everything a run needs to continue after a crash, replaced atomically
 * after every unit of work (baseline, each step, each epoch end, the final phase).
 */
import { z } from 'zod';
import type { LogOffsets } from '../store/run-store';
import type { ScorePair } from '../store/run-records';
import type { ValidationCache } from './gate-stage';
import type { StepHistoryEntry } from './step-history';
import type { UsageTotals } from './usage-accounting';

/** The next unit of work. */
export type TrainingCursor =
  | { phase: 'baseline' }
  | { phase: 'step'; epoch: number; stepInEpoch: number }
  | { phase: 'epoch_end'; epoch: number }
  | { phase: 'final' }
  | { phase: 'done' };

export interface TrainerState {
  version: 1;
  cursor: TrainingCursor;
  /** Last finished global step (0 before the first). */
  globalStep: number;
  initialSkill: string;
  currentSkill: string;
  /** Current skill's validation score in the gate metric (-1 before the baseline). */
  currentScore: number;
  /**
   * True after an ungated slow update changed the current skill: `currentScore` is the
   * score of the skill before it (SkillOpt's gate also compares with it), until a
   * step's candidate is accepted.
   */
  currentScoreUnvalidated?: boolean;
  bestSkill: string;
  bestScore: number;
  bestStep: number;
  /**
   * The validation-cache keys of the scores `currentScore` and `bestScore` come from:
   * the gate's per-task rules compare a candidate with those tasks' scores (absent in
   * runs started before they were kept).
   */
  currentValidationKey?: string;
  bestValidationKey?: string;
  baseline?: ScorePair;
  baselineScore?: number;
  /** The skill the current epoch started with (the previous epoch's final skill). */
  epochStartSkill: string;
  validationCache: ValidationCache;
  /** The rejected-edit buffer of the current epoch. */
  stepHistory: StepHistoryEntry[];
  /** The optimizer's memory active in the current epoch. */
  metaSkill: string;
  usage: UsageTotals;
  /** Sizes of steps.jsonl and rollouts.jsonl when this state was written. */
  logOffsets: LogOffsets;
}

/** Checks the parts of a state read back from disk that resuming depends on. */
export const trainerStateSchema = z
  .object({
    version: z.literal(1),
    cursor: z.object({ phase: z.enum(['baseline', 'step', 'epoch_end', 'final', 'done']) }).passthrough(),
    globalStep: z.number().int().min(0),
    initialSkill: z.string(),
    currentSkill: z.string(),
    bestSkill: z.string(),
    currentScore: z.number(),
    bestScore: z.number(),
    // passthrough: each entry's per-task scores (`tasks`) must survive the read.
    validationCache: z.record(z.string(), z.object({ hard: z.number(), soft: z.number() }).passthrough()),
    logOffsets: z.object({ steps: z.number(), rollouts: z.number() }),
  })
  .passthrough();

export function initialState(skill: string): TrainerState {
  return {
    version: 1,
    cursor: { phase: 'baseline' },
    globalStep: 0,
    initialSkill: skill,
    currentSkill: skill,
    currentScore: -1,
    bestSkill: skill,
    bestScore: -1,
    bestStep: 0,
    epochStartSkill: skill,
    validationCache: {},
    stepHistory: [],
    metaSkill: '',
    usage: { calls: 0, replayedCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
    logOffsets: { steps: 0, rollouts: 0 },
  };
}
