/**
 * The epoch boundary, one unit of work: slow update, meta skill, and the reset of the
 * rejected-edit buffer.
 */
import { checkpointFileName } from '../store/run-store';
import type { EpochEndRecord, TrainingStepRecord } from '../store/run-records';
import { shuffleWithSeed } from '../tasks/seeded-random';
import { updateMetaSkill } from './meta-skill';
import { readSlowUpdateRegion } from '../skill/protected-region-content';
import { categoryCounts, comparisonPairs, insertSlowUpdateRegion, rewriteSlowUpdateRegion, type ComparisonPair, type PairCategory, type SlowUpdateOutcome } from './slow-update';
import type { ReviewCallback } from './review-gate';
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

  let pairs: ComparisonPair[] | undefined;
  let started = Date.now();
  if (config.slowUpdate.enabled) {
    session.emit({ type: 'stage_started', stage: 'slow_update', epoch, step });
    if (epoch === 1) {
      const outcome = insertSlowUpdateRegion(state.currentSkill);
      state.currentSkill = outcome.skill;
      record.slowUpdate = { action: outcome.action };
    } else {
      const sample = shuffleWithSeed(session.tasks.train, `${config.seed}:slow-update:${epoch}`).slice(0, config.slowUpdate.samples);
      // Both skills run at once (the call policies' limiter bounds the calls in flight);
      // when the epoch changed nothing, one rollout serves as both.
      const unchanged = state.epochStartSkill === state.currentSkill;
      const skills = unchanged ? [state.currentSkill] : [state.epochStartSkill, state.currentSkill];
      const rollouts = await Promise.all(
        skills.map((skill) => session.rollout({ skill, tasks: sample, phase: 'slow_update', epoch, step, strict: false, what: 'slow-update comparison' })),
      );
      const previous = rollouts[0];
      const current = rollouts[rollouts.length - 1];
      pairs = comparisonPairs(previous, current);
      const outcome = await rewriteSlowUpdateRegion({ previousEpochSkill: state.epochStartSkill, currentSkill: state.currentSkill, pairs, optimizer: session.models.optimizer, signal: session.signal });
      record.slowUpdate = { action: outcome.action, categories: categoryCounts(pairs), guidance: outcome.guidance };
      // Gate mode review: the person keeps or drops the new region; otherwise it is kept, as in SkillOpt.
      const review = outcome.skill !== state.currentSkill && config.gate.mode === 'review' ? session.review : undefined;
      const accepted = review === undefined || (await reviewSlowUpdate(session, review, { epoch, step, outcome, categories: categoryCounts(pairs) }));
      if (review) record.slowUpdate.review = { accepted };
      if (accepted) state.currentSkill = outcome.skill;
    }
    if (state.currentSkill !== epochEndSkill) {
      record.checkpoint = await session.writeCheckpoint(checkpointFileName(step, 'slow-update'), state.currentSkill, { step, epoch, kind: 'slow_update', accepted: true });
    }
  }
  session.accounting.time('slow_update', Date.now() - started);
  session.checkpointSafePoint();

  started = Date.now();
  if (config.metaSkill.enabled) {
    session.emit({ type: 'stage_started', stage: 'meta_skill', epoch, step });
    const steps = (await session.run.readSteps()).filter((entry): entry is TrainingStepRecord => entry.kind === 'step' && entry.epoch === epoch);
    const outcome = await updateMetaSkill({
      epoch,
      previousMemory: state.metaSkill,
      startSkill: state.epochStartSkill,
      endSkill: epochEndSkill,
      steps,
      pairs,
      optimizer: session.models.optimizer,
      signal: session.signal,
    });
    state.metaSkill = outcome.memory;
    record.metaSkill = { action: outcome.action, content: outcome.memory };
  }
  session.accounting.time('meta_skill', Date.now() - started);

  state.stepHistory = [];
  state.epochStartSkill = state.currentSkill;
  record.currentScore = state.currentScore;
  record.bestScore = state.bestScore;
  record.at = new Date().toISOString();
  state.cursor = epoch < config.epochs ? { phase: 'step', epoch: epoch + 1, stepInEpoch: 0 } : { phase: 'final' };
  session.emit({ type: 'epoch_ended', epoch, slowUpdate: record.slowUpdate.action, metaSkill: record.metaSkill.action, categories: record.slowUpdate.categories });
  await session.commit([record]);
}
