import * as vscode from 'vscode';
import { ApiKeyStore } from './vscode/api-keys';
import { createExtensionApi, type SkillTrainerApi } from './vscode/extension-api';
import { registerCommands } from './vscode/register-commands';
import { SkillsTreeProvider } from './vscode/skills-tree-provider';

/** Registers everything the extension contributes; does no work until asked. */
export function activate(context: vscode.ExtensionContext): SkillTrainerApi {
  const apiKeys = new ApiKeyStore(context.secrets);
  const skillsTree = new SkillsTreeProvider();
  context.subscriptions.push(
    skillsTree,
    vscode.window.registerTreeDataProvider('skillTrainer.skills', skillsTree),
    ...registerCommands({ apiKeys, skillsTree }),
  );
  return createExtensionApi(apiKeys);
}

export function deactivate(): void {}
