import { SkillTrainerError, type MessagePart } from '../errors';

/** One problem found in an eval-task file (evals.json or a promptfoo suite). */
export interface TaskFileProblem {
  severity: 'error' | 'warning';
  /** The file the problem is in, as it was given to the loader. */
  file: string;
  /** JSON path of the offending value, e.g. `evals[3].rubric.soft[0].weight`; absent for whole-file problems. */
  path?: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

/** `file:line:column: at path: message`, the form editors and terminals link to. */
export function formatTaskFileProblem(problem: TaskFileProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  const where = problem.path ? `at ${problem.path}: ` : '';
  return `${problem.file}${position}: ${where}${problem.message}`;
}

/**
 * An eval-task file that cannot be used. The message names the file, the JSON path
 * (and line) of the first error and the fix; `problems` holds every problem found.
 */
export class TaskFileError extends SkillTrainerError {
  readonly file: string;
  /** JSON path of the first error, when it has one. */
  readonly jsonPath?: string;
  readonly line?: number;
  readonly problems: TaskFileProblem[];

  constructor(problems: TaskFileProblem[]) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    const first = errors[0] ?? problems[0];
    if (!first) throw new RangeError('TaskFileError needs at least one problem.');
    const more: MessagePart[] = errors.length > 1 ? [` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}; `, { listing: 'task_problems' }, ')'] : [];
    super('task_file_invalid', [`Eval tasks cannot be loaded: ${formatTaskFileProblem(first)}`, ...more]);
    this.file = first.file;
    this.jsonPath = first.path;
    this.line = first.line;
    this.problems = problems;
  }
}
