import * as vscode from 'vscode';
import type { SkillInfo } from '../../../src/vscode/extension-api';
import { skillTrainerExtension, waitFor, workspaceFile } from './skill-trainer-extension';

/** Sets user settings of the `skillTrainer` section; returns a function that unsets them again. */
export async function setUserSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const configuration = vscode.workspace.getConfiguration('skillTrainer');
  for (const [key, value] of Object.entries(values)) await configuration.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const key of Object.keys(values)) await configuration.update(key, undefined, vscode.ConfigurationTarget.Global);
  };
}

/** The bundled example skill the test workspace holds (24 tasks, simulated-world hints). */
export function exampleSkillUri(): vscode.Uri {
  return workspaceFile('skills', 'commit-messages', 'SKILL.md');
}

/** The Skills view's row of a skill, as the extension's API lists it. */
export async function skillRow(name: string): Promise<SkillInfo | undefined> {
  const api = await skillTrainerExtension().activate();
  return (await api.listSkills()).find((skill) => skill.name === name);
}

/** Waits until the skill's run state is `state`. */
export async function waitForSkillState(name: string, state: SkillInfo['state'], timeoutMs = 20_000): Promise<void> {
  await waitFor(`${name} to be ${state}`, async () => (await skillRow(name))?.state === state, timeoutMs, 100);
}

/** Removes the workspace's run store (`.skill-trainer/`), so each suite starts without runs. */
export async function removeRunStore(): Promise<void> {
  await vscode.workspace.fs.delete(workspaceFile('.skill-trainer'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
}

/** Reads a workspace file as text. */
export async function readWorkspaceText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * Closes every editor without a save prompt, as every suite's tidy-up must: each
 * document with unsaved changes (files and untitled ones) is reverted first. A save
 * prompt is a modal dialog no test answers: the suite would stall until the layer's
 * timeout. A document that stays dirty fails the hook, naming it, instead.
 */
export async function discardAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  const stillDirty = vscode.workspace.textDocuments.filter((document) => document.isDirty);
  if (stillDirty.length > 0) {
    throw new Error(`Could not revert ${stillDirty.map((document) => document.uri.toString()).join(', ')}; closing the editors would ask to save and stall the suite.`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
