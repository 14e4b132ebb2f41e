/**
 * SkillOpt's autonomous learning-rate control (`lr_control_mode: autonomous`): one
 * optimizer call reads the merged edit pool and the step's evidence and decides how
 * many edits to apply now; ranking then keeps that many. The answer is clamped to the
 * pool's size; a reply that cannot be used applies nothing, as in SkillOpt.
 */
import type { ChatModel } from '../models/chat-model';
import { StructuredReplyError } from '../models/model-errors';
import { completeStructured } from '../models/structured-reply';
import type { ScorePair } from '../store/run-records';
import { editCountDecisionSchema, editForPrompt, schemaNames, type ProposedEdit } from './optimizer-replies';
import { metaSkillBlock, renderPrompt } from './prompt-templates';

/** What the optimizer decided, as the step record keeps it. */
export interface EditCountDecision {
  /** Edits to apply: the decision clamped to the pool. */
  count: number;
  /** What the optimizer answered, before clamping (absent when it could not be read). */
  requested?: number;
  available: number;
  /** The reply could not be used, so nothing is applied. */
  fallback: boolean;
  reasoning: string;
  confidence?: string;
  riskNotes?: string[];
}

export async function decideEditCount(options: {
  skill: string;
  edits: readonly ProposedEdit[];
  train: ScorePair & { count: number };
  stepHistory: string;
  metaSkill: string;
  optimizer: ChatModel;
  signal?: AbortSignal;
}): Promise<EditCountDecision> {
  const available = options.edits.length;
  try {
    const reply = await completeStructured(
      options.optimizer,
      {
        label: 'edit_count',
        signal: options.signal,
        messages: [
          { role: 'system', content: renderPrompt('editCountSystem', {}) },
          {
            role: 'user',
            content: renderPrompt('editCountUser', {
              metaSkill: metaSkillBlock(options.metaSkill),
              skill: options.skill,
              count: options.train.count,
              hard: options.train.hard.toFixed(3),
              soft: options.train.soft.toFixed(3),
              available,
              buffer: options.stepHistory.trim() ? `<step_history>\n${options.stepHistory.trim()}\n</step_history>\n\n` : '',
              edits: JSON.stringify(options.edits.map((edit, index) => ({ index, ...editForPrompt(edit) })), null, 2),
            }),
          },
        ],
      },
      editCountDecisionSchema,
      schemaNames.editCount,
    );
    const requested = Math.max(0, Math.floor(reply.learning_rate));
    return { count: Math.min(requested, available), requested, available, fallback: false, reasoning: reply.reasoning, confidence: reply.confidence, riskNotes: reply.risk_notes };
  } catch (error) {
    if (!(error instanceof StructuredReplyError)) throw error;
    return { count: 0, available, fallback: true, reasoning: error.message };
  }
}
