/**
 * What the drafting model reads about a skill: its SKILL.md and the text files under
 * `references/`, within a size budget so one huge reference cannot crowd out the skill.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readSkillPayload } from '../../evaluation/skill-payload';

/** Largest reference file read, in bytes; bigger ones are named but left out. */
export const MAX_REFERENCE_FILE_BYTES = 64 * 1024;
/** Total reference text given to the model, in characters (about 40k tokens). */
export const MAX_REFERENCE_TOTAL_CHARS = 160_000;
/** Reference files listed at most (deep trees of generated files are not references). */
const MAX_REFERENCE_FILES = 200;

export interface SkillSources {
  name: string;
  skillText: string;
  /** Reference files read, paths relative to the skill folder, in name order. */
  references: Array<{ path: string; content: string }>;
  /** Reference files left out, each with why (too big, binary, over the budget). */
  skipped: Array<{ path: string; reason: string }>;
}

async function listFiles(folder: string, root: string, found: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= MAX_REFERENCE_FILES) return;
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await listFiles(path, root, found);
    else if (entry.isFile()) found.push(relative(root, path));
  }
}

/** Reads SKILL.md (throws SkillNotFoundError without one) and the readable references. */
export async function readSkillSources(skillDirectory: string): Promise<SkillSources> {
  const skill = await readSkillPayload(skillDirectory);
  const paths: string[] = [];
  await listFiles(join(skillDirectory, 'references'), skillDirectory, paths);
  const references: SkillSources['references'] = [];
  const skipped: SkillSources['skipped'] = [];
  let total = 0;
  for (const path of paths) {
    const absolute = join(skillDirectory, path);
    const size = (await stat(absolute)).size;
    if (size > MAX_REFERENCE_FILE_BYTES) {
      skipped.push({ path, reason: `larger than ${MAX_REFERENCE_FILE_BYTES / 1024} KB` });
      continue;
    }
    const bytes = await readFile(absolute);
    if (bytes.includes(0)) {
      skipped.push({ path, reason: 'not a text file' });
      continue;
    }
    const content = bytes.toString('utf8');
    if (total + content.length > MAX_REFERENCE_TOTAL_CHARS) {
      skipped.push({ path, reason: `the references read so far already fill the ${MAX_REFERENCE_TOTAL_CHARS.toLocaleString('en-US')}-character budget` });
      continue;
    }
    total += content.length;
    references.push({ path: path.split('\\').join('/'), content });
  }
  return { name: skill.name, skillText: skill.text, references, skipped };
}
