import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { expandGlob } from './expand-glob';
import { resolveReference } from './resolve-reference';

/** `file://x` → `x`, or undefined for anything else. */
export function fileReference(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('file://') ? value.slice('file://'.length) : undefined;
}

const codeExtensions = new Set(['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '.py']);
/** Files promptfoo turns into images, audio, video or extracted text; none can be sent as text here. */
const binaryExtensions = new Set([
  '.png', '.jpg', '.jpeg', '.gif', '.webp', '.bmp', '.tif', '.tiff', '.svg', '.ico', '.heic',
  '.mp3', '.wav', '.ogg', '.flac', '.m4a', '.aac', '.mp4', '.mov', '.webm', '.avi', '.mkv', '.pdf',
]);

/**
 * Loads `file://` variable values (relative to the config folder, inside `root`): JSON
 * and YAML files become their parsed value, other files their text. A glob
 * (`file://articles/*`) becomes the list of the files' texts, which expands into one
 * test per file as in promptfoo. Code files (variable loaders) are left as they are, to
 * be run per task; images, audio and PDFs are refused. Throws an Error whose message
 * says which file and why.
 */
export async function resolveVarFiles(vars: Record<string, unknown>, baseDir: string, root: string): Promise<Record<string, unknown>> {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    resolved[name] = Array.isArray(value) ? await Promise.all(value.map((item) => loadVarValue(item, baseDir, root))) : await loadVarValue(value, baseDir, root);
  }
  return resolved;
}

async function loadVarValue(value: unknown, baseDir: string, root: string): Promise<unknown> {
  const reference = fileReference(value);
  // Code that computes a value (a variable loader) is called later, for each task: see runVarLoaders.
  if (reference !== undefined && codeExtensions.has(extname(reference.replace(/:[\w.]+$/, '')).toLowerCase())) return value;
  if (reference === undefined || !/[*?[\]{}]/.test(reference)) return loadIfFile(value, baseDir, root);
  const files = await expandGlob(reference, baseDir);
  if (files.length === 0) throw new Error(`refers to ${reference}, which matches no files; check the pattern (it is relative to the file that names it)`);
  return Promise.all(files.map((file) => loadIfFile(`file://${file}`, baseDir, root)));
}

/** A value with every `file://` string inside it (at any depth) replaced by the file's content. */
export async function loadFileReferences(value: unknown, baseDir: string, root: string): Promise<unknown> {
  if (typeof value === 'string') return loadIfFile(value, baseDir, root);
  if (Array.isArray(value)) return Promise.all(value.map((item) => loadFileReferences(item, baseDir, root)));
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await loadFileReferences(item, baseDir, root)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The content of a `file://` value, or the value itself when it is not one. */
export async function loadIfFile(value: unknown, baseDir: string, root: string): Promise<unknown> {
  const reference = fileReference(value);
  if (reference === undefined) return value;
  const extension = extname(reference.replace(/:[\w.]+$/, '')).toLowerCase();
  if (codeExtensions.has(extension)) {
    throw new Error(`loads a value with code (${reference}), which Skill Trainer does not run; save the value it produces in a text, JSON or YAML file`);
  }
  if (binaryExtensions.has(extension)) {
    throw new Error(`refers to ${reference}, an image, audio, video or PDF file; Skill Trainer sends text only, so put the text the task needs in a .txt file`);
  }
  const target = resolveReference(reference, baseDir, root);
  if (target.problem !== undefined) throw new Error(target.problem);
  let text: string;
  try {
    text = (await readFile(target.path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new Error(`refers to ${reference}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to the file that names them`);
  }
  try {
    if (extension === '.json') return JSON.parse(text);
    if (extension === '.yaml' || extension === '.yml') return parseYaml(text, { maxAliasCount: 1000 });
  } catch (error) {
    throw new Error(`refers to ${reference}, which is not valid ${extension === '.json' ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]}); fix that file`);
  }
  return text;
}

/**
 * promptfoo expands a test whose variables hold lists of strings into one test per
 * combination (`language: [French, German]` → two tests). Lists of anything else (a
 * conversation's messages, numbers) stay whole, as in promptfoo. The first variable
 * varies slowest.
 */
export function expandVars(vars: Record<string, unknown>): Record<string, unknown>[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const choices = expands(value) ? value : [value];
    combinations = combinations.flatMap((combination) => choices.map((choice) => ({ ...combination, [name]: choice })));
  }
  return combinations;
}

/** How many tests {@link expandVars} would make, without making them. */
export function countCombinations(vars: Record<string, unknown>): number {
  return Object.values(vars).reduce<number>((count, value) => count * (expands(value) ? value.length : 1), 1);
}

function expands(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'string';
}
