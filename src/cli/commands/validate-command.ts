/**
 * `skill-trainer validate <skill-dir>`: checks SKILL.md against the Agent Skills spec
 * and the eval-task file against its format, printing each problem as
 * `file:line: severity: message`. Exits 1 when there is any error, else 0. Given a
 * folder of skills, checks every skill folder below it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { validateSkill } from '../../core/skill';
import { findSplitOverlaps, inspectTaskSet, SPLITS, splitTasks, type TaskFileProblem } from '../../core/tasks';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { findSkillFolders } from './find-skill-folders';
import { displayPath } from '../task-warnings-text';

/** One line of the report. */
export interface ValidationProblem {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  message: string;
}

export const validateCommand: CliCommand = {
  register(program, context) {
    program
      .command('validate')
      .description("Check a skill's SKILL.md and its eval tasks (evals/evals.json or promptfooconfig.yaml)")
      .argument('<skill-dir>', 'the skill folder (or its SKILL.md), or a folder of skills to check each')
      .action(async (skillPath: string) => {
        context.exitCode = await runValidateCommand(skillPath, context.io);
      });
  },
};

/**
 * Runs the check and prints the report; returns the exit code. A folder that is not a
 * skill but holds skill folders below it (a multi-skill repository) has each checked.
 */
export async function runValidateCommand(skillPath: string, io: CliIo): Promise<number> {
  const skillDir = resolveSkillDir(resolve(io.cwd, skillPath));
  const several = isFolderOfSkills(skillDir) ? findSkillFolders(skillDir) : undefined;
  if (!several || several.folders.length === 0) return (await validateOneSkill(skillDir, io)).errors > 0 ? 1 : 0;
  let failed = 0;
  for (const folder of several.folders) {
    if ((await validateOneSkill(join(skillDir, folder), io)).errors > 0) failed += 1;
  }
  const total = several.folders.length;
  const more = several.truncated ? ' (the search stopped at its limit; validate deeper folders on their own)' : '';
  io.stdout.write(`${total} skill${total === 1 ? '' : 's'} under ${displayPath(skillDir, io.cwd) || '.'}: ${failed === 0 ? 'all valid' : `${failed} with errors`}${more}\n`);
  return failed > 0 ? 1 : 0;
}

/** A folder with no SKILL.md of any case: it may hold skills below it. */
function isFolderOfSkills(folder: string): boolean {
  return existsSync(folder) && statSync(folder).isDirectory() && !safeReadNames(folder).some((name) => name.toLowerCase() === 'skill.md');
}

/** Checks one skill folder and prints its problems and its summary line. */
async function validateOneSkill(skillDir: string, io: CliIo): Promise<{ errors: number }> {
  const tasks = await taskProblems(skillDir, io);
  const problems = [...(await skillProblems(skillDir)), ...tasks.problems];
  for (const problem of problems) {
    io.stdout.write(`${displayPath(problem.file, io.cwd)}:${problem.line}: ${problem.severity}: ${problem.message}\n`);
  }
  if (tasks.summary) io.stdout.write(`${tasks.summary}\n`);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  io.stdout.write(errors > 0 ? `${displayPath(skillDir, io.cwd)}: ${counts}\n` : `${displayPath(skillDir, io.cwd)}: valid (${counts})\n`);
  return { errors };
}

/** A path to SKILL.md means its folder. */
function resolveSkillDir(path: string): string {
  return existsSync(path) && statSync(path).isFile() && basename(path).toLowerCase() === 'skill.md' ? dirname(path) : path;
}

async function skillProblems(skillDir: string): Promise<ValidationProblem[]> {
  const file = join(skillDir, 'SKILL.md');
  if (!existsSync(skillDir) || !statSync(skillDir).isDirectory()) {
    return [{ severity: 'error', file: skillDir, line: 1, message: 'is not a folder; give the path of a skill folder (the one holding SKILL.md)' }];
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [{ severity: 'error', file, line: 1, message: missingSkillMessage(skillDir) }];
  }
  return validateSkill(text, { folderName: basename(skillDir) }).map((problem) => ({ ...problem, file }));
}

/** Why the folder has no SKILL.md: a differently cased file to rename, or none at all. */
function missingSkillMessage(skillDir: string): string {
  const base = 'not found: a skill folder needs a SKILL.md with `name` and `description` frontmatter';
  const miscased = safeReadNames(skillDir).find((name) => name.toLowerCase() === 'skill.md');
  if (miscased) return `${base}; this folder has '${miscased}': rename it to SKILL.md (agents look for that exact name)`;
  return `${base} (and no skill folders below it)`;
}

function safeReadNames(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

async function taskProblems(skillDir: string, io: CliIo): Promise<{ problems: ValidationProblem[]; summary?: string }> {
  if (!existsSync(skillDir)) return { problems: [] };
  const result = await inspectTaskSet(skillDir, { runCode: true });
  const problems = result.problems.map((problem) => toValidationProblem(problem));
  if (!result.file) {
    // Not an error for the skill itself: it is valid, it just cannot be trained yet.
    return { problems: problems.map((problem) => ({ ...problem, severity: 'warning' })) };
  }
  if (result.taskSet) {
    const splits = splitTasks(result.taskSet.tasks);
    for (const overlap of findSplitOverlaps(splits)) {
      problems.push({
        severity: 'warning',
        file: result.file,
        line: 1,
        message: `tasks ${overlap.taskIds.map((id) => `'${id}'`).join(', ')} share one prompt but sit in ${overlap.splits.join(' and ')}; test results will be refused until every prompt is unique or they share a split`,
      });
    }
    const sizes = SPLITS.map((split) => `${split} ${splits[split].length}`).join(', ');
    const count = result.taskSet.tasks.length;
    const summary = `${displayPath(result.file, io.cwd)}: ${count} task${count === 1 ? '' : 's'} (${sizes} with the default seed)`;
    return { problems, summary };
  }
  return { problems };
}

function toValidationProblem(problem: TaskFileProblem): ValidationProblem {
  return {
    severity: problem.severity,
    file: problem.file,
    line: problem.line ?? 1,
    message: problem.path ? `at ${problem.path}: ${problem.message}` : problem.message,
  };
}

