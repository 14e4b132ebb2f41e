/**
 * What Evaluate Skill and the Test Explorer share: the models an evaluation runs on
 * (from the settings, the workspace's remembered choice, or a quick pick; refused in an
 * untrusted workspace for agent CLIs) and the evaluation itself with the skill's
 * settings, folder and trust.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { evaluateSkill, type TaskEvaluation } from '../core/evaluation';
import type { EvalTask } from '../core/tasks';
import { uiErrorMessage } from './message-wording';
import { chooseRoleSpecs } from './model-selection';
import { createRunModels, type RoleSpecs, type RunModels } from './run-models';
import { SettingsError } from './settings';
import type { ShellServices } from './shell-services';
import { skillFolderOf } from './skill-files';
import { showSettingsProblem, tasksNeedJudge, type PreparedSkill } from './skill-preparation';
import { checkRunTrust } from './workspace-trust';

/** The models of an evaluation, or why there are none (already told to the person). */
export type EvaluationModels = { readonly specs: RoleSpecs; readonly models: RunModels } | { readonly reason: string };

/** Picks and creates the models to evaluate `tasks` of `prepared` with; `specs` skips the choosing (automation). */
export async function evaluationModels(
  services: ShellServices,
  prepared: PreparedSkill,
  tasks: readonly EvalTask[],
  title: string,
  given?: RoleSpecs,
): Promise<EvaluationModels> {
  const { settings, taskSet, skillName } = prepared;
  let specs: RoleSpecs | undefined;
  try {
    specs =
      given ??
      (await chooseRoleSpecs({
        settings,
        catalog: services.catalog,
        apiKeys: services.apiKeys,
        needsJudge: tasksNeedJudge(tasks),
        purpose: 'evaluate',
        title: `${title} ${skillName}`,
        memory: services.modelChoice,
        note: (message) => services.log.info(`[${skillName}] ${message}`),
      }));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    showSettingsProblem(title, error);
    return { reason: error.message };
  }
  if (!specs) return { reason: 'No models were chosen.' };
  if (!checkRunTrust(`${title} ${skillName}`, specs, tasks)) return { reason: 'Agent-CLI targets do not run in an untrusted workspace.' };
  try {
    const models = await createRunModels({ specs, settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, taskSet });
    return { specs, models };
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    void vscode.window.showErrorMessage(`${title} ${skillName}: ${uiErrorMessage(error)}`);
    return { reason: uiErrorMessage(error) };
  }
}

/** Runs `tasks` with the prepared skill (or, `withoutSkill`, with none) and scores them; see the core's evaluateSkill. */
export function runEvaluation(input: {
  readonly prepared: PreparedSkill;
  readonly tasks: readonly EvalTask[];
  readonly models: RunModels;
  readonly withoutSkill?: boolean;
  readonly signal?: AbortSignal;
  readonly onResult: (result: TaskEvaluation, done: number, total: number) => void;
}): Promise<TaskEvaluation[]> {
  const { prepared, models } = input;
  return evaluateSkill({
    skill: { name: prepared.skillName, text: prepared.skillText },
    withoutSkill: input.withoutSkill,
    tasks: input.tasks,
    target: models.target,
    judge: models.judge,
    trusted: vscode.workspace.isTrusted,
    concurrency: prepared.settings.rolloutConcurrency,
    signal: input.signal,
    skillDirectory: skillFolderOf(prepared.skillUri).fsPath,
    onProgress: ({ done, total, latest }) => input.onResult(latest, done, total),
  });
}
