import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './api-key-commands';
import { createEvalTasks } from './create-eval-tasks-command';
import { createSkill, type CreateSkillOptions } from './create-skill-command';
import { evaluateSkillCommand, type EvaluateOptions } from './evaluate-skill-command';
import { chooseModelsCommand } from './model-selection';
import { optimizeSkill, type OptimizeOptions } from './optimize-skill-command';
import type { ShellServices } from './shell-services';
import type { SkillsTreeProvider } from './skills-tree-provider';
import { resumeTrainingCommand, stopTraining } from './stop-resume-commands';
import { applyBestSkillCommand, reviewChangesCommand } from './trained-skill-commands';

/** The commands this file registers (the review and history parts register theirs). */
export const COMMAND_IDS = {
  optimizeSkill: 'skillTrainer.optimizeSkill',
  evaluateSkill: 'skillTrainer.evaluateSkill',
  stopTraining: 'skillTrainer.stopTraining',
  resumeTraining: 'skillTrainer.resumeTraining',
  createEvalTasks: 'skillTrainer.createEvalTasks',
  refreshSkills: 'skillTrainer.refreshSkills',
  createSkill: 'skillTrainer.createSkill',
  setApiKey: 'skillTrainer.setApiKey',
  clearApiKey: 'skillTrainer.clearApiKey',
  showLog: 'skillTrainer.showLog',
  chooseModels: 'skillTrainer.chooseModels',
  applyBestSkill: 'skillTrainer.applyBestSkill',
  reviewChanges: 'skillTrainer.reviewChanges',
} as const;

/** What the command handlers work with. */
export interface CommandServices extends ShellServices {
  readonly skillsTree: SkillsTreeProvider;
}

/**
 * Registers each command. Problems a person can fix are shown as messages with the
 * fixing action; programming errors (a wrong argument) propagate to the caller.
 * Automation (tests, other extensions) may pass options instead of answering pickers.
 */
export function registerCommands(services: CommandServices): vscode.Disposable[] {
  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register(COMMAND_IDS.optimizeSkill, (skill, options) => optimizeSkill(services, skill, options as OptimizeOptions | undefined)),
    register(COMMAND_IDS.evaluateSkill, (skill, options) => evaluateSkillCommand(services, skill, options as EvaluateOptions | undefined)),
    register(COMMAND_IDS.stopTraining, (target) => stopTraining(services, target)),
    register(COMMAND_IDS.resumeTraining, (target) => resumeTrainingCommand(services, target)),
    // The Skills view lists again at once: its file watchers may be slow to report the new file.
    register(COMMAND_IDS.createEvalTasks, async (skill) => {
      const created = await createEvalTasks(skill);
      if (created) services.skillsTree.refresh();
      return created;
    }),
    register(COMMAND_IDS.refreshSkills, () => services.skillsTree.refresh()),
    register(COMMAND_IDS.createSkill, async (name, options) => {
      const created = await createSkill(name, options as CreateSkillOptions | undefined);
      if (created) services.skillsTree.refresh();
      return created;
    }),
    register(COMMAND_IDS.setApiKey, (provider, key) => setApiKey(services.apiKeys, provider, key)),
    register(COMMAND_IDS.clearApiKey, (provider) => clearApiKey(services.apiKeys, provider)),
    register(COMMAND_IDS.showLog, () => services.log.show(true)),
    register(COMMAND_IDS.chooseModels, () => chooseModelsCommand({ catalog: services.catalog, apiKeys: services.apiKeys, memory: services.modelChoice })),
    register(COMMAND_IDS.applyBestSkill, (target) => applyBestSkillCommand(target)),
    register(COMMAND_IDS.reviewChanges, (target) => reviewChangesCommand(target)),
  ];
}
