import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskSet } from './eval-task';
import { readEvalsFile, type TaskFileReadResult } from './load-evals-file';
import { readPromptfooConfig } from './promptfoo/load-promptfoo-config';
import { TaskFileError } from './task-file-error';
import { refuseUnreviewedDrafts } from './unreviewed-drafts-error';

export interface LoadTaskSetOptions {
  /**
   * Let drafted tasks nobody reviewed through (for the review itself, and for reading
   * tasks without scoring them). Default false: such a file is refused.
   */
  allowDrafts?: boolean;
}

/**
 * Where a skill's tasks may live, in order of preference: our evals.json, then a
 * promptfoo suite inside `evals/`, then one beside SKILL.md.
 */
export const TASK_FILE_CANDIDATES: readonly string[] = [
  'evals/evals.json',
  'evals/promptfooconfig.yaml',
  'evals/promptfooconfig.yml',
  'evals/promptfooconfig.json',
  'promptfooconfig.yaml',
  'promptfooconfig.yml',
  'promptfooconfig.json',
];

/** The task file a skill folder uses, or undefined when it has none. */
export function findTaskFile(skillDir: string): string | undefined {
  for (const candidate of TASK_FILE_CANDIDATES) {
    const path = join(skillDir, candidate);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** How task files are read. */
export interface TaskLoadOptions {
  /**
   * The workspace is trusted, so a promptfoo suite's own code that builds its tasks
   * (`transformVars`, `nunjucksFilters`) may run. The command line always is; in the
   * editor, pass the workspace's trust. Default false: such suites are refused.
   */
  runCode?: boolean;
}

/** Reads any task file: promptfoo when its name says so, evals.json otherwise. Never throws for a bad file. */
export async function readTaskFile(file: string, options: { skillDir?: string } & TaskLoadOptions = {}): Promise<TaskFileReadResult> {
  return /promptfooconfig\.(ya?ml|json)$/i.test(file) ? readPromptfooConfig(file, options) : readEvalsFile(file, options);
}

/**
 * Reads the skill's task file and reports every problem instead of throwing (for
 * `skill-trainer validate` and the editor's diagnostics). A skill without a task file
 * gives one error naming where to put it.
 */
export async function inspectTaskSet(skillDir: string, options: TaskLoadOptions = {}): Promise<TaskFileReadResult & { file?: string }> {
  const file = findTaskFile(skillDir);
  if (!file) {
    return {
      problems: [
        {
          severity: 'error',
          file: join(skillDir, 'evals/evals.json'),
          message:
            'no eval tasks found: create evals/evals.json ({"skill_name": "...", "evals": [{"id": 1, "prompt": "...", "assert": [...]}]}) or a promptfooconfig.yaml',
        },
      ],
    };
  }
  return { file, ...(await readTaskFile(file, { skillDir, ...options })) };
}

/**
 * Loads a skill's eval tasks from `<skillDir>/evals/evals.json` or a promptfoo suite.
 * Throws {@link TaskFileError} (code `task_file_invalid`) naming the file, JSON path,
 * line and fix of the first error; warnings come back in `TaskSet.warnings`. Drafted
 * tasks nobody reviewed are refused with {@link UnreviewedDraftsError} unless
 * `allowDrafts` is set.
 */
export async function loadTaskSet(skillDir: string, options: LoadTaskSetOptions & TaskLoadOptions = {}): Promise<TaskSet> {
  const result = await inspectTaskSet(skillDir, options);
  if (!result.taskSet) throw new TaskFileError(result.problems);
  if (!options.allowDrafts) refuseUnreviewedDrafts(result.taskSet);
  return result.taskSet;
}

/** Loads tasks from an explicit file (evals.json or a promptfoo config); throws like {@link loadTaskSet}. */
export async function loadTaskFile(file: string, options: { skillDir?: string } & LoadTaskSetOptions & TaskLoadOptions = {}): Promise<TaskSet> {
  const result = await readTaskFile(file, options);
  if (!result.taskSet) throw new TaskFileError(result.problems);
  if (!options.allowDrafts) refuseUnreviewedDrafts(result.taskSet);
  return result.taskSet;
}
