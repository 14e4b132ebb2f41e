/**
 * Stage 4, select: when more edits survive than the step's edit budget, one optimizer
 * call ranks them (impact, complementarity, generality, actionability) and the best
 * ones are kept. A reply that cannot be parsed, or that names no valid edit, keeps the
 * first edits instead (the merge put failure edits first).
 */
import type { ChatModel } from '../models/chat-model';
import { askOptimizer } from './ask-optimizer';
import { editRankingSchema, indexedEditsForPrompt, schemaNames, type ProposedEdit } from './optimizer-replies';
import { metaSkillBlock, renderPrompt } from './prompt-templates';

export interface SelectOptions {
  skill: string;
  edits: ProposedEdit[];
  /** The step's edit budget; Infinity keeps everything. */
  budget: number;
  metaSkill: string;
  optimizer: ChatModel;
  signal?: AbortSignal;
}

export interface SelectOutcome {
  selected: ProposedEdit[];
  /** A ranking call was made. */
  ranked: boolean;
  /** The ranking could not be used and the first edits were kept. */
  fallback: boolean;
}

export async function selectEdits(options: SelectOptions): Promise<SelectOutcome> {
  const { edits, budget } = options;
  if (edits.length <= budget) return { selected: edits, ranked: false, fallback: false };
  const firstN: SelectOutcome = { selected: edits.slice(0, budget), ranked: true, fallback: true };
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'rank',
      signal: options.signal,
      system: renderPrompt('rankSystem', {}),
      user: renderPrompt('rankUser', { metaSkill: metaSkillBlock(options.metaSkill), skill: options.skill, budget, count: edits.length, edits: indexedEditsForPrompt(edits) }),
    },
    editRankingSchema,
    schemaNames.rank,
  );
  if (!answer.ok) return firstN;
  const seen = new Set<number>();
  const selected: ProposedEdit[] = [];
  for (const index of answer.reply.selected) {
    if (!Number.isInteger(index) || index < 0 || index >= edits.length || seen.has(index)) continue;
    seen.add(index);
    selected.push(edits[index]);
    if (selected.length >= budget) break;
  }
  return selected.length > 0 ? { selected, ranked: true, fallback: false } : firstN;
}
