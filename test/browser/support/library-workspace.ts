import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { chooseContextMenuItem, openContextMenu, UI_TIMEOUT_MS, viewPane } from './workbench-actions';

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

/**
 * Selects commit-messages and commit-notes in the Skills view and starts Optimize
 * Selected Skills from the context menu, as a person does; resolves at the
 * confirmation ("Train 2 skills"), returning the context menu's entries
 * (`whileMenuOpen` sees them while the menu is still open, for a screenshot).
 */
export async function openOptimizeSelectedSkills(page: Page, whileMenuOpen?: (menuEntries: string[]) => Promise<void>): Promise<{ menuEntries: string[]; dialog: Locator }> {
  const skills = viewPane(page, 'Skills');
  const first = skills.getByRole('treeitem', { name: /^commit-messages skill/ });
  const second = skills.getByRole('treeitem', { name: /^commit-notes skill/ });
  await first.click();
  await second.click({ modifiers: ['Control'] });
  const menuEntries = await openContextMenu(page, second);
  await whileMenuOpen?.(menuEntries);
  await chooseContextMenuItem(page, 'Optimize Selected Skills');
  const dialog = page.getByRole('dialog').filter({ hasText: /Train 2 skills/ });
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  return { menuEntries, dialog };
}
