/**
 * Epoch boundary, slow update. Epoch 1 adds the empty protected region. From epoch 2,
 * the same sample of train tasks is run under the previous epoch's final skill and the
 * current one; each task is classed improved / regressed / persistent failure / stable
 * success; the optimizer judges the guidance it wrote before and rewrites the region.
 * As in SkillOpt's default, the new guidance goes into the current skill without a
 * validation pass (the final validation at the end of the run scores it).
 */
import type { ChatModel } from '../models/chat-model';
import { StructuredReplyError } from '../models/model-errors';
import { completeStructured } from '../models/structured-reply';
import { ensureSlowUpdateRegion, readSlowUpdateRegion, replaceSlowUpdateRegion } from '../skill/protected-region-content';
import { schemaNames, slowUpdateSchema } from './optimizer-replies';
import { renderPrompt } from './prompt-templates';
import type { RolloutResult } from './rollout-stage';

export type PairCategory = 'improved' | 'regressed' | 'persistent_failure' | 'stable_success';

export interface ComparisonPair {
  taskId: string;
  prompt: string;
  category: PairCategory;
  previous: { hard: number; soft: number; output: string };
  current: { hard: number; soft: number; output: string };
}

/** Pairs the two rollouts task by task (tasks scored in both only). */
export function comparisonPairs(previous: readonly RolloutResult[], current: readonly RolloutResult[]): ComparisonPair[] {
  const before = new Map(previous.map((result) => [result.task.id, result]));
  const pairs: ComparisonPair[] = [];
  for (const after of current) {
    const prior = before.get(after.task.id);
    if (!prior) continue;
    const was = prior.score.hard === 1;
    const is = after.score.hard === 1;
    const category: PairCategory = !was && is ? 'improved' : was && !is ? 'regressed' : is ? 'stable_success' : 'persistent_failure';
    pairs.push({
      taskId: after.task.id,
      prompt: after.task.prompt,
      category,
      previous: { hard: prior.score.hard, soft: prior.score.soft, output: prior.output },
      current: { hard: after.score.hard, soft: after.score.soft, output: after.output },
    });
  }
  return pairs;
}

export function categoryCounts(pairs: readonly ComparisonPair[]): Record<PairCategory, number> {
  const counts: Record<PairCategory, number> = { improved: 0, regressed: 0, persistent_failure: 0, stable_success: 0 };
  for (const pair of pairs) counts[pair.category] += 1;
  return counts;
}

const categoryOrder: PairCategory[] = ['regressed', 'persistent_failure', 'improved', 'stable_success'];

/** The comparison as tagged blocks, regressions first (they matter most). */
export function formatComparison(pairs: readonly ComparisonPair[]): string {
  if (pairs.length === 0) return '(no comparison available)';
  const sorted = [...pairs].sort((a, b) => categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category));
  return sorted
    .map((pair) => {
      const outputs =
        pair.category === 'stable_success'
          ? ''
          : `\nBefore:\n${pair.previous.output.slice(0, 1500)}\nAfter:\n${pair.current.output.slice(0, 1500)}`;
      return (
        `<pair id="${pair.taskId}" category="${pair.category}">\nTask: ${pair.prompt.slice(0, 600)}\n` +
        `Previous epoch: ${pair.previous.hard ? 'PASS' : 'FAIL'} (soft ${pair.previous.soft.toFixed(2)}); ` +
        `current: ${pair.current.hard ? 'PASS' : 'FAIL'} (soft ${pair.current.soft.toFixed(2)})${outputs}\n</pair>`
      );
    })
    .join('\n\n');
}

export interface SlowUpdateOutcome {
  skill: string;
  action: 'inserted_empty_region' | 'rewrote_region' | 'no_content';
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
  try {
    const reply = await completeStructured(
      options.optimizer,
      {
        label: 'slow_update',
        signal: options.signal,
        messages: [
          { role: 'system', content: renderPrompt('slowUpdateSystem', {}) },
          {
            role: 'user',
            content: renderPrompt('slowUpdateUser', {
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
        ],
      },
      slowUpdateSchema,
      schemaNames.slowUpdate,
    );
    if (reply.guidance.trim() === '') return { skill: options.currentSkill, action: 'no_content', verdict: reply.previous_guidance_verdict };
    return {
      skill: replaceSlowUpdateRegion(options.currentSkill, reply.guidance),
      action: 'rewrote_region',
      guidance: reply.guidance.trim(),
      verdict: reply.previous_guidance_verdict,
    };
  } catch (error) {
    if (!(error instanceof StructuredReplyError)) throw error;
    return { skill: options.currentSkill, action: 'no_content' };
  }
}
