/**
 * The simulated optimizer in the rewrite update modes: its analysts' edits become
 * revision suggestions or a whole rewritten skill (the edits applied), the merge of
 * whole skills keeps one, and the rewrite call carries the chosen suggestions out as
 * appended rules. Deterministic, like the rest of the simulated world.
 */
import { applyEdits } from '../../skill/apply-edits';
import { jsonSection, section } from './prompt-sections';
import type { Edit } from './simulated-optimizer';

type Item = Edit;

/** Which update mode a system prompt asks for. */
export function simulatedUpdateMode(system: string): 'patch' | 'suggestions' | 'full_rewrite' {
  if (/rewrites the skill from suggestions|revision suggestions/.test(system)) return 'suggestions';
  if (/rewrites the whole skill from each minibatch|complete skill candidates/.test(system)) return 'full_rewrite';
  return 'patch';
}

/** An analyst's patch reshaped for the run's update mode. */
export function reshapeReflectReply(reply: string, system: string, user: string): string {
  const mode = simulatedUpdateMode(system);
  if (mode === 'patch') return reply;
  const parsed = JSON.parse(reply) as { reasoning: string; edits: Item[] };
  if (mode === 'suggestions') {
    parsed.edits = parsed.edits.map((edit) => ({ op: 'suggestion', target: `add_rule: ${(edit.content ?? '').replace(/^- /, '').slice(0, 40)}`, content: edit.content, source: edit.source, reasoning: edit.reasoning }));
  } else {
    const skill = section(user, 'skill') ?? '';
    const rewritten = applyEdits(skill, parsed.edits.map((edit) => ({ op: edit.op, target: edit.target, content: edit.content }))).text;
    parsed.edits = parsed.edits.length === 0 ? [] : [{ op: 'rewrite', target: 'Rewritten from this minibatch', content: rewritten, source: parsed.edits[0].source, reasoning: parsed.reasoning }];
  }
  return JSON.stringify(parsed);
}

/** A merge of whole-skill candidates keeps the one with the most support (the first on a tie). */
export function reshapeMergeReply(reply: string, system: string): string {
  if (simulatedUpdateMode(system) !== 'full_rewrite') return reply;
  const parsed = JSON.parse(reply) as { reasoning: string; edits: Item[] };
  const best = [...parsed.edits].sort((a, b) => (b.support ?? 1) - (a.support ?? 1))[0];
  return JSON.stringify({ ...parsed, edits: best ? [best] : [] });
}

/** The rewrite call: the chosen suggestions appended as rules. */
export function simulatedRewriteReply(user: string): string {
  const skill = section(user, 'skill') ?? '';
  const suggestions = jsonSection<Item[]>(user, 'suggestions') ?? [];
  const edits = suggestions.filter((item) => item.content).map((item) => ({ op: 'append', content: item.content }));
  return JSON.stringify({ reasoning: `Carried out ${edits.length} suggestions.`, change_summary: edits.map((edit) => `Added ${edit.content}`), new_skill: applyEdits(skill, edits).text });
}
