/**
 * Creates and registers the shell of the extension: log, keys, language models, run
 * controller, status bar, Skills view, diagnostics and the training commands.
 * Returns the services other parts (review, history) are registered with.
 */
import * as vscode from 'vscode';
import { ApiKeyStore } from './api-keys';
import { createExtensionApi, type SkillTrainerApi } from './extension-api';
import type { ExtensionServices } from './extension-services';
import { LanguageModelCatalog } from './language-model-catalog';
import { ModelChoiceMemory } from './model-choice-memory';
import { registerCommands } from './register-commands';
import { closeRolloutQueues } from './rollout-queue-connections';
import { RunController } from './run-controller';
import { listResumableRuns } from './run-store-location';
import type { ShellServices } from './shell-services';
import { SkillCodeActions } from './skill-code-actions';
import { SkillDiagnostics } from './skill-diagnostics';
import { findSkillFiles } from './skill-files';
import { SkillFileWatcher } from './skill-file-watchers';
import { includeUserSkills, listSkillSummaries, skillRowDescription, SkillsTreeProvider } from './skills-tree-provider';
import { offerInterruptedRuns } from './stop-resume-commands';
import { registerTrainedSkillProvider } from './trained-skill-actions';
import { registerEvalTests } from './testing/eval-test-controller';
import { TrainingStatusBar } from './training-status-bar';
import { RESTRICTED_MODE_MESSAGE } from './workspace-trust';

export interface Shell {
  readonly services: ExtensionServices & ShellServices;
  readonly api: SkillTrainerApi;
}

/**
 * Sets the context keys menus and the palette read: `skillTrainer.hasRuns`,
 * `skillTrainer.hasResumableRuns`, and which skills have eval tasks (Create Eval Tasks
 * is offered only on skills known to have none: not before the first scan sets
 * `skillTrainer.skillsScanned`).
 */
async function updateRunContextKeys(runs: RunController): Promise<void> {
  const resumable = await listResumableRuns((runId) => runs.isLive(runId));
  const summaries = await listSkillSummaries(runs);
  const withTasks = summaries.filter((summary) => summary.taskCount !== undefined);
  await vscode.commands.executeCommand('setContext', 'skillTrainer.hasResumableRuns', resumable.length > 0);
  await vscode.commands.executeCommand('setContext', 'skillTrainer.hasRuns', summaries.some((summary) => summary.lastRun !== undefined));
  // `resourcePath` is the file system path; both spellings, so the match holds on every platform.
  await vscode.commands.executeCommand('setContext', 'skillTrainer.skillsWithTasks', [...new Set(withTasks.flatMap((summary) => [summary.uri.fsPath, summary.uri.path]))]);
  await vscode.commands.executeCommand('setContext', 'skillTrainer.hasSkillsWithoutTasks', withTasks.length < summaries.length);
  // Until this first runs, which skills have tasks is unknown: Create Eval Tasks stays off the menu.
  await vscode.commands.executeCommand('setContext', 'skillTrainer.skillsScanned', true);
}

export function registerShell(context: vscode.ExtensionContext): Shell {
  const log = vscode.window.createOutputChannel('Skill Trainer', { log: true });
  const apiKeys = new ApiKeyStore(context.secrets);
  const catalog = new LanguageModelCatalog();
  const statusBar = new TrainingStatusBar();
  const runs = new RunController({ log, statusBar, memento: context.workspaceState });
  const services = { apiKeys, catalog, runs, log, modelChoice: new ModelChoiceMemory(context.workspaceState) };

  const skillFiles = new SkillFileWatcher(includeUserSkills);
  const skillsTree = new SkillsTreeProvider(runs, skillFiles);
  const skillsView = vscode.window.createTreeView('skillTrainer.skills', { treeDataProvider: skillsTree, canSelectMany: true });
  skillsView.message = vscode.workspace.isTrusted ? undefined : RESTRICTED_MODE_MESSAGE;
  const diagnostics = new SkillDiagnostics();

  let contextKeysTimer: ReturnType<typeof setTimeout> | undefined;
  const updateContextKeysSoon = () => {
    clearTimeout(contextKeysTimer);
    contextKeysTimer = setTimeout(() => void updateRunContextKeys(runs).catch((error) => log.warn(`Could not read the run store: ${String(error)}`)), 300);
  };

  context.subscriptions.push(
    { dispose: () => void closeRolloutQueues() },
    log,
    catalog,
    statusBar,
    runs,
    skillFiles,
    skillsTree,
    skillsView,
    diagnostics,
    registerTrainedSkillProvider(),
    vscode.languages.registerCodeActionsProvider({ pattern: '**/SKILL.md' }, new SkillCodeActions(), { providedCodeActionKinds: SkillCodeActions.kinds }),
    ...registerCommands({ ...services, skillsTree }),
    registerEvalTests(services, context.workspaceState, skillFiles),
    skillsTree.onDidListSkills((summaries) => {
      void diagnostics.checkSkills(summaries.map((summary) => summary.uri));
      updateContextKeysSoon();
    }),
    runs.onDidChangeRunState(updateContextKeysSoon),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      skillsView.message = undefined;
      log.info('The workspace is trusted now: new runs may use javascript assertions and agent-CLI targets.');
      skillsTree.refresh();
    }),
    new vscode.Disposable(() => clearTimeout(contextKeysTimer)),
  );

  // After activation, off the critical path: check every skill, set context keys, and
  // offer to resume runs a closed window interrupted.
  setTimeout(() => {
    void findSkillFiles().then((uris) => diagnostics.checkSkills(uris));
    updateContextKeysSoon();
    void offerInterruptedRuns(services).catch((error) => log.error(`Could not offer interrupted runs: ${String(error)}`));
  }, 0);

  const api = createExtensionApi({ apiKeys, listSkills: () => listSkillSummaries(runs), describe: skillRowDescription });
  return { services, api };
}
