/**
 * The task loader's warnings (checks skipped, keys ignored, tasks left with nothing to
 * check, …) as `eval` and `train` print them before they start: what `validate` says
 * about a suite must not be missed by someone who never runs it.
 */
import { isAbsolute, relative } from 'node:path';
import type { TaskSet } from '../core/tasks';

/** Lines shown before the rest is left to `validate`. */
const MAX_SHOWN = 12;

/** Relative to the working folder when inside it, so editors and terminals can open it. */
export function displayPath(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  return relativePath && !relativePath.startsWith('..') && !isAbsolute(relativePath) ? relativePath : path;
}

/** Empty when the tasks loaded without a warning. */
export function taskWarningsText(taskSet: TaskSet, skillDirectory: string, cwd: string): string {
  const warnings = taskSet.warnings?.filter((problem) => problem.severity === 'warning') ?? [];
  if (warnings.length === 0) return '';
  const lines = warnings.slice(0, MAX_SHOWN).map((problem) => `  ${displayPath(problem.file, cwd)}:${problem.line ?? 1}: ${problem.path ? `at ${problem.path}: ` : ''}${problem.message}`);
  const more = warnings.length - MAX_SHOWN;
  const validate = `skill-trainer validate ${displayPath(skillDirectory, cwd) || '.'}`;
  return [
    `${warnings.length} warning${warnings.length === 1 ? '' : 's'} while reading the tasks:`,
    ...lines,
    ...(more > 0 ? [`  … and ${more} more: ${validate} lists every one.`] : []),
    '',
  ].join('\n');
}
