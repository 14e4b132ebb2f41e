/**
 * Epoch boundary, meta skill: a short memory addressed to the optimizer (which kinds
 * of edit helped or hurt), written at the end of every epoch from the epoch's step
 * outcomes and, from epoch 2, the slow update's comparison. It is shown to the next
 * epoch's reflect, merge and rank prompts and never deployed in the skill.
 *
 * SkillOpt writes its first memory at the end of epoch 2; we also write one after
 * epoch 1 (from the step outcomes alone) so the memory is there from epoch 2 on.
 */
import type { ChatModel } from '../models/chat-model';
import { StructuredReplyError } from '../models/model-errors';
import { completeStructured } from '../models/structured-reply';
import type { TrainingStepRecord } from '../store/run-records';
import { metaSkillSchema, schemaNames } from './optimizer-replies';
import { renderPrompt } from './prompt-templates';
import { formatComparison, type ComparisonPair } from './slow-update';

export interface MetaSkillOutcome {
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
  pairs?: readonly ComparisonPair[];
  optimizer: ChatModel;
  signal?: AbortSignal;
}): Promise<MetaSkillOutcome> {
  try {
    const reply = await completeStructured(
      options.optimizer,
      {
        label: 'meta_skill',
        signal: options.signal,
        messages: [
          { role: 'system', content: renderPrompt('metaSkillSystem', {}) },
          {
            role: 'user',
            content: renderPrompt('metaSkillUser', {
              previousMemory: options.previousMemory || '(none yet)',
              startSkill: options.startSkill,
              endSkill: options.endSkill,
              epoch: options.epoch,
              steps: formatStepOutcomes(options.steps),
              comparison: options.pairs ? formatComparison(options.pairs) : '(not available in the first epoch)',
            }),
          },
        ],
      },
      metaSkillSchema,
      schemaNames.metaSkill,
    );
    return reply.memory.trim() === '' ? { memory: options.previousMemory, action: 'no_content' } : { memory: reply.memory.trim(), action: 'written' };
  } catch (error) {
    if (!(error instanceof StructuredReplyError)) throw error;
    return { memory: options.previousMemory, action: 'no_content' };
  }
}
