/**
 * Promoting a skill that was not gated as a step to the run's best: the final skill
 * (after the last slow update) at the end of the run, and the current skill when a
 * rotated validation set scores it above the best. The gate's rule decides, held to the
 * best skill's scores on the same validation set, so a noise-level difference does not
 * make a new best under `statistical` any more than it passes a step.
 */
import { metricValue } from '../scoring/aggregate-scores';
import type { GateEvidence, ValidationScores } from '../store/run-records';
import { skillContentHash } from '../skill/skill-content-hash';
import { taskScoresInMetric } from './gate-decision';
import { applyGateRule } from './gate-rule';
import type { TrainingSession } from './training-session';

export interface Promotion {
  validation: ValidationScores;
  /** The skill's score in the gate metric. */
  score: number;
  promoted: boolean;
  evidence: GateEvidence;
}

/** Scores `skill` on the epoch's validation set and makes it the best when the rule finds it better than the best. */
export async function promoteIfBetter(session: TrainingSession, skill: string, epoch: number, step: number): Promise<Promotion> {
  const { state, config } = session;
  const validation = await session.validate(skill, skillContentHash(skill), epoch, step);
  const score = metricValue(validation, config.gate.metric, config.gate.mixedWeight);
  const best = state.bestValidationKey === undefined ? undefined : state.validationCache[state.bestValidationKey];
  const evidence = applyGateRule({
    settings: config.gate,
    candidateScore: score,
    referenceScore: state.bestScore,
    candidateTasks: taskScoresInMetric(validation, config.gate.metric, config.gate.mixedWeight),
    referenceTasks: taskScoresInMetric(best, config.gate.metric, config.gate.mixedWeight),
  });
  if (evidence.passed) {
    state.bestSkill = skill;
    state.bestScore = score;
    state.bestStep = step;
    state.bestValidationKey = session.validationKey(skillContentHash(skill), epoch);
  }
  return { validation, score, promoted: evidence.passed, evidence };
}
