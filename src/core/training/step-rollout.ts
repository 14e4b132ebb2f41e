/**
 * The first two stages of a step over its accumulated batches (SkillOpt's
 * `accumulation`): every batch is rolled out with the current skill and reflected on
 * separately (its own minibatches, its own seed), all batches at once; their patches
 * then merge into the step's one update.
 */
import type { StoredEdit } from '../store/run-records';
import { shuffleWithSeed } from '../tasks/seeded-random';
import type { EvalTask } from '../tasks/eval-task';
import type { ProposedEdit } from './optimizer-replies';
import { reflect, type MinibatchPatch } from './reflect-stage';
import { meanScores, type RolloutResult } from './rollout-stage';
import { formatStepHistory } from './step-history';
import type { TrainingSession } from './training-session';

/** The train tasks of each batch of a step: the epoch's seeded shuffle, cut into batches. */
export function stepBatches(session: TrainingSession, epoch: number, stepInEpoch: number): EvalTask[][] {
  const train = session.tasksOf(epoch).train;
  const size = Math.min(session.config.batchSize, train.length);
  const order = shuffleWithSeed(train, `${session.config.seed}:epoch:${epoch}`);
  const batches: EvalTask[][] = [];
  for (let batch = 0; batch < session.config.accumulation; batch += 1) {
    const start = (stepInEpoch * session.config.accumulation + batch) * size;
    const tasks = order.slice(start, start + size);
    if (tasks.length > 0) batches.push(tasks);
  }
  return batches;
}

export interface StepRollout {
  /** Every batch's results, in batch order. */
  results: RolloutResult[];
  /** Per batch, when there is more than one. */
  batches: Array<{ count: number; hard: number; soft: number }>;
  patches: MinibatchPatch[];
}

export async function rolloutAndReflect(
  session: TrainingSession,
  input: { epoch: number; stepInEpoch: number; step: number; analystBudget: number; toStored: (edit: ProposedEdit) => StoredEdit; onStage: (stage: 'reflect') => void },
): Promise<StepRollout> {
  const { config, state } = session;
  const { epoch, step } = input;
  const batches = stepBatches(session, epoch, input.stepInEpoch);
  const rollouts = await Promise.all(
    batches.map((tasks, index) =>
      session.rollout({ skill: state.currentSkill, tasks, phase: 'train', epoch, step, strict: false, what: batches.length > 1 ? `train batch ${index + 1} of step ${step}` : `train batch of step ${step}` }),
    ),
  );
  session.checkpointSafePoint();
  input.onStage('reflect');
  const stepHistory = formatStepHistory(state.stepHistory);
  const reflected = await Promise.all(
    rollouts.map((results, index) =>
      reflect({
        skill: state.currentSkill,
        results,
        budget: input.analystBudget,
        minibatchSize: config.minibatchSize,
        concurrency: config.reflectConcurrency,
        failureOnly: config.failureOnly,
        // The first batch keeps the seed a step without accumulation has.
        seed: index === 0 ? `${config.seed}:step:${step}` : `${config.seed}:step:${step}:batch:${index}`,
        stepHistory,
        metaSkill: state.metaSkill,
        skillAware: config.skillAwareReflection.enabled,
        updateMode: config.skillUpdateMode,
        optimizer: session.models.optimizer,
        signal: session.signal,
        onPatch: (patch) =>
          session.emit({ type: 'patch_proposed', step, source: patch.source, minibatch: patch.minibatch, edits: patch.edits.map(input.toStored), unparsable: patch.unparsable }),
      }),
    ),
  );
  return {
    results: rollouts.flat(),
    batches: rollouts.length > 1 ? rollouts.map((results) => ({ ...meanScores(results), count: results.length })) : [],
    patches: reflected.flat(),
  };
}
