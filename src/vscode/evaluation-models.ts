/**
 * The models of a run that scores tasks without training (Evaluate Skill, Diagnose
 * Skill): the specs (settings, the remembered choice, or a pick), the trust check, and
 * the models with their call policies. Each problem is shown to the person and
 * returned as the reason the run did not start.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import type { EvalTask, TaskSet } from '../core/tasks';
import { uiErrorMessage } from './message-wording';
import { chooseRoleSpecs } from './model-selection';
import { createRunModels, type RoleSpecs, type RunModels } from './run-models';
import { SettingsError, type SkillTrainerSettings } from './settings';
import type { ShellServices } from './shell-services';
import { showSettingsProblem } from './skill-preparation';
import { checkRunTrust } from './workspace-trust';

export interface EvaluationModelsInput {
  readonly title: string;
  readonly skillName: string;
  readonly settings: SkillTrainerSettings;
  readonly taskSet: TaskSet;
  /** The tasks that will run (for the trust check). */
  readonly tasks: readonly EvalTask[];
  readonly needsJudge: boolean;
  /** Given by automation instead of asking. */
  readonly specs?: RoleSpecs;
}

export async function evaluationModels(
  services: ShellServices,
  input: EvaluationModelsInput,
): Promise<{ specs: RoleSpecs; models: RunModels } | { problem: string }> {
  const { title, skillName, settings } = input;
  let specs: RoleSpecs | undefined;
  try {
    specs =
      input.specs ??
      (await chooseRoleSpecs({ settings, catalog: services.catalog, apiKeys: services.apiKeys, needsJudge: input.needsJudge, purpose: 'evaluate', title: `${title} ${skillName}`, memory: services.modelChoice, note: (message) => services.log.info(`[${skillName}] ${message}`) }));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    showSettingsProblem(title, error);
    return { problem: error.message };
  }
  if (!specs) return { problem: 'No models were chosen.' };
  if (!checkRunTrust(`${title} ${skillName}`, specs, input.tasks)) return { problem: 'Agent-CLI targets do not run in an untrusted workspace.' };
  try {
    const models = await createRunModels({ specs, settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, taskSet: input.taskSet });
    return { specs, models };
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    void vscode.window.showErrorMessage(`${title} ${skillName}: ${uiErrorMessage(error)}`);
    return { problem: uiErrorMessage(error) };
  }
}
