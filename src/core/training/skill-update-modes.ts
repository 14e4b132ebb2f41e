/**
 * SkillOpt's `skill_update_mode`: how a step turns its analysis into a candidate.
 * - `patch` (default): analysts propose edit operations, applied as they are.
 * - `rewrite_from_suggestions`: analysts propose revision suggestions, which merge and
 *   rank like edits; one optimizer call then rewrites the whole skill from the chosen ones.
 * - `full_rewrite_minibatch`: every analyst writes a complete replacement skill; the
 *   merge combines them into one, which becomes the candidate (no edit budget, no ranking).
 * Suggestions and rewrites travel through the stages as `ProposedEdit`s (op
 * `suggestion` or `rewrite`), so reflect, merge and rank serve every mode. A rewrite
 * never changes the frontmatter or a protected region: both are restored from the
 * current skill.
 */
import type { ChatModel } from '../models/chat-model';
import { readProtectedRegion, replaceProtectedRegion } from '../skill/protected-region-content';
import { protectedRegionKinds } from '../skill/protected-markers';
import { splitBody } from '../skill/split-body';
import { askOptimizer } from './ask-optimizer';
import { editForPrompt, schemaNames, skillRewriteSchema, type ProposedEdit } from './optimizer-replies';
import { renderPrompt, stepHistoryBlock, type PromptName } from './prompt-templates';

export type SkillUpdateMode = 'patch' | 'rewrite_from_suggestions' | 'full_rewrite_minibatch';

export const skillUpdateModes: readonly SkillUpdateMode[] = ['patch', 'rewrite_from_suggestions', 'full_rewrite_minibatch'];

const analystSections: Record<SkillUpdateMode, PromptName | undefined> = { patch: undefined, rewrite_from_suggestions: 'modeSuggestionsAnalyst', full_rewrite_minibatch: 'modeFullRewriteAnalyst' };
const mergeSections: Record<SkillUpdateMode, PromptName | undefined> = { patch: undefined, rewrite_from_suggestions: 'modeSuggestionsMerge', full_rewrite_minibatch: 'modeFullRewriteMerge' };

/** What the analysts' or mergers' system prompt gains in this mode (empty for `patch`). */
export function modeSection(mode: SkillUpdateMode, stage: 'analyst' | 'merge'): string {
  const name = (stage === 'analyst' ? analystSections : mergeSections)[mode];
  return name ? `\n\n${renderPrompt(name, {})}` : '';
}

/**
 * `rewritten` with the current skill's frontmatter and the contents of its protected
 * regions: a rewrite may change the body's guidance only.
 */
export function keepProtectedParts(current: string, rewritten: string): string {
  const { head } = splitBody(current);
  const { body } = splitBody(rewritten.trim() === '' ? current : rewritten);
  let candidate = head + body;
  for (const kind of protectedRegionKinds) {
    const content = readProtectedRegion(current, kind);
    if (content !== undefined) candidate = replaceProtectedRegion(candidate, kind, content);
  }
  return candidate.endsWith('\n') ? candidate : `${candidate}\n`;
}

export interface RewriteOutcome {
  /** The candidate skill; the current one when no usable rewrite came back. */
  candidate: string;
  changeSummary: string[];
  /** Why there is no rewrite, when there is none. */
  failed?: string;
}

/** `rewrite_from_suggestions`: one optimizer call rewrites the skill from the chosen suggestions. */
export async function rewriteFromSuggestions(options: { skill: string; suggestions: readonly ProposedEdit[]; stepHistory: string; optimizer: ChatModel; signal?: AbortSignal }): Promise<RewriteOutcome> {
  if (options.suggestions.length === 0) return { candidate: options.skill, changeSummary: [], failed: 'no suggestions were chosen' };
  const answer = await askOptimizer(
    options.optimizer,
    {
      label: 'rewrite',
      signal: options.signal,
      system: renderPrompt('rewriteSystem', {}),
      user: renderPrompt('rewriteUser', {
        skill: options.skill,
        buffer: stepHistoryBlock(options.stepHistory),
        count: options.suggestions.length,
        suggestions: JSON.stringify(options.suggestions.map(editForPrompt), null, 2),
      }),
    },
    skillRewriteSchema,
    schemaNames.rewrite,
  );
  if (!answer.ok) return { candidate: options.skill, changeSummary: [], failed: answer.error.message };
  const { reply } = answer;
  if (reply.new_skill.trim() === '') return { candidate: options.skill, changeSummary: [], failed: 'the rewrite came back empty' };
  return { candidate: keepProtectedParts(options.skill, reply.new_skill), changeSummary: reply.change_summary };
}

/** `full_rewrite_minibatch`: the merged candidate (the first rewrite with a skill in it). */
export function mergedRewrite(skill: string, items: readonly ProposedEdit[]): RewriteOutcome {
  const chosen = items.find((item) => item.op === 'rewrite' && (item.content ?? '').trim() !== '');
  if (!chosen) return { candidate: skill, changeSummary: [], failed: 'no complete skill candidate came back' };
  return { candidate: keepProtectedParts(skill, chosen.content!), changeSummary: chosen.reasoning ? [chosen.reasoning] : [] };
}
