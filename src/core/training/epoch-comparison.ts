/**
 * Runs the adjacent-epoch comparison: a seeded sample of train tasks under the
 * previous epoch's skill and the current one, both at once, then the pair policy.
 * Every rollout is a fresh sample, so an epoch that changed nothing still shows the
 * target's noise, as SkillOpt's does; only when training calls are served from the
 * response cache does one rollout stand for both identical skills.
 */
import { shuffleWithSeed } from '../tasks/seeded-random';
import { comparisonPairs, filterPairs, type ComparisonPair } from './longitudinal-pairs';
import type { RolloutResult } from './rollout-stage';
import type { TrainingSession } from './training-session';

export interface EpochComparison {
  /** The pairs the policy kept (at most `slowUpdate.samples`). */
  pairs: ComparisonPair[];
  /** Every pair compared, topped-up ones included. */
  total: number;
}

export async function compareEpochSkills(
  session: TrainingSession,
  options: { previousSkill: string; currentSkill: string; epoch: number; step: number; stage: 'slow_update' | 'meta_skill' },
): Promise<EpochComparison> {
  const { config } = session;
  const target = config.slowUpdate.samples;
  const policy = config.longitudinalPairPolicy;
  const order = shuffleWithSeed(session.tasksOf(options.epoch).train, `${config.seed}:slow-update:${options.epoch}`);
  const run = async (tasks: typeof order): Promise<ComparisonPair[]> => {
    const identical = options.previousSkill === options.currentSkill && config.cacheTrainingCalls;
    const skills = identical ? [options.currentSkill] : [options.previousSkill, options.currentSkill];
    const rollouts: RolloutResult[][] = await Promise.all(
      skills.map((skill) => session.rollout({ skill, tasks, phase: 'slow_update', stage: options.stage, epoch: options.epoch, step: options.step, strict: false, what: 'adjacent-epoch comparison' })),
    );
    return comparisonPairs(rollouts[0], rollouts[rollouts.length - 1]);
  };
  const all = await run(order.slice(0, target));
  const kept = filterPairs(all, policy);
  // `changed` keeps only tasks whose outcome changed; like SkillOpt it tops the sample up
  // from the rest of the train split, here in waves of the pairs still missing.
  let next = target;
  while (policy === 'changed' && kept.length < target && next < order.length) {
    const wave = order.slice(next, next + (target - kept.length));
    next += wave.length;
    const pairs = await run(wave);
    all.push(...pairs);
    kept.push(...filterPairs(pairs, policy));
  }
  return { pairs: kept.slice(0, target), total: all.length };
}
