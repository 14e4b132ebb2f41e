import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { EvalTask, TaskSet } from './eval-task';
import { type EvalsFile, evalsFileSchema, knownEvalsKeys } from './evals-file-schema';
import { formatJsonPath, jsonSyntaxErrorPosition, locateJsonPath } from './json-location';
import type { TaskFileProblem } from './task-file-error';
import { TaskFileProblems } from './task-file-problems';

/** What reading a task file found: the tasks when it is usable, and every problem. */
export interface TaskFileReadResult {
  /** Absent when the file has errors. */
  taskSet?: TaskSet;
  problems: TaskFileProblem[];
}

export interface ReadTaskFileOptions {
  /** The skill folder, for `files` paths and the skill-name check. Default: the folder above `evals/`. */
  skillDir?: string;
}

/**
 * Reads and checks `evals/evals.json`. Never throws for a bad file: JSON syntax errors
 * come back with line and column, schema errors with their JSON path and line.
 */
export async function readEvalsFile(file: string, options: ReadTaskFileOptions = {}): Promise<TaskFileReadResult> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    return { problems: [{ severity: 'error', file, message: `cannot be read (${(error as Error).message}); check the path and permissions` }] };
  }
  return checkEvalsText(text, file, options);
}

/**
 * Checks the text of an evals.json (e.g. an editor's unsaved buffer) as `readEvalsFile`
 * checks the file; `file` is where the text belongs (for messages and the skill folder).
 */
export function checkEvalsText(text: string, file: string, options: ReadTaskFileOptions = {}): TaskFileReadResult {
  text = text.replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const position = jsonSyntaxErrorPosition(text, error);
    return {
      problems: [
        { severity: 'error', file, ...position, message: `is not valid JSON (${(error as Error).message}); fix the syntax at this line and column` },
      ],
    };
  }

  const problems = new TaskFileProblems(file, (path) => locateJsonPath(text, path), formatJsonPath);
  const parsed = evalsFileSchema.safeParse(raw);
  if (!parsed.success) problems.addZodIssues(parsed.error.issues);
  warnAboutUnknownKeys(raw, problems);
  checkDuplicateIds(raw, problems);
  if (!parsed.success) return { problems: problems.sorted() };

  const skillDir = options.skillDir ?? dirname(dirname(resolve(file)));
  const tasks = parsed.data.evals.map((entry) => toEvalTask(entry));
  checkTasks(parsed.data, tasks, skillDir, problems);
  if (problems.hasErrors) return { problems: problems.sorted() };

  const warnings = problems.sorted();
  return {
    taskSet: {
      skillName: parsed.data.skill_name,
      source: file,
      tasks,
      ...(parsed.data.sim !== undefined && { sim: parsed.data.sim }),
      ...(warnings.length > 0 && { warnings }),
    },
    problems: warnings,
  };
}

function toEvalTask(entry: EvalsFile['evals'][number]): EvalTask {
  const task: EvalTask = {
    id: String(entry.id),
    prompt: entry.prompt,
    rubric: {
      hard: [...(entry.rubric?.hard ?? []), ...(entry.expectations ?? []), ...(entry.assertions ?? [])],
      soft: entry.rubric?.soft ?? [],
    },
    assert: entry.assert ?? [],
  };
  if (entry.expected_output !== undefined) task.expectedOutput = entry.expected_output;
  if (entry.files !== undefined) task.files = entry.files;
  if (entry.split !== undefined) task.split = entry.split;
  if (entry.description !== undefined) task.description = entry.description;
  if (entry.sim !== undefined) task.sim = entry.sim;
  if (entry.draft === true) task.draft = true;
  return task;
}

/** Runs on the raw file, so duplicates are reported even when other parts are invalid. */
function checkDuplicateIds(raw: unknown, problems: TaskFileProblems): void {
  const evals = (raw as { evals?: unknown } | null)?.evals;
  if (!Array.isArray(evals)) return;
  const firstIndexOfId = new Map<string, number>();
  evals.forEach((task: unknown, index) => {
    const id = (task as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const key = String(id).trim();
    const earlier = firstIndexOfId.get(key);
    if (earlier === undefined) firstIndexOfId.set(key, index);
    else problems.error(['evals', index, 'id'], `duplicate id "${key}" (evals[${earlier}] has it too); give every task a unique id`);
  });
}

function checkTasks(file: EvalsFile, tasks: EvalTask[], skillDir: string, problems: TaskFileProblems): void {
  tasks.forEach((task, index) => {
    task.files?.forEach((path, fileIndex) => {
      if (!existsSync(resolve(skillDir, path))) {
        problems.warning(['evals', index, 'files', fileIndex], `input file "${path}" does not exist in ${skillDir}; paths are relative to the skill folder`);
      }
    });
    const hasCriteria = task.rubric.hard.length + task.rubric.soft.length > 0;
    if (!hasCriteria && task.assert.length === 0) {
      if (task.expectedOutput?.trim()) {
        problems.warning(['evals', index], 'has no rubric and no assertions; the judge will compare the output with expected_output');
      } else {
        problems.warning(['evals', index], 'has nothing to score against: add "rubric", "assert" or "expected_output" (until then it always scores 0)');
      }
    }
  });
  const drafts = tasks.flatMap((task, index) => (task.draft ? [index] : []));
  if (drafts.length > 0) {
    problems.warning(
      ['evals', drafts[0]!, 'draft'],
      `${drafts.length} drafted task${drafts.length === 1 ? ' has' : 's have'} not been reviewed yet; training and evaluation refuse them until you keep or drop each ` +
        "(VS Code: Review Draft Eval Tasks; command line: 'skill-trainer tasks accept' or 'skill-trainer tasks drop')",
    );
  }
  const folderName = basename(skillDir);
  if (file.skill_name !== undefined && file.skill_name !== folderName) {
    problems.warning(['skill_name'], `"${file.skill_name}" differs from the skill folder name "${folderName}"; make them equal`);
  }
}

function warnAboutUnknownKeys(raw: unknown, problems: TaskFileProblems): void {
  problems.warnUnknownKeys(raw, knownEvalsKeys.root, []);
  const evals = (raw as { evals?: unknown } | null)?.evals;
  if (!Array.isArray(evals)) return;
  evals.forEach((task: unknown, index) => {
    problems.warnUnknownKeys(task, knownEvalsKeys.task, ['evals', index]);
    const { rubric, assert } = (task ?? {}) as { rubric?: unknown; assert?: unknown };
    problems.warnUnknownKeys(rubric, knownEvalsKeys.rubric, ['evals', index, 'rubric']);
    const soft = (rubric as { soft?: unknown } | undefined)?.soft;
    if (Array.isArray(soft)) {
      soft.forEach((criterion, softIndex) =>
        problems.warnUnknownKeys(criterion, knownEvalsKeys.softCriterion, ['evals', index, 'rubric', 'soft', softIndex]),
      );
    }
    if (Array.isArray(assert)) {
      assert.forEach((spec, assertIndex) => problems.warnUnknownKeys(spec, knownEvalsKeys.assertion, ['evals', index, 'assert', assertIndex]));
    }
  });
}
