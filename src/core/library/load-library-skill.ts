/**
 * Loads one skill of a library run for training: its SKILL.md, its tasks (the folder's
 * own task file, or the one its settings name) split with the run's seed, and the checks
 * a run would refuse to start without. What cannot train comes back as a `skipped`
 * outcome with the reason and the fix; it never stops the other skills.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errorMessage, isSkillTrainerError } from '../errors';
import type { EvalTask, Split, TaskSet } from '../tasks/eval-task';
import { findTaskFile, loadTaskFile, loadTaskSet, type LoadTaskSetOptions, type TaskLoadOptions } from '../tasks/load-task-set';
import { splitTasks, type SplitRatios } from '../tasks/split-tasks';
import { checkSkillFrontmatter } from '../training/training-setup';
import type { LibrarySkillOutcome } from './library-run-record';

/** A skill ready to train. */
export interface LoadedLibrarySkill {
  skillText: string;
  taskSet: TaskSet;
  tasks: Record<Split, EvalTask[]>;
}

type Skipped = Extract<LibrarySkillOutcome, { status: 'skipped' }>;

function skipped(code: string, reason: string): Skipped {
  return { status: 'skipped', code, reason };
}

/** The skill's tasks from `tasksFile` when given, else from its folder. */
export function loadSkillTasks(skillDirectory: string, tasksFile: string | undefined, options: LoadTaskSetOptions & TaskLoadOptions = {}): Promise<TaskSet> {
  return tasksFile ? loadTaskFile(tasksFile, { skillDir: skillDirectory, ...options }) : loadTaskSet(skillDirectory, options);
}

/**
 * Loads the skill in `skillPath`'s folder with `seed`'s split, or says why it is skipped:
 * no SKILL.md, a frontmatter training could damage, no task file, an invalid task file
 * or unreviewed drafted tasks, no train or no validation tasks. `runCode`: the workspace
 * is trusted, so a promptfoo suite's own code may build its tasks.
 */
export async function loadLibrarySkill(skillPath: string, settings: { tasksFile?: string; seed: number; splitRatios?: SplitRatios; runCode?: boolean }): Promise<LoadedLibrarySkill | Skipped> {
  const directory = dirname(skillPath);
  let skillText: string;
  try {
    skillText = await readFile(skillPath, 'utf8');
  } catch {
    return skipped('skill_not_found', `No readable SKILL.md in ${directory}.`);
  }
  try {
    checkSkillFrontmatter(skillPath, skillText);
  } catch (error) {
    return skipped(isSkillTrainerError(error) ? error.code : 'skill_invalid', errorMessage(error));
  }
  if (!settings.tasksFile && !findTaskFile(directory)) {
    return skipped(
      'no_eval_tasks',
      `${basename(directory)} has no eval tasks: create ${join(directory, 'evals', 'evals.json')} (or a promptfooconfig.yaml), or name a task file in skill-trainer.config.json ("tasks").`,
    );
  }
  let taskSet: TaskSet;
  try {
    // Drafted tasks nobody reviewed are refused here, and the skill is skipped with why.
    taskSet = await loadSkillTasks(directory, settings.tasksFile, { runCode: settings.runCode });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    return skipped(error.code, errorMessage(error));
  }
  const tasks = splitTasks(taskSet.tasks, { seed: settings.seed, ...(settings.splitRatios ? { ratios: settings.splitRatios } : {}) });
  if (tasks.train.length === 0) return skipped('training_setup_invalid', `${basename(directory)} has no train tasks to learn from: mark some tasks "split": "train", or leave splits out for a seeded split.`);
  if (tasks.val.length === 0) return skipped('training_setup_invalid', `${basename(directory)} has no validation tasks for the gate: mark some tasks "split": "val".`);
  return { skillText, taskSet, tasks };
}

export function isSkipped(value: LoadedLibrarySkill | Skipped): value is Skipped {
  return 'status' in value;
}
