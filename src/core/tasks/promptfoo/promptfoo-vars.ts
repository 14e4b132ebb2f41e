import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { resolveReference } from './resolve-reference';

/** `file://x` → `x`, or undefined for anything else. */
export function fileReference(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith('file://') ? value.slice('file://'.length) : undefined;
}

/**
 * Loads `file://` variable values (relative to the config folder, inside `root`): JSON
 * and YAML files become their parsed value, other files their text. Code files are
 * refused, since they would need to run. Throws an Error whose message says which
 * file and why.
 */
export async function resolveVarFiles(vars: Record<string, unknown>, baseDir: string, root: string): Promise<Record<string, unknown>> {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) {
    resolved[name] = Array.isArray(value)
      ? await Promise.all(value.map((item) => loadIfFile(item, baseDir, root)))
      : await loadIfFile(value, baseDir, root);
  }
  return resolved;
}

async function loadIfFile(value: unknown, baseDir: string, root: string): Promise<unknown> {
  const reference = fileReference(value);
  if (reference === undefined) return value;
  const extension = extname(reference).toLowerCase();
  if (['.js', '.cjs', '.mjs', '.ts', '.py'].includes(extension)) {
    throw new Error(`loads variables from code (${reference}), which is not supported; put the value in a text, JSON or YAML file`);
  }
  if (/[*?[\]{}]/.test(reference)) {
    throw new Error(`loads variables from a glob (${reference}), which is not supported; name one file per value`);
  }
  const target = resolveReference(reference, baseDir, root);
  if (target.problem !== undefined) throw new Error(target.problem);
  let text: string;
  try {
    text = (await readFile(target.path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new Error(`refers to ${reference}, which cannot be read (${(error as Error).message}); paths are relative to the promptfoo config`);
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
 * promptfoo expands a test whose variables hold lists into one test per combination
 * (`language: [French, German]` → two tests). The first variable varies slowest.
 */
export function expandVars(vars: Record<string, unknown>): Record<string, unknown>[] {
  let combinations: Record<string, unknown>[] = [{}];
  for (const [name, value] of Object.entries(vars)) {
    const choices = Array.isArray(value) && value.length > 0 ? value : [value];
    combinations = combinations.flatMap((combination) => choices.map((choice) => ({ ...combination, [name]: choice })));
  }
  return combinations;
}

/** How many tests {@link expandVars} would make, without making them. */
export function countCombinations(vars: Record<string, unknown>): number {
  return Object.values(vars).reduce<number>((count, value) => count * (Array.isArray(value) && value.length > 0 ? value.length : 1), 1);
}
