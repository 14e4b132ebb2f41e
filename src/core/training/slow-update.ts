/**
 * Epoch boundary, slow update. Epoch 1 adds the empty protected region. From epoch 2,
 * the optimizer reads the adjacent-epoch comparison (see `longitudinal-pairs.ts`),
 * judges the guidance it wrote before and rewrites the region.
 * As in SkillOpt's default, the new guidance goes into the current skill without a
 * validation pass (the final validation at the end of the run scores it).
 */
import type { ChatModel } from '../models/chat-model';
import { ensureSlowUpdateRegion, readSlowUpdateRegion, replaceSlowUpdateRegion } from '../skill/protected-region-content';
import { askOptimizer } from './ask-optimizer';
import { categoryCounts, formatComparison, type ComparisonPair } from './longitudinal-pairs';
import { schemaNames, slowUpdateSchema } from './optimizer-replies';
import { renderPrompt } from './prompt-templates';

export interface SlowUpdateOutcome {
  skill: string;
  /** `unchanged_region`: the new guidance is what the region already held. */
  action: 'inserted_empty_region' | 'rewrote_region' | 'unchanged_region' | 'no_content';
  guidance?: string;
  verdict?: string;
}

/** Epoch 1: the empty region only. */
export function insertSlowUpdateRegion(skill: string): SlowUpdateOutcome {
  return { skill: ensureSlowUpdateRegion(skill), action: 'inserted_empty_region' };
}

/** Epoch 2 and later: the optimizer rewrites the region from the comparison. */
export async function rewriteSlowUpdateRegion(options: {
  previousEpochSkill: string;
  currentSkill: string;
  pairs: readonly ComparisonPair[];
  optimizer: ChatModel;
  signal?: AbortSignal;
}): Promise<SlowUpdateOutcome> {
  const counts = categoryCounts(options.pairs);
  const previousGuidance = readSlowUpdateRegion(options.currentSkill) ?? '';
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'slow_update',
      signal: options.signal,
      system: renderPrompt('slowUpdateSystem', {}),
      user: renderPrompt('slowUpdateUser', {
        previousSkill: options.previousEpochSkill,
        currentSkill: options.currentSkill,
        previousGuidance: previousGuidance || '(none yet: this is the first slow update)',
        count: options.pairs.length,
        improved: counts.improved,
        regressed: counts.regressed,
        persistent: counts.persistent_failure,
        stable: counts.stable_success,
        comparison: formatComparison(options.pairs),
      }),
    },
    slowUpdateSchema,
    schemaNames.slowUpdate,
  );
  if (!answer.ok) return { skill: options.currentSkill, action: 'no_content' };
  const { reply } = answer;
  if (reply.guidance.trim() === '') return { skill: options.currentSkill, action: 'no_content', verdict: reply.previous_guidance_verdict };
  const skill = replaceSlowUpdateRegion(options.currentSkill, reply.guidance);
  return {
    skill,
    action: skill === options.currentSkill || reply.guidance.trim() === previousGuidance.trim() ? 'unchanged_region' : 'rewrote_region',
    guidance: reply.guidance.trim(),
    verdict: reply.previous_guidance_verdict,
  };
}
