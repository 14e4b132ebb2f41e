import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SkillTrainerApi } from '../../../src/vscode/extension-api';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'skill-trainer.skill-trainer';

/** The installed Skill Trainer extension; fails the test when it is not installed. */
export function skillTrainerExtension(): vscode.Extension<SkillTrainerApi> {
  const extension = vscode.extensions.getExtension<SkillTrainerApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this VS Code`);
  return extension;
}

/** The extension's package.json as VS Code read it. */
export interface ExtensionManifest {
  readonly activationEvents?: string[];
  readonly contributes: {
    readonly commands?: { command: string; title: string; category?: string }[];
    readonly viewsContainers?: { activitybar?: { id: string; title: string; icon: string }[] };
    readonly views?: Record<string, { id: string; name: string }[]>;
    readonly viewsWelcome?: { view: string; contents: string }[];
    readonly menus?: Record<string, { command: string; when?: string; group?: string }[]>;
    readonly configuration?: { properties: Record<string, { type: string; default?: unknown }> };
  };
}

export function skillTrainerManifest(): ExtensionManifest {
  return skillTrainerExtension().packageJSON as ExtensionManifest;
}

/**
 * Resolves once `condition` holds, checking every `intervalMs`; fails with
 * `description` after `timeoutMs`. For state VS Code reaches asynchronously.
 */
export async function waitFor(
  description: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The URI of a file in the (first) workspace folder. */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs an open workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}
