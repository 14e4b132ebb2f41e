/**
 * The epoch boundary, one unit of work: slow update, meta skill, and the reset of the
 * rejected-edit buffer. Both read the same adjacent-epoch comparison (the previous
 * epoch's skill against this epoch's last step skill), run once.
 */
import { checkpointFileName } from '../store/run-store';
import type { EpochEndRecord, TrainingStepRecord } from '../store/run-records';
import { metricValue } from '../scoring/aggregate-scores';
import { skillContentHash } from '../skill/skill-content-hash';
import { readSlowUpdateRegion } from '../skill/protected-region-content';
import { compareEpochSkills, type EpochComparison } from './epoch-comparison';
import { promoteIfBetter } from './best-promotion';
import { gateCandidate, isAccepted } from './gate-stage';
import { categoryCounts, type PairCategory } from './longitudinal-pairs';
import { updateMetaSkill } from './meta-skill';
import type { ReviewCallback } from './review-gate';
import { insertSlowUpdateRegion, rewriteSlowUpdateRegion, type SlowUpdateOutcome } from './slow-update';
import type { TrainingSession } from './training-session';

/** Asks the person about the rewritten region; true keeps it. */
async function reviewSlowUpdate(
  session: TrainingSession,
  review: ReviewCallback,
  input: { epoch: number; step: number; outcome: SlowUpdateOutcome; categories: Record<PairCategory, number> },
): Promise<boolean> {
  session.emit({ type: 'stage_started', stage: 'review', epoch: input.epoch, step: input.step });
  const decision = await review(
    {
      kind: 'slow_update',
      runId: session.run.id,
      epoch: input.epoch,
      step: input.step,
      currentSkill: session.state.currentSkill,
      candidateSkill: input.outcome.skill,
      previousGuidance: readSlowUpdateRegion(session.state.currentSkill) ?? '',
      guidance: input.outcome.guidance ?? '',
      verdict: input.outcome.verdict,
      categories: input.categories,
    },
    session.signal,
  );
  return decision.acceptedEdits.includes(0);
}

/** Epoch 2 and later: rewrites the region from the comparison, then gates or reviews it. */
async function slowUpdate(session: TrainingSession, epoch: number, step: number, comparison: EpochComparison, record: EpochEndRecord): Promise<void> {
  const { state, config } = session;
  const { pairs } = comparison;
  const outcome = await rewriteSlowUpdateRegion({ previousEpochSkill: state.epochStartSkill, currentSkill: state.currentSkill, pairs, optimizer: session.models.optimizer, signal: session.signal });
  const categories = categoryCounts(pairs);
  record.slowUpdate = { action: outcome.action, categories, guidance: outcome.guidance, pairs: { policy: config.longitudinalPairPolicy, kept: pairs.length, compared: comparison.total } };
  if (outcome.skill === state.currentSkill) return;
  if (config.slowUpdate.gateWithSelection) {
    // SkillOpt's `slow_update_gate_with_selection`: the same validation gate as a step.
    session.emit({ type: 'stage_started', stage: 'gate', epoch, step });
    const started = Date.now();
    const hash = skillContentHash(outcome.skill);
    const gate = await gateCandidate({
      candidate: outcome.skill,
      candidateHash: hash,
      currentScore: state.currentScore,
      currentTasks: session.currentTaskScores(),
      bestScore: state.bestScore,
      gate: config.gate,
      validate: (text, textHash) => session.validate(text, textHash, epoch, step),
    });
    session.accounting.time('validation', Date.now() - started);
    record.slowUpdate.gate = { action: gate.action, validation: gate.scores, gateScore: gate.candidateScore, scoreBefore: state.currentScore, evidence: gate.evidence };
    if (isAccepted(gate.action)) session.adopt(outcome.skill, gate.candidateScore, epoch, step);
    return;
  }
  // Gate mode review: the person keeps or drops the new region; otherwise it is kept, as in SkillOpt.
  const review = config.gate.mode === 'review' ? session.review : undefined;
  const accepted = review === undefined || (await reviewSlowUpdate(session, review, { epoch, step, outcome, categories }));
  if (review) record.slowUpdate.review = { accepted };
  if (!accepted) return;
  state.currentSkill = outcome.skill;
  // The current score now belongs to the skill before the slow update; said so until a step is accepted.
  state.currentScoreUnvalidated = true;
}

/**
 * `rotateValidation`: the next epoch validates on other tasks, so the current and best
 * skills are scored on them now; the next epoch's candidates are compared with those
 * scores, never with scores on another set. The current skill's score is validated
 * again, slow update included.
 */
async function rotateValidation(session: TrainingSession, epoch: number, step: number, record: EpochEndRecord): Promise<void> {
  const { state, config } = session;
  const next = epoch + 1;
  const val = session.tasksOf(next).val;
  session.emit({ type: 'stage_started', stage: 'gate', epoch, step });
  const started = Date.now();
  const score = async (skill: string) => metricValue(await session.validate(skill, skillContentHash(skill), next, step), config.gate.metric, config.gate.mixedWeight);
  // Both at once; the promotion below finds the current skill's scores in the cache.
  const [, best] = await Promise.all([score(state.currentSkill), score(state.bestSkill)]);
  state.bestScore = best;
  state.bestValidationKey = session.validationKey(skillContentHash(state.bestSkill), next);
  // On the new set the current skill may beat the best: the gate's rule decides, as at the end of a run.
  const current = state.currentSkill === state.bestSkill ? undefined : await promoteIfBetter(session, state.currentSkill, next, step);
  session.accounting.time('validation', Date.now() - started);
  state.currentScore = current?.score ?? best;
  state.currentScoreUnvalidated = false;
  state.currentValidationKey = session.validationKey(skillContentHash(state.currentSkill), next);
  record.rotation = { nextEpoch: next, validationTaskIds: val.map((task) => task.id), currentScore: state.currentScore, bestScore: state.bestScore, ...(current?.promoted ? { currentBecameBest: true } : {}) };
  session.emit({ type: 'validation_rotated', epoch: next, tasks: val.length, currentScore: state.currentScore, bestScore: state.bestScore });
}

export async function runEpochEnd(session: TrainingSession, epoch: number): Promise<void> {
  const { state, config } = session;
  const step = state.globalStep;
  session.journal.beginUnit(`epoch-${epoch}-end`);
  const epochEndSkill = state.currentSkill;
  const record: EpochEndRecord = {
    kind: 'epoch_end',
    epoch,
    step,
    slowUpdate: { action: 'disabled' },
    metaSkill: { action: 'disabled' },
    currentScore: 0,
    bestScore: 0,
    at: '',
  };

  let comparison: EpochComparison | undefined;
  let started = Date.now();
  if (config.slowUpdate.enabled) {
    session.emit({ type: 'stage_started', stage: 'slow_update', epoch, step });
    if (epoch === 1) {
      const outcome = insertSlowUpdateRegion(state.currentSkill);
      state.currentSkill = outcome.skill;
      record.slowUpdate = { action: outcome.action };
    } else {
      comparison = await compareEpochSkills(session, { previousSkill: state.epochStartSkill, currentSkill: epochEndSkill, epoch, step, stage: 'slow_update' });
      await slowUpdate(session, epoch, step, comparison, record);
    }
    if (state.currentSkill !== epochEndSkill) {
      record.checkpoint = await session.writeCheckpoint(checkpointFileName(step, 'slow-update'), state.currentSkill, { step, epoch, kind: 'slow_update', accepted: true });
    }
  }
  session.accounting.time('slow_update', Date.now() - started);
  session.checkpointSafePoint();

  started = Date.now();
  if (config.metaSkill.enabled && epoch === 1) {
    // SkillOpt skips the first epoch: there is no earlier epoch to compare it with.
    record.metaSkill = { action: 'skipped_first_epoch' };
  } else if (config.metaSkill.enabled) {
    session.emit({ type: 'stage_started', stage: 'meta_skill', epoch, step });
    // Without a slow update, the meta skill runs the same comparison itself.
    comparison ??= await compareEpochSkills(session, { previousSkill: state.epochStartSkill, currentSkill: epochEndSkill, epoch, step, stage: 'meta_skill' });
    const steps = (await session.run.readSteps()).filter((entry): entry is TrainingStepRecord => entry.kind === 'step' && entry.epoch === epoch);
    const outcome = await updateMetaSkill({
      epoch,
      previousMemory: state.metaSkill,
      startSkill: state.epochStartSkill,
      endSkill: epochEndSkill,
      steps,
      pairs: comparison.pairs,
      optimizer: session.models.optimizer,
      signal: session.signal,
    });
    state.metaSkill = outcome.memory;
    record.metaSkill = { action: outcome.action, content: outcome.memory };
  }
  session.accounting.time('meta_skill', Date.now() - started);

  if (config.rotateValidation && epoch < config.epochs) await rotateValidation(session, epoch, step, record);

  state.stepHistory = [];
  state.epochStartSkill = state.currentSkill;
  record.currentScore = state.currentScore;
  record.bestScore = state.bestScore;
  if (state.currentScoreUnvalidated) record.currentScoreUnvalidated = true;
  record.at = new Date().toISOString();
  state.cursor = epoch < config.epochs ? { phase: 'step', epoch: epoch + 1, stepInEpoch: 0 } : { phase: 'final' };
  session.emit({ type: 'epoch_ended', epoch, slowUpdate: record.slowUpdate.action, metaSkill: record.metaSkill.action, categories: record.slowUpdate.categories });
  await session.commit([record]);
}
