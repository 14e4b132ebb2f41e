/**
 * Stage 6, gate: the candidate is scored on the whole validation split (through the
 * score cache, so an unchanged skill is never scored twice) and the gate's rule compares
 * it with the current skill (see `gate-rule.ts`); it is a new best when its score is
 * also above the best's. With `useGate: false` the candidate is still validated but
 * always accepted ("force_accept"), and becomes the best only when it beats it.
 */
import { metricValue } from '../scoring/aggregate-scores';
import type { GateEvidence, ScorePair, StepAction, ValidationScores } from '../store/run-records';
import { gateDecision, type GateVerdict } from './gate-decision';
import type { TaskScores } from './gate-rule';
import type { TrainingConfig } from './training-config';

/**
 * Validation scores by skill content hash (and, with a rotated validation set, the
 * set's identity: see `validationCacheKey`). Lives in the run state, so it survives resume.
 */
export type ValidationCache = Record<string, ValidationScores>;

/** Scores a skill on the validation split (cached by hash). */
export type ValidateSkill = (skillText: string, skillHash: string) => Promise<ValidationScores>;

export interface GateOutcome {
  scores: ScorePair;
  /** The candidate's score in the gate metric. */
  candidateScore: number;
  /** What the gate alone decides. */
  verdict: GateVerdict;
  /** How the rule decided. */
  evidence: GateEvidence;
  /** What the step does: the verdict, or `force_accept` when the gate is off. */
  action: StepAction;
}

export async function gateCandidate(options: {
  candidate: string;
  candidateHash: string;
  currentScore: number;
  /** The current skill's per-task scores in the gate metric (rules `no-regression` and `statistical`). */
  currentTasks?: TaskScores;
  bestScore: number;
  gate: TrainingConfig['gate'];
  validate: ValidateSkill;
}): Promise<GateOutcome> {
  const validation = await options.validate(options.candidate, options.candidateHash);
  const candidateScore = metricValue(validation, options.gate.metric, options.gate.mixedWeight);
  const { verdict, evidence } = gateDecision({
    candidate: validation,
    currentScore: options.currentScore,
    currentTasks: options.currentTasks,
    bestScore: options.bestScore,
    metric: options.gate.metric,
    mixedWeight: options.gate.mixedWeight,
    rule: options.gate,
  });
  return { scores: { hard: validation.hard, soft: validation.soft }, candidateScore, verdict, evidence, action: options.gate.useGate ? verdict : 'force_accept' };
}

/** Whether an action makes the candidate the current skill. */
export function isAccepted(action: StepAction): boolean {
  return action === 'accept' || action === 'accept_new_best' || action === 'force_accept';
}
