import type { z } from 'zod';
import { closestMatches } from './closest-match';
import type { TaskFileProblem } from './task-file-error';

/**
 * Collects the problems of one task file, each with its JSON path and (given a way to
 * locate paths in the file's text) its line and column.
 */
export class TaskFileProblems {
  /** Problems kept per file; more would only slow loading (each is located in the text) and bury the first ones. */
  static readonly MAX_PROBLEMS = 200;
  readonly list: TaskFileProblem[] = [];
  private omittedErrors = 0;
  private omittedWarnings = 0;

  constructor(
    readonly file: string,
    private readonly locate: (path: readonly PropertyKey[]) => { line: number; column: number } | undefined,
    private readonly formatPath: (path: readonly PropertyKey[]) => string,
  ) {}

  add(severity: TaskFileProblem['severity'], path: readonly PropertyKey[], message: string): void {
    if (this.list.length >= TaskFileProblems.MAX_PROBLEMS) {
      if (severity === 'error') this.omittedErrors++;
      else this.omittedWarnings++;
      return;
    }
    const position = this.locate(path);
    const problem: TaskFileProblem = { severity, file: this.file, message };
    if (path.length > 0) problem.path = this.formatPath(path);
    if (position) {
      problem.line = position.line;
      problem.column = position.column;
    }
    this.list.push(problem);
  }

  error(path: readonly PropertyKey[], message: string): void {
    this.add('error', path, message);
  }

  warning(path: readonly PropertyKey[], message: string): void {
    this.add('warning', path, message);
  }

  /** One error per zod issue (the messages already say what to write instead). */
  addZodIssues(issues: readonly z.core.$ZodIssue[], basePath: readonly PropertyKey[] = []): void {
    for (const issue of issues) this.error([...basePath, ...issue.path], issue.message);
  }

  /** Warns about each key of `value` not in `known`, with a "did you mean" hint. */
  warnUnknownKeys(value: unknown, known: readonly string[], path: readonly PropertyKey[], ignoredNote = 'it is ignored'): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const close = closestMatches(key, known);
      const hint = close.length > 0 ? `; did you mean "${close[0]}"?` : '';
      this.warning([...path, key], `unknown key "${key}": ${ignoredNote}${hint}`);
    }
  }

  /** The problems in file order (line, then column; stable for problems without a line). */
  sorted(): TaskFileProblem[] {
    const sorted = this.list
      .map((problem, index) => ({ problem, index }))
      .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || (a.problem.column ?? 0) - (b.problem.column ?? 0) || a.index - b.index)
      .map((entry) => entry.problem);
    const omitted = this.omittedErrors + this.omittedWarnings;
    if (omitted === 0) return sorted;
    const summary: TaskFileProblem = {
      severity: this.omittedErrors > 0 ? 'error' : 'warning',
      file: this.file,
      message: `has ${omitted} more problem${omitted === 1 ? '' : 's'} not listed; fix the ones above and check the file again`,
    };
    return [...sorted, summary];
  }

  get hasErrors(): boolean {
    return this.omittedErrors > 0 || this.list.some((problem) => problem.severity === 'error');
  }
}
