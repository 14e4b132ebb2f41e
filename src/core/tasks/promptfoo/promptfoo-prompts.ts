import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
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

/**
 * The suite's prompt templates. Strings are templates, or `file://` paths (relative to
 * the config) to text files in which a line of `---` separates prompts; objects give
 * `raw` and `label`. Chat-format (JSON) and code prompts are reported as unsupported.
 */
export async function readPromptTemplates(
  prompts: PromptfooPromptEntry | PromptfooPromptEntry[],
  configDir: string,
  problems: TaskFileProblems,
  root: string,
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
    if (!textExtensions.has(extname(reference).toLowerCase())) {
      problems.error(path(index), `points to ${reference}; only text prompt files (.txt, .md, .prompt, .j2) are supported, not chat-format JSON or code`);
      continue;
    }
    const target = resolveReference(reference, configDir, root);
    if (target.problem !== undefined) {
      problems.error(path(index), target.problem);
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
