/**
 * SkillOpt's autonomous learning-rate control (`lr_control_mode: autonomous`): one
 * optimizer call reads the merged edit pool and the step's evidence and decides how
 * many edits to apply now; ranking then keeps that many. The answer is clamped to the
 * pool's size; a reply that cannot be used applies nothing, as in SkillOpt.
 */
import type { ChatModel } from '../models/chat-model';
import type { ScorePair } from '../store/run-records';
import { editCountDecisionSchema, indexedEditsForPrompt, schemaNames, type ProposedEdit } from './optimizer-replies';
import { askOptimizer } from './ask-optimizer';
import { metaSkillBlock, renderPrompt, stepHistoryBlock } from './prompt-templates';

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
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'edit_count',
      signal: options.signal,
      system: renderPrompt('editCountSystem', {}),
      user: renderPrompt('editCountUser', {
        metaSkill: metaSkillBlock(options.metaSkill),
        skill: options.skill,
        count: options.train.count,
        hard: options.train.hard.toFixed(3),
        soft: options.train.soft.toFixed(3),
        available,
        buffer: stepHistoryBlock(options.stepHistory),
        edits: indexedEditsForPrompt(options.edits),
      }),
    },
    editCountDecisionSchema,
    schemaNames.editCount,
  );
  if (!answer.ok) return { count: 0, available, fallback: true, reasoning: answer.error.message };
  const { reply } = answer;
  const requested = Math.max(0, Math.floor(reply.learning_rate));
  return { count: Math.min(requested, available), requested, available, fallback: false, reasoning: reply.reasoning, confidence: reply.confidence, riskNotes: reply.risk_notes };
}
