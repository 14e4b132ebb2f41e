import * as vscode from 'vscode';
import { clearApiKey, setApiKey } from './api-key-commands';
import type { ApiKeyStore } from './api-keys';
import { createSkill } from './create-skill-command';
import { optimizeSkill } from './optimize-skill-command';
import type { SkillsTreeProvider } from './skills-tree-provider';

/** Every command id the extension contributes (package.json `contributes.commands`). */
export const COMMAND_IDS = {
  optimizeSkill: 'skillTrainer.optimizeSkill',
  refreshSkills: 'skillTrainer.refreshSkills',
  createSkill: 'skillTrainer.createSkill',
  setApiKey: 'skillTrainer.setApiKey',
  clearApiKey: 'skillTrainer.clearApiKey',
} as const;

/** What the command handlers work with. */
export interface CommandServices {
  readonly apiKeys: ApiKeyStore;
  readonly skillsTree: SkillsTreeProvider;
}

/**
 * Registers each command. A handler's error propagates: VS Code shows its message to
 * the person, and `executeCommand` callers (tests, other extensions) receive it.
 */
export function registerCommands(services: CommandServices): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMAND_IDS.optimizeSkill, (uri?: unknown) => optimizeSkill(uri)),
    vscode.commands.registerCommand(COMMAND_IDS.refreshSkills, () => services.skillsTree.refresh()),
    vscode.commands.registerCommand(COMMAND_IDS.createSkill, (name?: unknown) => createSkill(name)),
    vscode.commands.registerCommand(COMMAND_IDS.setApiKey, (provider?: unknown, key?: unknown) =>
      setApiKey(services.apiKeys, provider, key),
    ),
    vscode.commands.registerCommand(COMMAND_IDS.clearApiKey, (provider?: unknown) =>
      clearApiKey(services.apiKeys, provider),
    ),
  ];
}
