/**
 * Skill-aware reflection's appendix (SkillOpt's `use_skill_aware_reflection`): the
 * analysts route execution lapses — failures a correct rule of the skill would have
 * prevented — into reminders instead of body edits. The reminders collect, without
 * duplicates, in the protected APPENDIX region, which step edits never touch; past a
 * threshold one optimizer call compacts them. The body's rules are never deleted for a
 * lapse, which is the point: a one-off slip must not cost a valid rule.
 */
import type { ChatModel } from '../models/chat-model';
import { readProtectedRegion, replaceProtectedRegion } from '../skill/protected-region-content';
import { askOptimizer } from './ask-optimizer';
import { appendixNotesSchema, schemaNames } from './optimizer-replies';
import { renderPrompt } from './prompt-templates';

/** Shown above the notes inside the region, for the person and the target reading it. */
export const APPENDIX_HEADING = '## Execution Notes Appendix';

/** A note as compared for duplicates: spaces collapsed, trailing punctuation dropped, case folded. */
function canonical(note: string): string {
  return note.replace(/\s+/g, ' ').trim().replace(/[\s.;:,_-]+$/, '').toLowerCase();
}

function distinct(notes: readonly string[]): string[] {
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of notes) {
    const note = raw.replace(/\s+/g, ' ').trim();
    const key = canonical(note);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    kept.push(note);
  }
  return kept;
}

/** The notes in the skill's appendix region, in order (none when it has no region). */
export function readAppendixNotes(skill: string): string[] {
  const inner = readProtectedRegion(skill, 'appendix') ?? '';
  return inner
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && line.replace(/^#+\s*/, '') !== APPENDIX_HEADING.replace(/^#+\s*/, ''))
    .map((line) => line.replace(/^[-*]\s*/, '').trim())
    .filter((line) => line !== '');
}

/** The skill with exactly these notes in its appendix region (created when missing). */
export function writeAppendixNotes(skill: string, notes: readonly string[]): string {
  return replaceProtectedRegion(skill, 'appendix', [APPENDIX_HEADING, ...notes.map((note) => `- ${note}`)].join('\n'));
}

export interface AppendixUpdate {
  skill: string;
  /** Notes this step's analysts wrote. */
  notes: string[];
  /** Notes that were new to the appendix. */
  added: number;
  /** Notes in the appendix afterwards. */
  total: number;
  /** Set when the appendix was compacted: the count before. */
  consolidatedFrom?: number;
}

/** Compacts the notes with one optimizer call; any failure, or no shrinking, keeps them as they are. */
async function consolidate(notes: string[], optimizer: ChatModel, signal?: AbortSignal): Promise<string[]> {
  const answer = await askOptimizer(
    optimizer,
    {
      label: 'appendix',
      signal,
      system: renderPrompt('appendixConsolidationSystem', {}),
      user: renderPrompt('appendixConsolidationUser', { count: notes.length, notes: notes.map((note, index) => `${index + 1}. ${note}`).join('\n') }),
    },
    appendixNotesSchema,
    schemaNames.appendix,
  );
  const compacted = answer.ok ? distinct(answer.reply.appendix_notes) : [];
  return compacted.length > 0 && compacted.length < notes.length ? compacted : notes;
}

/** Adds a step's notes to the appendix; past `consolidateThreshold` notes (0: never) compacts it. */
export async function addAppendixNotes(options: { skill: string; notes: readonly string[]; consolidateThreshold: number; optimizer: ChatModel; signal?: AbortSignal }): Promise<AppendixUpdate> {
  const before = readAppendixNotes(options.skill);
  const incoming = distinct(options.notes);
  if (incoming.length === 0) return { skill: options.skill, notes: [], added: 0, total: before.length };
  let after = distinct([...before, ...incoming]);
  const added = after.length - before.length;
  let consolidatedFrom: number | undefined;
  if (options.consolidateThreshold > 0 && after.length > options.consolidateThreshold) {
    const compacted = await consolidate(after, options.optimizer, options.signal);
    if (compacted !== after) {
      consolidatedFrom = after.length;
      after = compacted;
    }
  }
  const skill = added > 0 || consolidatedFrom !== undefined ? writeAppendixNotes(options.skill, after) : options.skill;
  return { skill, notes: incoming, added, total: after.length, ...(consolidatedFrom !== undefined ? { consolidatedFrom } : {}) };
}
