import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A second trainable skill for the library tests: the example under another name
 * (`skills/commit-notes`), so a library run has two skills with tasks beside the one
 * without (.claude/skills/release-notes).
 */
export function addSecondSkill(workspacePath: string): void {
  const source = join(workspacePath, 'skills', 'commit-messages');
  const target = join(workspacePath, 'skills', 'commit-notes');
  cpSync(source, target, { recursive: true });
  const skill = join(target, 'SKILL.md');
  writeFileSync(skill, readFileSync(skill, 'utf8').replace('name: commit-messages', 'name: commit-notes'));
  const tasks = join(target, 'evals', 'evals.json');
  writeFileSync(tasks, readFileSync(tasks, 'utf8').replace('"skill_name": "commit-messages"', '"skill_name": "commit-notes"'));
}

/** Adds settings to the workspace's `.vscode/settings.json`, keeping the others. */
export function addWorkspaceSettings(workspacePath: string, values: Record<string, unknown>): void {
  const path = join(workspacePath, '.vscode', 'settings.json');
  let current: Record<string, unknown> = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    // No settings yet.
  }
  writeFileSync(path, JSON.stringify({ ...current, ...values }, null, 2));
}
