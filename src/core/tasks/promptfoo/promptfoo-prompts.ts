import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CodeFunction } from '../../scoring/code/call-file-function';
import type { TaskFileProblems } from '../task-file-problems';
import { expandGlob } from './expand-glob';
import { parseCsv } from './parse-csv';
import { fileReference, loadFileReferences } from './promptfoo-vars';
import { resolveReference } from './resolve-reference';
import { codeFunctionOf, TRUST_TO_RUN_CODE } from './suite-code-reference';

/** One prompt template of a suite. */
export interface PromptTemplate {
  /** How messages name the prompt: its label, else its file or position. */
  label: string;
  /** The template: text, or the JSON text of a chat prompt. */
  raw: string;
  /** Where the prompt is named in the config, for problems. */
  at: PropertyKey[];
  /** Names a provider's `prompts:` list may use for it (label, id, path, text). */
  names: string[];
  /** The prompt's own `config` (`response_format`, ...). */
  config?: Record<string, unknown>;
  /** A prompt function: code called for each test that returns the prompt (`raw` is then its `file://` reference). */
  function?: CodeFunction;
}

interface PromptEntry {
  raw: string;
  label?: string;
  config?: Record<string, unknown>;
  at: PropertyKey[];
}

interface PromptContext {
  configDir: string;
  root: string;
  problems: TaskFileProblems;
  /** The suite's code may run (a trusted workspace): prompt functions are kept, else refused. */
  runCode: boolean;
}

/** Text files: one prompt each; `.txt` may hold several, between lines of `---`. */
const textExtensions = new Set(['.txt', '.md', '.markdown', '.prompt', '.j2', '.jinja', '.jinja2', '.njk', '.nunjucks']);
const codeExtension = /\.(js|cjs|mjs|ts|cts|mts|py)$/i;
const promptFileExtension = /\.(txt|md|markdown|prompt|j2|jinja2?|njk|nunjucks|json|jsonl|ya?ml|csv|js|cjs|mjs|ts|cts|mts|py)$/i;
const managedPrompt = /^(pf|langfuse|portkey|helicone):\/\//i;

/**
 * The suite's prompt templates, read as promptfoo reads `prompts:`: a string, a list of
 * strings and `{raw|id, label, config}` objects, or a `{path: label}` map. A string is
 * a file when it starts with `file://`, or is a single word ending in a prompt file's
 * extension, or is a glob (`prompts/*.txt`); otherwise it is the template itself. Files:
 * text (`.txt` split on `---` lines; `.md`, `.j2` whole), JSON or YAML (a chat prompt,
 * or a list of prompts), JSONL (a prompt per line) and CSV (a `prompt` column). Prompt
 * functions (`.js`, `.cjs`, `.mjs`, `.py`, with an optional `:function`) are kept to be
 * called per test, when the suite's code may run; prompts kept in online services are
 * refused with a message.
 * Without `prompts`, promptfoo's default `{{prompt}}` is used.
 */
export async function readPromptTemplates(prompts: unknown, context: PromptContext): Promise<PromptTemplate[]> {
  const templates: PromptTemplate[] = [];
  for (const entry of promptEntries(prompts, context.problems)) {
    templates.push(...(await expandEntry(entry, context, templates.length)));
  }
  return templates;
}

function promptEntries(prompts: unknown, problems: TaskFileProblems): PromptEntry[] {
  if (prompts === undefined || prompts === null) return [{ raw: '{{prompt}}', label: '{{prompt}}', at: [] }];
  if (typeof prompts === 'string') return [{ raw: prompts, at: ['prompts'] }];
  if (Array.isArray(prompts)) return prompts.flatMap((entry, index) => promptEntry(entry, ['prompts', index], problems));
  if (typeof prompts === 'object') {
    const object = prompts as Record<string, unknown>;
    if (['raw', 'id', 'messages'].some((key) => key in object)) return promptEntry(object, ['prompts'], problems);
    // The older map form: {"prompts/a.txt": "label a", ...}.
    return Object.entries(object).map(([raw, label]) => ({ raw, label: typeof label === 'string' ? label : undefined, at: ['prompts', raw] }));
  }
  problems.error(['prompts'], 'must be a prompt, a file:// path, {raw, label}, a list of these, or a {path: label} map');
  return [];
}

function promptEntry(entry: unknown, at: PropertyKey[], problems: TaskFileProblems): PromptEntry[] {
  if (typeof entry === 'string') return [{ raw: entry, at }];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.error(at, 'must be a prompt string, a file:// path, or an object such as {id: file://prompt.json, label: chat}');
    return [];
  }
  const object = entry as { raw?: unknown; id?: unknown; label?: unknown; config?: unknown; messages?: unknown; function?: unknown };
  const label = typeof object.label === 'string' ? object.label : undefined;
  const config = typeof object.config === 'object' && object.config !== null && !Array.isArray(object.config) ? (object.config as Record<string, unknown>) : undefined;
  const raw = typeof object.raw === 'string' ? object.raw : Array.isArray(object.messages) ? JSON.stringify(object.messages) : typeof object.id === 'string' ? object.id : undefined;
  if (raw === undefined) {
    problems.error(at, 'needs the prompt: "raw" (its text), "id" (a file:// path to it) or "messages" (a chat conversation)');
    return [];
  }
  return [{ raw, ...(label !== undefined && { label }), ...(config && { config }), at }];
}

async function expandEntry(entry: PromptEntry, context: PromptContext, countSoFar: number): Promise<PromptTemplate[]> {
  const { problems } = context;
  const literal = (): PromptTemplate[] => [
    { label: entry.label ?? `prompt ${countSoFar + 1}`, raw: entry.raw, at: entry.at, names: names(entry), ...(entry.config && { config: entry.config }) },
  ];
  if (managedPrompt.test(entry.raw.trim())) {
    problems.error(
      entry.at,
      `is a prompt kept online (${entry.raw.trim()}), which cannot be fetched here; copy its text into a file in the skill folder and name that file instead`,
    );
    return [];
  }
  const reference = fileReference(entry.raw) ?? (await barePromptPath(entry.raw, context.configDir));
  if (reference === undefined) return literal();
  const isGlob = /[*?[\]{}]/.test(reference);
  if (!isGlob && codeExtension.test(reference.replace(/:[\w.]+$/, ''))) return promptFunction(entry, reference, context);
  if (isGlob) {
    const files = await expandGlob(reference, context.configDir);
    if (files.length === 0) {
      problems.error(entry.at, `matches no files (${reference}); check the pattern (it is relative to the promptfoo config)`);
      return [];
    }
    const templates: PromptTemplate[] = [];
    for (const file of files) {
      const fileEntry = { ...entry, label: entry.label ? `${entry.label}: ${file}` : undefined };
      templates.push(...(await (codeExtension.test(file) ? promptFunction(fileEntry, file, context) : readPromptFile(file, fileEntry, context))));
    }
    return templates;
  }
  return readPromptFile(reference, entry, context);
}

/** A prompt function, checked (its file exists, it is not TypeScript) and kept when the suite's code may run. */
async function promptFunction(entry: PromptEntry, reference: string, context: PromptContext): Promise<PromptTemplate[]> {
  const found = await codeFunctionOf(`file://${reference}`, context.configDir, context.root);
  if ('problem' in found) {
    context.problems.error(entry.at, `builds the prompt with code, but it ${found.problem}`);
    return [];
  }
  if (!context.runCode) {
    context.problems.error(entry.at, `builds the prompt with code (${reference}), which Skill Trainer does not run here: ${TRUST_TO_RUN_CODE}`);
    return [];
  }
  const raw = `file://${reference}`;
  return [{ label: entry.label ?? reference, raw, at: entry.at, names: names(entry, [reference]), function: found.code!, ...(entry.config && { config: entry.config }) }];
}

/**
 * promptfoo also takes prompt files without `file://` (`prompts: [prompts.txt]`): one
 * word ending in a prompt file's extension, or a glob. Prose that happens to end in
 * ".txt" is a file only when that file exists.
 */
async function barePromptPath(raw: string, configDir: string): Promise<string | undefined> {
  const text = raw.trim();
  if (text === '' || text.includes('\n')) return undefined;
  const path = text.replace(/:[\w.]+$/, '');
  const oneWord = !/\s/.test(text);
  if (oneWord && (promptFileExtension.test(path) || /[*?]/.test(text))) return text;
  if (promptFileExtension.test(path) && (await stat(resolve(configDir, path)).then((entry) => entry.isFile(), () => false))) return text;
  return undefined;
}

function names(entry: PromptEntry, extra: string[] = []): string[] {
  return [...new Set([entry.label, entry.raw, fileReference(entry.raw), ...extra].filter((name): name is string => typeof name === 'string'))];
}

async function readPromptFile(reference: string, entry: PromptEntry, context: PromptContext): Promise<PromptTemplate[]> {
  const { problems } = context;
  const target = resolveReference(reference, context.configDir, context.root);
  if (target.problem !== undefined) {
    problems.error(entry.at, target.problem);
    return [];
  }
  let text: string;
  try {
    text = (await readFile(target.path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    problems.error(entry.at, `points to ${reference}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the promptfoo config`);
    return [];
  }
  const extension = extname(reference).toLowerCase();
  const baseLabel = entry.label ?? reference;
  const make = (raw: string, label: string): PromptTemplate => ({ label, raw, at: entry.at, names: names(entry, [reference, label]), ...(entry.config && { config: entry.config }) });
  const numbered = (raws: string[]) => raws.map((raw, index) => make(raw, raws.length > 1 ? `${baseLabel} #${index + 1}` : baseLabel));

  if (extension === '.txt') {
    const parts = text.split(/^[ \t]*---[ \t]*$/m).map((part) => part.trim()).filter((part) => part !== '');
    if (parts.length === 0) problems.error(entry.at, `points to ${reference}, which is empty; write the prompt in it`);
    return numbered(parts);
  }
  if (textExtensions.has(extension)) {
    if (text.trim() === '') problems.error(entry.at, `points to ${reference}, which is empty; write the prompt in it`);
    return text.trim() === '' ? [] : [make(text, baseLabel)];
  }
  if (extension === '.jsonl') return numbered(text.split(/\r?\n/).filter((line) => line.trim() !== ''));
  if (extension === '.csv') return numbered(csvPrompts(text, reference, entry.at, problems));
  if (extension === '.json' || extension === '.yaml' || extension === '.yml') {
    return structuredPromptFile(text, extension, reference, entry, context, (raws) => numbered(raws));
  }
  problems.error(entry.at, `points to ${reference}, which is not a prompt file; use .txt, .md, .j2, .json, .yaml, .jsonl or .csv`);
  return [];
}

/**
 * A JSON or YAML prompt file is one chat prompt (a list of messages), as in promptfoo;
 * a list of prompt strings is read as that many prompts. A file that does not parse is
 * a template (Nunjucks tags inside a chat JSON), rendered per test before it is read.
 */
async function structuredPromptFile(
  text: string,
  extension: string,
  reference: string,
  entry: PromptEntry,
  context: PromptContext,
  numbered: (raws: string[]) => PromptTemplate[],
): Promise<PromptTemplate[]> {
  let value: unknown;
  try {
    value = extension === '.json' ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 1000 });
  } catch {
    return numbered([text]);
  }
  const entries = Array.isArray(value) ? value : [value];
  const isPromptList = Array.isArray(value) && entries.length > 0 && entries.every((item) => typeof item === 'string' || (typeof item === 'object' && item !== null && !('role' in item)));
  if (isPromptList) {
    if (entries.every((item) => typeof item === 'string')) return numbered(entries as string[]);
    const templates: PromptTemplate[] = [];
    for (const [index, item] of entries.entries()) {
      const [listed] = promptEntry(item, entry.at, context.problems);
      if (!listed) continue;
      if (fileReference(listed.raw) !== undefined) {
        context.problems.error(entry.at, `points to ${reference}, whose prompt ${index + 1} names another file (${listed.raw}); write the prompts themselves in the list`);
        continue;
      }
      templates.push({ label: listed.label ?? `${entry.label ?? reference} #${index + 1}`, raw: listed.raw, at: entry.at, names: names(listed), ...((listed.config ?? entry.config) && { config: listed.config ?? entry.config }) });
    }
    return templates;
  }
  try {
    // promptfoo reads file:// values inside a chat file (a system message kept in a .txt file).
    value = await loadFileReferences(value, context.configDir, context.root);
  } catch (error) {
    context.problems.error(entry.at, `points to ${reference}, which ${(error as Error).message}`);
    return [];
  }
  return numbered([typeof value === 'string' ? value : JSON.stringify(value)]);
}

/** promptfoo's CSV prompt files: a `prompt` column (and `label`), or one prompt per line. */
function csvPrompts(text: string, reference: string, at: PropertyKey[], problems: TaskFileProblems): string[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (!text.includes(',')) return lines[0]?.trim().toLowerCase() === 'prompt' ? lines.slice(1) : lines;
  try {
    const table = parseCsv(text);
    if (!table.header.includes('prompt')) {
      problems.error(at, `points to ${reference}, a CSV file without a "prompt" column; name the column of prompts "prompt"`);
      return [];
    }
    return table.rows.map((row) => row.cells.prompt ?? '').filter((prompt) => prompt.trim() !== '');
  } catch (error) {
    problems.error(at, `points to ${reference}, which is not valid CSV (${(error as Error).message}); fix that file`);
    return [];
  }
}
