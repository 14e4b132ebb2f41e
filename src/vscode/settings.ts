import * as vscode from 'vscode';

/** The settings section every Skill Trainer setting lives under. */
export const SETTINGS_SECTION = 'skillTrainer';

/** The settings Skill Trainer reads, as contributed in package.json. */
export interface SkillTrainerSettings {
  /**
   * The model that runs eval tasks with the skill, as `provider:model`
   * (e.g. `anthropic:claude-sonnet-4-5`); empty when not chosen yet.
   */
  readonly target: string;
}

/** Reads the settings for a resource (its workspace folder's values win). */
export function readSettings(scope?: vscode.ConfigurationScope): SkillTrainerSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  return { target: configuration.get<string>('target', '').trim() };
}
