/**
 * Tasks from a table of prompts: a CSV file with a header row, or JSON Lines (one
 * object per line), each row a prompt with an optional expected output, id, split and
 * description. Every bad row is reported with its line, and nothing is imported while
 * any row is bad.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SkillTrainerError } from '../../errors';
import { parseCsv, CsvSyntaxError } from '../promptfoo/parse-csv';
import type { EvalsFileEntry } from '../edit/evals-file-edits';
import { uniqueTaskId } from '../edit/evals-file-edits';

/** Column (or key) names each field is read from, first match wins; compared without case, spaces and dashes. */
const FIELD_NAMES = {
  prompt: ['prompt', 'input', 'question', 'query'],
  expected_output: ['expected_output', 'expected', 'expectedoutput', 'output', 'answer', 'ideal', 'reference'],
  id: ['id', 'name'],
  split: ['split'],
  description: ['description', 'notes'],
} as const;

type Field = keyof typeof FIELD_NAMES;

/** Bad rows found, at most this many listed (the rest are counted). */
const MAX_LISTED_PROBLEMS = 20;

/** A row, or the whole file, cannot be imported; `problems` has every located problem. */
export class TaskImportError extends SkillTrainerError {
  readonly file: string;
  readonly problems: string[];

  constructor(file: string, problems: string[]) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    const more = problems.length > listed.length ? `\n  … and ${problems.length - listed.length} more` : '';
    super(
      'task_import_invalid',
      `Nothing was imported from ${file}: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}.\n  ${listed.join('\n  ')}${more}`,
    );
    this.file = file;
    this.problems = problems;
  }
}

export interface ImportedTasks {
  entries: EvalsFileEntry[];
  /** Things worth knowing that did not stop the import (ignored columns, rows with nothing to score). */
  notes: string[];
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

function fieldOf(name: string): Field | undefined {
  const key = canonical(name);
  return (Object.keys(FIELD_NAMES) as Field[]).find((field) => FIELD_NAMES[field].some((alias) => canonical(alias) === key));
}

interface RawRow {
  line: number;
  values: Partial<Record<Field, unknown>>;
}

function csvRows(text: string, file: string, notes: string[]): RawRow[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new TaskImportError(file, [`${file}:${error.line}: the row ${error.message}`]);
    throw error;
  }
  const columns = table.header.map((name) => ({ name, field: fieldOf(name) }));
  if (!columns.some((column) => column.field === 'prompt')) {
    throw new TaskImportError(file, [
      `${file}:1: the header (${table.header.map((name) => `"${name}"`).join(', ') || 'empty'}) has no "prompt" column; name the column of prompts "prompt" (optional columns: expected_output, id, split, description)`,
    ]);
  }
  const ignored = columns.filter((column) => column.field === undefined).map((column) => `"${column.name}"`);
  if (ignored.length > 0) notes.push(`Ignored column${ignored.length === 1 ? '' : 's'} ${ignored.join(', ')} (known: prompt, expected_output, id, split, description).`);
  return table.rows.map((row) => {
    const values: RawRow['values'] = {};
    for (const column of columns) if (column.field && values[column.field] === undefined) values[column.field] = row.cells[column.name];
    return { line: row.line, values };
  });
}

function jsonlRows(text: string, file: string, problems: string[], notes: string[]): RawRow[] {
  const rows: RawRow[] = [];
  const ignored = new Set<string>();
  text.split(/\r?\n/).forEach((content, index) => {
    const line = index + 1;
    if (content.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (error) {
      problems.push(`${file}:${line}: not valid JSON (${(error as Error).message}); each line must be one object such as {"prompt": "..."}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${file}:${line}: must be a JSON object such as {"prompt": "...", "expected_output": "..."}`);
      return;
    }
    const values: RawRow['values'] = {};
    for (const [key, cell] of Object.entries(value)) {
      const field = fieldOf(key);
      if (field === undefined) ignored.add(`"${key}"`);
      else if (values[field] === undefined) values[field] = cell;
    }
    rows.push({ line, values });
  });
  if (ignored.size > 0) notes.push(`Ignored key${ignored.size === 1 ? '' : 's'} ${[...ignored].join(', ')} (known: prompt, expected_output, id, split, description).`);
  return rows;
}

/**
 * Reads `file` (.csv, or .jsonl / .ndjson) into evals.json entries. Ids are the rows'
 * own (which must be new) or `<file name>-<row>`; `existingIds` are the skill's ids.
 */
export async function importTaskRows(file: string, existingIds: ReadonlySet<string>): Promise<ImportedTasks> {
  const extension = extname(file).toLowerCase();
  if (!['.csv', '.jsonl', '.ndjson'].includes(extension)) {
    throw new TaskImportError(file, [`${file}: unknown kind of file "${extension || '(no extension)'}"; import a .csv file with a header row or a .jsonl file (one JSON object per line)`]);
  }
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new TaskImportError(file, [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`]);
  }
  const problems: string[] = [];
  const notes: string[] = [];
  const rows = extension === '.csv' ? csvRows(text, file, notes) : jsonlRows(text, file, problems, notes);
  const taken = new Set(existingIds);
  const ownIds = new Map<string, number>();
  const entries: EvalsFileEntry[] = [];
  const base = file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
  let withoutExpected = 0;
  for (const row of rows) {
    const at = `${file}:${row.line}`;
    const { prompt, expected_output: expected, id, split, description } = row.values;
    if (typeof prompt !== 'string' || prompt.trim() === '') {
      problems.push(`${at}: ${prompt === undefined || prompt === '' ? 'the prompt is missing or empty' : 'the prompt must be text'}; give every row the message the target model receives`);
      continue;
    }
    if (expected !== undefined && typeof expected !== 'string') problems.push(`${at}: expected_output must be text`);
    if (split !== undefined && split !== '' && !['train', 'val', 'test'].includes(String(split))) {
      problems.push(`${at}: split "${String(split)}" must be train, val or test (or empty for a seeded split)`);
    }
    let taskId: string;
    if (id !== undefined && id !== '') {
      if (typeof id !== 'string' && typeof id !== 'number') {
        problems.push(`${at}: id must be text or a number`);
        continue;
      }
      taskId = String(id).trim();
      if (existingIds.has(taskId)) problems.push(`${at}: id "${taskId}" is already a task of this skill; give the row another id (or leave it empty)`);
      else if (ownIds.has(taskId)) problems.push(`${at}: id "${taskId}" is also used on line ${ownIds.get(taskId)}; ids must be unique`);
      ownIds.set(taskId, row.line);
      taken.add(taskId);
    } else {
      taskId = uniqueTaskId(`${base}-${entries.length + 1}`, taken);
    }
    const entry: EvalsFileEntry = { id: taskId, prompt };
    if (typeof description === 'string' && description.trim() !== '') entry.description = description;
    if (typeof expected === 'string' && expected.trim() !== '') entry.expected_output = expected;
    else withoutExpected++;
    if (typeof split === 'string' && split !== '') entry.split = split;
    entries.push(entry);
  }
  if (rows.length === 0 && problems.length === 0) problems.push(`${file}: has no rows to import`);
  if (problems.length > 0) throw new TaskImportError(file, problems);
  if (withoutExpected > 0) {
    notes.push(
      `${withoutExpected} of ${entries.length} imported task${entries.length === 1 ? '' : 's'} ${withoutExpected === 1 ? 'has' : 'have'} no expected output and so nothing to score against: ` +
        'add rubric criteria, assertions or an expected_output to them in evals/evals.json (until then they score 0).',
    );
  }
  return { entries, notes };
}
