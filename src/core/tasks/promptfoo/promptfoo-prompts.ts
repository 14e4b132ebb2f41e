import { readFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TaskFileProblems } from '../task-file-problems';
import type { PromptfooPromptEntry } from './promptfoo-config-schema';
import { fileReference } from './promptfoo-vars';
import { resolveReference } from './resolve-reference';

/** One prompt template of a suite. */
export interface PromptTemplate {
  label: string;
  template: string;
}

const textExtensions = new Set(['', '.txt', '.md', '.markdown', '.prompt', '.j2', '.njk', '.nunjucks']);
/** Files that hold a list of prompts (`prompts: file://configs/prompts.yaml`). */
const listExtensions = new Set(['.yaml', '.yml', '.json']);

/**
 * The suite's prompt templates. Strings are templates, or `file://` paths (relative to
 * the config) to text files in which a line of `---` separates prompts; objects give
 * `raw` and `label`; a YAML or JSON file may list prompts in those forms. Chat-format
 * (a JSON list of messages) and code prompts are reported as unsupported.
 */
export async function readPromptTemplates(
  prompts: PromptfooPromptEntry | PromptfooPromptEntry[],
  configDir: string,
  problems: TaskFileProblems,
  root: string,
  /** True inside a prompt-list file, which may not name another list. */
  nested = false,
): Promise<PromptTemplate[]> {
  const entries = Array.isArray(prompts) ? prompts : [prompts];
  const path = (index: number) => (Array.isArray(prompts) ? ['prompts', index] : ['prompts']);
  const templates: PromptTemplate[] = [];
  for (const [index, entry] of entries.entries()) {
    const raw = typeof entry === 'string' ? entry : entry.raw;
    if (raw === undefined) {
      problems.error(path(index), 'has no "raw" text; write the prompt template in "raw" (or give the prompt as a plain string)');
      continue;
    }
    const reference = fileReference(raw);
    if (reference === undefined) {
      const label = typeof entry === 'string' ? `prompt ${index + 1}` : (entry.label ?? entry.id ?? `prompt ${index + 1}`);
      templates.push({ label, template: raw });
      continue;
    }
    if (/[*?[\]{}]/.test(reference)) {
      problems.error(path(index), `uses a glob (${reference}); list each prompt file on its own`);
      continue;
    }
    const extension = extname(reference).toLowerCase();
    if (!textExtensions.has(extension) && !listExtensions.has(extension)) {
      problems.error(path(index), `points to ${reference}; only text prompt files (.txt, .md, .prompt, .j2) and YAML or JSON lists of prompts are supported, not code`);
      continue;
    }
    const target = resolveReference(reference, configDir, root);
    if (target.problem !== undefined) {
      problems.error(path(index), target.problem);
      continue;
    }
    if (listExtensions.has(extension)) {
      templates.push(...(await readPromptList(target.path, reference, { configDir, problems, root, at: path(index), nested })));
      continue;
    }
    let text: string;
    try {
      text = await readFile(target.path, 'utf8');
    } catch (error) {
      problems.error(path(index), `points to ${reference}, which cannot be read (${(error as Error).message}); paths are relative to the promptfoo config`);
      continue;
    }
    const parts = text.split(/^---[ \t]*$/m).map((part) => part.trim()).filter((part) => part !== '');
    parts.forEach((template, partIndex) => {
      const baseLabel = typeof entry === 'string' ? reference : (entry.label ?? reference);
      templates.push({ label: parts.length > 1 ? `${baseLabel} #${partIndex + 1}` : baseLabel, template });
    });
  }
  return templates;
}

/**
 * The prompts a YAML or JSON file lists (strings or `{raw, label}`), as promptfoo reads
 * `prompts: file://prompts.yaml`. A list of `{role, content}` messages is a chat
 * prompt, which is not supported.
 */
async function readPromptList(
  file: string,
  reference: string,
  context: { configDir: string; problems: TaskFileProblems; root: string; at: PropertyKey[]; nested: boolean },
): Promise<PromptTemplate[]> {
  const { problems, at } = context;
  if (context.nested) {
    problems.error(at, `points to ${reference}, a list of prompts inside a list of prompts; name the prompts themselves`);
    return [];
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.error(at, `points to ${reference}, which cannot be read (${(error as Error).message}); paths are relative to the promptfoo config`);
    return [];
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    problems.error(at, `points to ${reference}, which is not valid YAML or JSON (${(error as Error).message.split('\n')[0]}); fix that file`);
    return [];
  }
  const entries = Array.isArray(value) ? value : [value];
  if (entries.some((entry) => typeof entry === 'object' && entry !== null && 'role' in entry)) {
    problems.error(at, `points to ${reference}, a chat-format prompt (a list of messages), which is not supported; write the prompt as text`);
    return [];
  }
  const valid = entries.every((entry) => typeof entry === 'string' || (typeof entry === 'object' && entry !== null && !Array.isArray(entry)));
  if (!valid || entries.length === 0) {
    problems.error(at, `points to ${reference}, which must list prompts: strings, or {raw, label} objects`);
    return [];
  }
  return readPromptTemplates(entries as PromptfooPromptEntry[], dirname(file), problems, context.root, true);
}
