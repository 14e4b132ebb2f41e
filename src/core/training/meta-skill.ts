/**
 * Epoch boundary, meta skill: a short memory addressed to the optimizer (which kinds
 * of edit helped or hurt), shown to the next epoch's reflect, merge and rank prompts
 * and never deployed in the skill. As in SkillOpt, the first epoch is skipped (there
 * is no earlier epoch to compare with), so the first memory is written at the end of
 * epoch 2 and active from epoch 3; it is built from the adjacent-epoch comparison,
 * and an epoch that yields no memory leaves the next one without any. We also show the
 * epoch's gate outcomes (what was accepted or rejected), which SkillOpt's memory lacks.
 */
import type { ChatModel } from '../models/chat-model';
import type { TrainingStepRecord } from '../store/run-records';
import { askOptimizer } from './ask-optimizer';
import { metaSkillSchema, schemaNames } from './optimizer-replies';
import { renderPrompt } from './prompt-templates';
import { formatComparison, type ComparisonPair } from './longitudinal-pairs';

export interface MetaSkillOutcome {
  /** The memory of the next epoch: empty when this epoch yielded none. */
  memory: string;
  action: 'written' | 'no_content';
}

/** One line per step: what was tried and what the gate did. */
export function formatStepOutcomes(steps: readonly TrainingStepRecord[]): string {
  if (steps.length === 0) return '(no steps)';
  return steps
    .map((step) => {
      const edits = step.selectedEdits.map((edit) => `[${edit.op}] "${(edit.content ?? '').replace(/\s+/g, ' ').trim().slice(0, 300)}"`).join('; ');
      const after = step.candidateGateScore === undefined ? 'not validated' : step.candidateGateScore.toFixed(3);
      return `- Step ${step.step}: ${step.action} (validation ${step.scoreBefore.toFixed(3)} → ${after}). Edits: ${edits || 'none'}`;
    })
    .join('\n');
}

export async function updateMetaSkill(options: {
  epoch: number;
  previousMemory: string;
  startSkill: string;
  endSkill: string;
  steps: readonly TrainingStepRecord[];
  pairs: readonly ComparisonPair[];
  optimizer: ChatModel;
  signal?: AbortSignal;
}): Promise<MetaSkillOutcome> {
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'meta_skill',
      signal: options.signal,
      system: renderPrompt('metaSkillSystem', {}),
      user: renderPrompt('metaSkillUser', {
        previousMemory: options.previousMemory || '(none yet)',
        startSkill: options.startSkill,
        endSkill: options.endSkill,
        epoch: options.epoch,
        steps: formatStepOutcomes(options.steps),
        comparison: formatComparison(options.pairs),
      }),
    },
    metaSkillSchema,
    schemaNames.metaSkill,
  );
  const memory = answer.ok ? answer.reply.memory.trim() : '';
  return memory === '' ? { memory: '', action: 'no_content' } : { memory, action: 'written' };
}
