/**
 * The evals.json edits applied to the file on disk (the command line's way; VS Code
 * applies the same text edits to the open buffer). Each write replaces the file
 * atomically, so a crash leaves the old file or the new one.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { writeFileAtomic } from '../../store/atomic-write';
import { findTaskFile } from '../load-task-set';
import { acceptDraftsText, appendTasksText, dropDraftsText, EvalsFileEditError, type DraftDecisionResult, type EvalsFileEntry } from './evals-file-edits';

/** Where a skill's evals.json is. */
export function evalsFilePath(skillDir: string): string {
  return join(skillDir, 'evals', 'evals.json');
}

/**
 * The evals.json that new tasks go into. Refused when the skill's tasks come from a
 * promptfoo suite: an evals.json beside it would take its place and hide its tasks.
 */
export function evalsFileForNewTasks(skillDir: string): string {
  const file = evalsFilePath(skillDir);
  const current = findTaskFile(skillDir);
  if (current !== undefined && current !== file) {
    throw new EvalsFileEditError(
      current,
      `this skill's tasks come from this promptfoo suite, and an evals/evals.json would be used instead of it (hiding its ${relative(skillDir, current)} tasks). ` +
        'Add the tasks to the suite, or move its tests into evals/evals.json first.',
    );
  }
  return file;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  return existsSync(file) ? readFile(file, 'utf8') : undefined;
}

/** Appends tasks to the skill's evals.json (creating it). Returns the file written. */
export async function appendTasksToSkill(skillDir: string, entries: readonly EvalsFileEntry[], options: { sim?: unknown } = {}): Promise<string> {
  const file = evalsFileForNewTasks(skillDir);
  const text = await readIfPresent(file);
  await writeFileAtomic(file, appendTasksText(text, entries, { file, skillName: basename(skillDir), sim: options.sim }));
  return file;
}

async function decide(skillDir: string, decision: typeof acceptDraftsText, ids: readonly string[] | 'all'): Promise<DraftDecisionResult & { file: string }> {
  const file = evalsFilePath(skillDir);
  const text = await readIfPresent(file);
  if (text === undefined) throw new EvalsFileEditError(file, "does not exist, so it has no drafts; draft some with 'skill-trainer tasks draft'");
  const result = decision(text, ids, file);
  if (result.ids.length > 0) await writeFileAtomic(file, result.text);
  return { ...result, file };
}

/** Marks drafts of the skill as reviewed. */
export function acceptDraftsOfSkill(skillDir: string, ids: readonly string[] | 'all'): Promise<DraftDecisionResult & { file: string }> {
  return decide(skillDir, acceptDraftsText, ids);
}

/** Removes drafts from the skill's evals.json. */
export function dropDraftsOfSkill(skillDir: string, ids: readonly string[] | 'all'): Promise<DraftDecisionResult & { file: string }> {
  return decide(skillDir, dropDraftsText, ids);
}
