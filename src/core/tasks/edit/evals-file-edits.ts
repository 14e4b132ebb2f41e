/**
 * Changes to an `evals/evals.json` text that keep everything else in it: other tasks,
 * unknown keys and the simulated world's hints, with the file's indentation and line
 * ends. Pure functions of the text, so VS Code can apply them to an open buffer and
 * the command line to the file on disk; the result is checked by the same loader that
 * reads the file, so a change never leaves a file the tools cannot read.
 */
import { SkillTrainerError } from '../../errors';
import { checkEvalsText } from '../load-evals-file';
import { jsonSyntaxErrorPosition } from '../json-location';
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

type EvalsRoot = Record<string, unknown> & { evals?: unknown[] };

/** The file's root object, parsed; refused (nothing changes) when it is not one. */
function readRoot(text: string, file: string): EvalsRoot {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const { line, column } = jsonSyntaxErrorPosition(text, error);
    throw new EvalsFileEditError(file, `line ${line} column ${column} is not valid JSON (${(error as Error).message}); fix it first, nothing was changed`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new EvalsFileEditError(file, 'is not a JSON object {"skill_name": "...", "evals": [...]}; fix it first, nothing was changed');
  }
  const evals = (root as EvalsRoot).evals;
  if (evals !== undefined && !Array.isArray(evals)) throw new EvalsFileEditError(file, '"evals" is not a list of tasks; fix it first, nothing was changed');
  return root as EvalsRoot;
}

function readEntries(text: string, file: string): unknown[] {
  return readRoot(text, file).evals ?? [];
}

function entryId(entry: unknown): string | undefined {
  const id = (entry as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).trim() : undefined;
}

function isDraftEntry(entry: unknown): boolean {
  return (entry as { draft?: unknown } | null)?.draft === true;
}

/** The root written back with the file's indentation (two spaces when it has none), line ends and final newline. */
function serialize(root: unknown, like: string): string {
  const indented = /\n([ \t]+)\S/.exec(like)?.[1];
  const indent = indented?.startsWith('\t') ? '\t' : (indented?.length ?? 2);
  const text = `${JSON.stringify(root, null, indent)}\n`;
  const bom = like.startsWith('\uFEFF') ? '\uFEFF' : '';
  return bom + (like.includes('\r\n') ? text.replace(/\n/g, '\r\n') : text);
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

/** How many entries the text's `evals` list has; undefined for a text that does not parse. */
export function evalsEntryCount(text: string): number | undefined {
  try {
    return readEntries(text, '').length;
  } catch {
    return undefined;
  }
}

/** The index of the task with `id` in an evals.json text, or −1 (also for a text that does not parse). */
export function taskIndexOf(text: string, id: string): number {
  try {
    return readEntries(text, '').findIndex((entry) => entryId(entry) === id);
  } catch {
    return -1;
  }
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
  const root = readRoot(text, options.file);
  const taken = new Set((root.evals ?? []).flatMap((entry) => entryId(entry) ?? []));
  for (const entry of entries) {
    if (taken.has(String(entry.id))) throw new EvalsFileEditError(options.file, `already has a task with id "${String(entry.id)}"; nothing was changed`);
    taken.add(String(entry.id));
  }
  root.evals = [...(root.evals ?? []), ...entries];
  if (options.sim !== undefined && !Object.hasOwn(root, 'sim')) root.sim = options.sim;
  return checked(serialize(root, text), options.file);
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
  const root = readRoot(text, file);
  const entries = root.evals ?? [];
  const chosen = selectDrafts(entries, ids, file);
  if (chosen.length === 0) return { text, ids: [] };
  for (const index of chosen) delete (entries[index] as Record<string, unknown>).draft;
  return { text: checked(serialize(root, text), file), ids: chosen.map((index) => entryId(entries[index])!) };
}

/**
 * Removes drafts. Only drafts: a reviewed task is the person's own and is edited in the
 * file. Dropping every task leaves an empty list, which the loader then reports.
 */
export function dropDraftsText(text: string, ids: readonly string[] | 'all', file: string): DraftDecisionResult {
  const root = readRoot(text, file);
  const entries = root.evals ?? [];
  const chosen = new Set(selectDrafts(entries, ids, file));
  if (chosen.size === 0) return { text, ids: [] };
  const droppedIds = [...chosen].map((index) => entryId(entries[index])!);
  root.evals = entries.filter((_, index) => !chosen.has(index));
  const next = serialize(root, text);
  return { text: root.evals.length > 0 ? checked(next, file) : next, ids: droppedIds };
}

/** `base`, or `base-2`, `base-3`… : the first id not in `taken` (which it joins). */
export function uniqueTaskId(base: string, taken: Set<string>): string {
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'task';
  let id = slug;
  for (let suffix = 2; taken.has(id); suffix++) id = `${slug}-${suffix}`;
  taken.add(id);
  return id;
}
