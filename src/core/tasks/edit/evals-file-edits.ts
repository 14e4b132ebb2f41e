/**
 * Changes to an `evals/evals.json` text that keep everything else in it: other tasks,
 * unknown keys, the simulated world's hints, and (as far as jsonc-parser can) the
 * file's layout. Pure functions of the text, so VS Code can apply them to an open
 * buffer and the command line to the file on disk; the result is checked by the same
 * loader that reads the file, so a change never leaves a file the tools cannot read.
 */
import { applyEdits, modify, parse, printParseErrorCode, type FormattingOptions, type ParseError } from 'jsonc-parser';
import { SkillTrainerError } from '../../errors';
import { checkEvalsText } from '../load-evals-file';
import { offsetToPosition } from '../json-location';
import { TaskFileError } from '../task-file-error';

/** One task as written into evals.json (its keys as the file spells them). */
export type EvalsFileEntry = Record<string, unknown> & { id: string | number; prompt: string };

/** An evals.json text cannot be changed as asked; the message names the file and the fix. */
export class EvalsFileEditError extends SkillTrainerError {
  readonly file: string;

  constructor(file: string, problem: string) {
    super('evals_file_edit_refused', `${file}: ${problem}`);
    this.file = file;
  }
}

/** The task entries of an evals.json text, parsed leniently enough to edit it. */
function readEntries(text: string, file: string): unknown[] {
  const errors: ParseError[] = [];
  const root = parse(text, errors, { allowTrailingComma: false, disallowComments: true }) as unknown;
  if (errors.length > 0) {
    const { line, column } = offsetToPosition(text, errors[0]!.offset);
    throw new EvalsFileEditError(
      file,
      `line ${line} column ${column} is not valid JSON (${printParseErrorCode(errors[0]!.error)}); fix it first, nothing was changed`,
    );
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new EvalsFileEditError(file, 'is not a JSON object {"skill_name": "...", "evals": [...]}; fix it first, nothing was changed');
  }
  const evals = (root as { evals?: unknown }).evals;
  if (evals === undefined) return [];
  if (!Array.isArray(evals)) throw new EvalsFileEditError(file, '"evals" is not a list of tasks; fix it first, nothing was changed');
  return evals;
}

function entryId(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : undefined;
}

function isDraftEntry(entry: unknown): boolean {
  return (entry as { draft?: unknown } | null)?.draft === true;
}

/** Indentation as the file has it (two spaces when it has none yet). */
function formattingOf(text: string): FormattingOptions {
  const indented = /\n([ \t]+)\S/.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol: text.includes('\r\n') ? '\r\n' : '\n' };
  return { insertSpaces: true, tabSize: indented ? indented.length : 2, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** Refuses a result the loader would not accept (errors only; warnings such as drafts are fine). */
function checked(text: string, file: string): string {
  const result = checkEvalsText(text, file);
  if (!result.taskSet) throw new TaskFileError(result.problems);
  return text;
}

/** Ids already used in the text, for choosing new ones. */
export function evalsFileIds(text: string, file: string): Set<string> {
  return new Set(readEntries(text, file).flatMap((entry) => entryId(entry) ?? []));
}

/** True when the text's root already has `key`. */
function hasRootKey(text: string, key: string): boolean {
  const root = parse(text) as Record<string, unknown> | undefined;
  return typeof root === 'object' && root !== null && Object.hasOwn(root, key);
}

/**
 * Appends tasks to an evals.json text; `undefined` text starts a new file with
 * `skill_name`. Ids must be new: the caller picks them (see `uniqueTaskId`). `sim`
 * (hints for the simulated world) is written only where the file has none.
 */
export function appendTasksText(
  text: string | undefined,
  entries: readonly EvalsFileEntry[],
  options: { file: string; skillName: string; sim?: unknown },
): string {
  if (text === undefined || text.trim() === '') {
    const file = { skill_name: options.skillName, evals: entries, ...(options.sim !== undefined && { sim: options.sim }) };
    return checked(`${JSON.stringify(file, null, 2)}\n`, options.file);
  }
  const taken = evalsFileIds(text, options.file);
  for (const entry of entries) {
    if (taken.has(String(entry.id))) throw new EvalsFileEditError(options.file, `already has a task with id "${String(entry.id)}"; nothing was changed`);
    taken.add(String(entry.id));
  }
  const formattingOptions = formattingOf(text);
  let next = text;
  if (readEntries(text, options.file).length === 0) {
    next = applyEdits(next, modify(next, ['evals'], [], { formattingOptions }));
  }
  for (const entry of entries) next = applyEdits(next, modify(next, ['evals', -1], entry, { formattingOptions }));
  if (options.sim !== undefined && !hasRootKey(next, 'sim')) next = applyEdits(next, modify(next, ['sim'], options.sim, { formattingOptions }));
  return checked(next, options.file);
}

/** What a review decision changed. */
export interface DraftDecisionResult {
  text: string;
  /** Ids of the drafts the decision applied to, in file order. */
  ids: string[];
}

/** Drafts among `ids` (all drafts for 'all'); an id that names no draft is refused with the drafts there are. */
function selectDrafts(entries: readonly unknown[], ids: readonly string[] | 'all', file: string): number[] {
  const drafts = entries.flatMap((entry, index) => (isDraftEntry(entry) ? [index] : []));
  if (ids === 'all') return drafts;
  const draftIds = drafts.map((index) => entryId(entries[index]));
  const unknown = ids.filter((id) => !draftIds.includes(id.trim()));
  if (unknown.length > 0) {
    const known = entries.some((entry) => unknown.includes(entryId(entry) ?? ''));
    const listed = draftIds.length === 0 ? 'it has no drafts left' : `its drafts are ${draftIds.map((id) => `'${id}'`).join(', ')}`;
    throw new EvalsFileEditError(
      file,
      `${unknown.map((id) => `'${id}'`).join(', ')} ${known ? 'is a reviewed task, not a draft' : 'names no task'}; ${listed}. Nothing was changed.`,
    );
  }
  const wanted = new Set(ids.map((id) => id.trim()));
  return drafts.filter((index) => wanted.has(entryId(entries[index]) ?? ''));
}

/** Marks drafts as reviewed (removes `"draft": true`), keeping everything else of each task. */
export function acceptDraftsText(text: string, ids: readonly string[] | 'all', file: string): DraftDecisionResult {
  const entries = readEntries(text, file);
  const chosen = selectDrafts(entries, ids, file);
  const formattingOptions = formattingOf(text);
  let next = text;
  for (const index of chosen) next = applyEdits(next, modify(next, ['evals', index, 'draft'], undefined, { formattingOptions }));
  return { text: chosen.length > 0 ? checked(next, file) : text, ids: chosen.map((index) => entryId(entries[index])!) };
}

/**
 * Removes drafts. Only drafts: a reviewed task is the person's own and is edited in the
 * file. Dropping every task leaves an empty list, which the loader then reports.
 */
export function dropDraftsText(text: string, ids: readonly string[] | 'all', file: string): DraftDecisionResult {
  const entries = readEntries(text, file);
  const chosen = selectDrafts(entries, ids, file);
  const formattingOptions = formattingOf(text);
  let next = text;
  // From the end, so earlier indexes stay valid.
  for (const index of [...chosen].reverse()) next = applyEdits(next, modify(next, ['evals', index], undefined, { formattingOptions }));
  const remaining = entries.length - chosen.length;
  return { text: remaining > 0 && chosen.length > 0 ? checked(next, file) : next, ids: chosen.map((index) => entryId(entries[index])!) };
}

/** `base`, or `base-2`, `base-3`… : the first id not in `taken` (which it joins). */
export function uniqueTaskId(base: string, taken: Set<string>): string {
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'task';
  let id = slug;
  for (let suffix = 2; taken.has(id); suffix++) id = `${slug}-${suffix}`;
  taken.add(id);
  return id;
}
