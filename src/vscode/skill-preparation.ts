/**
 * Everything a run needs from a skill before it starts — its text (from the open
 * buffer when there is one), its eval tasks, the settings — with each problem shown
 * to the person together with the action that fixes it.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { uiErrorMessage } from './message-wording';
import { judgeCriteriaFor } from '../core/scoring';
import { loadTaskSet, TaskFileError, UnreviewedDraftsError, type EvalTask, type TaskSet } from '../core/tasks';
import { readSettings, SettingsError, type SkillTrainerSettings } from './settings';
import { skillFolderOf, skillNameOf } from './skill-files';

export interface PreparedSkill {
  readonly skillUri: vscode.Uri;
  readonly skillName: string;
  /** The SKILL.md text as the editor holds it (unsaved changes included). */
  readonly skillText: string;
  readonly taskSet: TaskSet;
  readonly settings: SkillTrainerSettings;
}

/** Why a run could not be prepared (already shown to the person). */
export interface PreparationProblem {
  readonly problem: string;
}

const OPEN_SETTINGS = 'Open Settings';
const OPEN_TASKS = 'Open Eval Tasks';
const CREATE_TASKS = 'Create Eval Tasks';
const REVIEW_DRAFTS = 'Review Draft Tasks';

/** True when any task has criteria for a judge to grade. */
export function tasksNeedJudge(tasks: readonly EvalTask[]): boolean {
  return tasks.some((task) => judgeCriteriaFor(task).length > 0);
}

/** Shows a settings problem with a button that opens the setting. */
export function showSettingsProblem(title: string, error: SettingsError): void {
  void vscode.window.showErrorMessage(`${title}: ${error.message}`, OPEN_SETTINGS).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', error.setting);
  });
}

/**
 * Shows why a command stopped: a settings problem with Open Settings, any other
 * Skill Trainer error in plain words. Anything else is a bug and is thrown again.
 */
export function showCommandProblem(title: string, error: unknown): void {
  if (error instanceof SettingsError) return showSettingsProblem(title, error);
  if (!isSkillTrainerError(error)) throw error;
  void vscode.window.showErrorMessage(`${title}: ${uiErrorMessage(error)}`);
}

/** Reads settings, skill text and tasks; shows the first problem and returns it instead. */
export async function prepareSkill(skillUri: vscode.Uri, title: string): Promise<PreparedSkill | PreparationProblem> {
  const skillName = skillNameOf(skillUri);
  let settings: SkillTrainerSettings;
  try {
    settings = readSettings(skillUri);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    showSettingsProblem(title, error);
    return { problem: error.message };
  }
  const skillText = (await vscode.workspace.openTextDocument(skillUri)).getText();
  let taskSet: TaskSet;
  try {
    taskSet = await loadTaskSet(skillFolderOf(skillUri).fsPath, { runCode: vscode.workspace.isTrusted });
  } catch (error) {
    const file = error instanceof TaskFileError ? vscode.Uri.file(error.file) : undefined;
    // Workspace-relative paths read better in a notification than absolute ones.
    const detail = file ? uiErrorMessage(error).split(file.fsPath).join(vscode.workspace.asRelativePath(file)) : uiErrorMessage(error);
    const message = `${title} ${skillName}: ${detail}`;
    const missing = error instanceof TaskFileError && error.problems.some((problem) => problem.message.startsWith('no eval tasks found'));
    const action = error instanceof UnreviewedDraftsError ? REVIEW_DRAFTS : missing ? CREATE_TASKS : file ? OPEN_TASKS : undefined;
    void (action ? vscode.window.showErrorMessage(message, action) : vscode.window.showErrorMessage(message)).then(async (choice) => {
      if (choice === CREATE_TASKS) await vscode.commands.executeCommand('skillTrainer.createEvalTasks', skillUri);
      else if (choice === REVIEW_DRAFTS) await vscode.commands.executeCommand('skillTrainer.reviewDraftTasks', skillUri);
      else if (choice === OPEN_TASKS && file) {
        const line = Math.max(0, ((error as TaskFileError).line ?? 1) - 1);
        await vscode.window.showTextDocument(file, { selection: new vscode.Range(line, 0, line, 0) });
      }
    });
    return { problem: message };
  }
  return { skillUri, skillName, skillText, taskSet, settings };
}

export function isPrepared(value: PreparedSkill | PreparationProblem): value is PreparedSkill {
  return 'taskSet' in value;
}
