/**
 * Stage 6, gate: the candidate is scored on the whole validation split (through the
 * score cache, so an unchanged skill is never scored twice) and compared with the
 * current and best skills. With `useGate: false` the candidate is still validated but
 * always accepted ("force_accept"), and becomes the best only when it beats it.
 */
import { metricValue } from '../scoring/aggregate-scores';
import type { ScorePair, StepAction } from '../store/run-records';
import { gateDecision, type GateVerdict } from './gate-decision';
import type { TrainingConfig } from './training-config';

/** Validation scores by skill content hash. Lives in the run state, so it survives resume. */
export type ValidationCache = Record<string, ScorePair>;

/** Scores a skill on the validation split (cached by hash). */
export type ValidateSkill = (skillText: string, skillHash: string) => Promise<ScorePair>;

export interface GateOutcome {
  scores: ScorePair;
  /** The candidate's score in the gate metric. */
  candidateScore: number;
  /** What the gate alone decides. */
  verdict: GateVerdict;
  /** What the step does: the verdict, or `force_accept` when the gate is off. */
  action: StepAction;
}

export async function gateCandidate(options: {
  candidate: string;
  candidateHash: string;
  currentScore: number;
  bestScore: number;
  gate: TrainingConfig['gate'];
  validate: ValidateSkill;
}): Promise<GateOutcome> {
  const scores = await options.validate(options.candidate, options.candidateHash);
  const candidateScore = metricValue(scores, options.gate.metric, options.gate.mixedWeight);
  const verdict = gateDecision({
    candidate: scores,
    currentScore: options.currentScore,
    bestScore: options.bestScore,
    metric: options.gate.metric,
    mixedWeight: options.gate.mixedWeight,
  });
  return { scores, candidateScore, verdict, action: options.gate.useGate ? verdict : 'force_accept' };
}

/** Whether an action makes the candidate the current skill. */
export function isAccepted(action: StepAction): boolean {
  return action === 'accept' || action === 'accept_new_best' || action === 'force_accept';
}
