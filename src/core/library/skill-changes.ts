/**
 * `--only-changed`: whether a skill changed since its last finished run, judged from
 * that run's own files. Unchanged means the SKILL.md is the text the run started from,
 * or the skill it trained (applied since), and the tasks, split as the run split them,
 * are the ones the run trained on.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalTask, Split } from '../tasks/eval-task';
import { rebuildRunEntries } from '../store/rebuild-run-index';
import { runFolder, trainedSkillPath } from '../store/run-reader';
import { storeFolderName } from '../store/run-store';
import type { RunIndexEntry } from '../store/run-records';

/** The newest finished run of a skill, if any, from the run folders (the index is only a cache). */
export async function lastFinishedRun(workspaceRoot: string, skillPath: string): Promise<RunIndexEntry | undefined> {
  const runs = (await rebuildRunEntries(join(workspaceRoot, storeFolderName))).filter((run) => run.skillPath === skillPath && run.status === 'finished');
  return runs.sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt))[0];
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

/** Why a skill counts as changed, or undefined when it is unchanged since `run`. */
export async function changeSince(workspaceRoot: string, run: RunIndexEntry, current: { skillText: string; tasks: Record<Split, EvalTask[]> }): Promise<string | undefined> {
  const folder = runFolder(workspaceRoot, run.id);
  const state = JSON.parse((await readText(join(folder, 'state.json'))) ?? '{}') as { initialSkill?: unknown };
  const trained = await readText(trainedSkillPath(workspaceRoot, run.id));
  if (current.skillText !== state.initialSkill && current.skillText !== trained) return `SKILL.md changed since run ${run.id}`;
  const tasksText = await readText(join(folder, 'tasks.json'));
  let runTasks: unknown;
  try {
    runTasks = tasksText === undefined ? undefined : JSON.parse(tasksText);
  } catch {
    runTasks = undefined;
  }
  if (JSON.stringify(runTasks) !== JSON.stringify(current.tasks)) return `the eval tasks changed since run ${run.id}`;
  return undefined;
}
