/**
 * The Test Explorer's tree: each skill a test item (its SKILL.md), each eval task a
 * child pointing at the task in its file, labelled with its split and recent results.
 * A skill whose tasks cannot be read shows the problem as the item's error.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { inspectTaskSet, locateJsonPath, splitTasks, type EvalTask, type Split } from '../../core/tasks';
import { readSettings } from '../settings';
import { skillFolderOf, skillNameOf } from '../skill-files';
import { historyMarks, TaskHistory } from './task-history';

/** What a task's test item stands for. */
export interface TaskItemData {
  readonly skillUri: vscode.Uri;
  readonly taskId: string;
  readonly split?: Split;
  /** The task's own short label, if it has one. */
  readonly description?: string;
}

/** One tag per split, so the Test Explorer's filter can show `@skillTrainer.evalTasks:val` only. */
export const SPLIT_TAGS: Record<Split, vscode.TestTag> = { train: new vscode.TestTag('train'), val: new vscode.TestTag('val'), test: new vscode.TestTag('test') };

const SPLIT_NAMES: Record<Split, string> = { train: 'train', val: 'validation', test: 'test' };

/** The id of a task's item: `<SKILL.md URI>#<task id>`. */
export function taskItemId(skillUri: vscode.Uri, taskId: string): string {
  return `${skillUri.toString()}#${taskId}`;
}

/** Where each task is in an evals.json file (its object); promptfoo suites give the file only. */
async function taskRanges(file: string, tasks: readonly EvalTask[]): Promise<Map<string, vscode.Range>> {
  const ranges = new Map<string, vscode.Range>();
  if (!file.endsWith('.json') || /promptfooconfig/i.test(file)) return ranges;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return ranges;
  tasks.forEach((task, index) => {
    const { line, column } = locateJsonPath(text, ['evals', index]);
    ranges.set(task.id, new vscode.Range(line - 1, column - 1, line - 1, column - 1));
  });
  return ranges;
}

/**
 * Fills a skill's item with one child per task (replacing the old ones). Returns the
 * tasks' data by item id, for runs.
 */
export async function resolveSkillItem(
  controller: vscode.TestController,
  skillItem: vscode.TestItem,
  skillUri: vscode.Uri,
  history: TaskHistory,
): Promise<Map<string, TaskItemData>> {
  const data = new Map<string, TaskItemData>();
  const inspection = await inspectTaskSet(skillFolderOf(skillUri).fsPath);
  const taskSet = inspection.taskSet;
  if (!taskSet) {
    const problem = inspection.problems.find((candidate) => candidate.severity === 'error');
    skillItem.error = `${problem?.message ?? 'the eval tasks cannot be read'} (${vscode.workspace.asRelativePath(problem?.file ?? skillUri)})`;
    skillItem.children.replace([]);
    return data;
  }
  skillItem.error = undefined;
  let seed: number | undefined;
  let ratios;
  try {
    ({ seed, splitRatios: ratios } = readSettings(skillUri));
  } catch {
    // A bad setting is reported when something runs; the default split labels the tasks.
  }
  const split = splitTasks(taskSet.tasks, { seed, ratios });
  const splitOf = new Map<string, Split>();
  for (const name of ['train', 'val', 'test'] as const) for (const task of split[name]) splitOf.set(task.id, name);
  const file = inspection.file ?? taskSet.source;
  const ranges = await taskRanges(file, taskSet.tasks);
  const fileUri = vscode.Uri.file(file);
  const children = taskSet.tasks.map((task) => {
    const id = taskItemId(skillUri, task.id);
    const item = controller.createTestItem(id, task.id, fileUri);
    item.range = ranges.get(task.id);
    const taskData: TaskItemData = { skillUri, taskId: task.id, split: splitOf.get(task.id), description: task.description };
    item.tags = taskData.split ? [SPLIT_TAGS[taskData.split]] : [];
    describeTaskItem(item, taskData, history);
    data.set(id, taskData);
    return item;
  });
  skillItem.children.replace(children);
  skillItem.description = `${taskSet.tasks.length} task${taskSet.tasks.length === 1 ? '' : 's'}`;
  return data;
}

/** "validation · Breaking change first · ✓✗✓" (the split, the task's label, its recent results). */
export function describeTaskItem(item: vscode.TestItem, data: TaskItemData, history: TaskHistory): void {
  const marks = historyMarks(history.results(TaskHistory.key(data.skillUri.fsPath, data.taskId)));
  item.description = [data.split ? SPLIT_NAMES[data.split] : undefined, data.description, marks || undefined].filter(Boolean).join(' · ');
}

/** A skill's item: its name, the folder it was found in when outside the workspace. */
export function createSkillItem(controller: vscode.TestController, skillUri: vscode.Uri): vscode.TestItem {
  const item = controller.createTestItem(skillUri.toString(), skillNameOf(skillUri), skillUri);
  item.canResolveChildren = true;
  const folder = vscode.workspace.getWorkspaceFolder(skillUri) ? undefined : dirname(dirname(skillUri.fsPath));
  if (folder) item.description = folder;
  return item;
}
