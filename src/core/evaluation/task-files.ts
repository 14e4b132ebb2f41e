import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { SkillTrainerError } from '../errors';
import type { EvalTask } from '../tasks/eval-task';
import type { TaskFile } from './rollout-request';

/** A task names an input file that cannot be read, or one outside its skill folder. */
export class TaskInputFileError extends SkillTrainerError {
  readonly taskId: string;
  readonly path: string;

  constructor(taskId: string, path: string, problem: string, options?: { cause?: unknown }) {
    super(
      'task_input_file_unreadable',
      `Task '${taskId}' lists the input file '${path}', which ${problem}. Fix the path in evals/evals.json (it is relative to the skill folder) or add the file.`,
      options,
    );
    this.taskId = taskId;
    this.path = path;
  }
}

/**
 * Reads a task's input files (`files` in evals.json) from the skill folder. Paths that
 * leave the folder are refused: a task file shared in a repository must not read the
 * user's other files into a prompt sent to a vendor.
 */
export async function readTaskFiles(skillDirectory: string, task: EvalTask): Promise<TaskFile[]> {
  const files: TaskFile[] = [];
  for (const path of task.files ?? []) {
    const absolute = resolve(skillDirectory, path);
    const inside = relative(resolve(skillDirectory), absolute);
    if (isAbsolute(path) || inside.startsWith('..') || isAbsolute(inside)) {
      throw new TaskInputFileError(task.id, path, 'lies outside the skill folder');
    }
    try {
      files.push({ path, content: await readFile(absolute, 'utf8') });
    } catch (error) {
      throw new TaskInputFileError(task.id, path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
  }
  return files;
}
