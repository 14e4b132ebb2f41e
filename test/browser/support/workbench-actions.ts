import * as assert from 'node:assert/strict';
import type { FrameLocator, Locator, Page } from 'playwright-core';

/**
 * What a person does in the workbench, as Playwright steps. Locators use roles and
 * visible names where VS Code provides them, so they read like the screen.
 */

/** A cold workbench load takes ~30 s on a 2-core machine (ms). */
export const WORKBENCH_LOAD_TIMEOUT_MS = 120_000;
/** A UI reaction to a click, extension-host round trip included (ms). */
export const UI_TIMEOUT_MS = 15_000;

/** The workspace-trust question VS Code asks when a folder opens for the first time. */
export function workspaceTrustDialog(page: Page): Locator {
  return page.getByRole('dialog').filter({ hasText: 'Do you trust the authors of the files in this folder?' });
}

/** The side bar part (Explorer, Skill Trainer, …). */
export function sideBar(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.sidebar');
}

/** An activity-bar entry by its title, e.g. "Explorer" or "Skill Trainer". */
export function activityBarEntry(page: Page, title: string): Locator {
  // The accessible name may carry a keybinding: "Explorer (Ctrl+Shift+E)".
  return page.locator('#workbench\\.parts\\.activitybar').getByRole('tab', { name: new RegExp(`^${title}\\b`) });
}

/** Opens an activity-bar container unless it is already the one shown. */
export async function openActivityBarContainer(page: Page, title: string): Promise<void> {
  const entry = activityBarEntry(page, title);
  await entry.waitFor({ timeout: UI_TIMEOUT_MS });
  if ((await entry.getAttribute('aria-selected')) !== 'true') await entry.click();
  await page.locator('#workbench\\.parts\\.sidebar .composite.title').filter({ hasText: title }).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

/** A view's section in the side bar, by its header title (e.g. "Skills"). */
export function viewPane(page: Page, title: string): Locator {
  return sideBar(page).locator('.pane').filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${title}`, 'i') }) });
}

/** A row of the Explorer tree by its label ("SKILL.md", "skills", ".claude/skills/…"). */
export function explorerRow(page: Page, label: string): Locator {
  return sideBar(page).locator('.explorer-folders-view').getByRole('treeitem', { name: label, exact: true });
}

/** Expands an Explorer folder row (a click toggles; only click when collapsed). */
export async function expandExplorerFolder(page: Page, label: string): Promise<void> {
  const row = explorerRow(page, label);
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
}

/** The context menu currently open (VS Code draws it inside a shadow root; CSS pierces it). */
export function contextMenu(page: Page): Locator {
  return page.locator('.context-view .monaco-menu');
}

/**
 * Right-clicks `target` and returns the labels of the menu that opens. A tree that
 * redraws just then (a run ending refreshes the Checkpoints view) closes a fresh menu,
 * and a hover card can take the click: like a person, point away and right-click again.
 */
export async function openContextMenu(page: Page, target: Locator): Promise<string[]> {
  const menu = contextMenu(page);
  for (let attempt = 1; ; attempt += 1) {
    await page.mouse.move(5, 5);
    await page.locator('.monaco-hover, .workbench-hover').first().waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
    await target.click({ button: 'right' });
    const last = attempt === 3;
    const opened = await menu.waitFor({ timeout: last ? UI_TIMEOUT_MS : 5_000 }).then(() => true, (error: unknown) => {
      if (last) throw error;
      return false;
    });
    if (opened) break;
    await page.keyboard.press('Escape');
  }
  const labels = await menu.locator('.action-item .action-label').allInnerTexts();
  return labels.map((label) => label.trim()).filter((label) => label.length > 0);
}

/** Clicks a context-menu entry by its label, pointing at it first as a person does. */
export async function chooseContextMenuItem(page: Page, label: string): Promise<void> {
  const item = contextMenu(page).getByRole('menuitem', { name: label, exact: true });
  await item.hover({ timeout: UI_TIMEOUT_MS });
  await item.click();
  // A menu closes as soon as it takes a click. On a loaded machine a click can land
  // before the menu takes input (seen once in 04): a person would click again.
  const closed = await contextMenu(page).waitFor({ state: 'detached', timeout: 3_000 }).then(() => true, () => false);
  if (!closed && (await item.isVisible())) await item.click();
  await contextMenu(page).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
}

/** Closes an open menu or dialog the way a person would. */
export async function pressEscape(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
}

/**
 * A notification toast by (part of) its message, once it has finished sliding in
 * (VS Code marks that with `notification-fade-in-done`).
 */
export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast.notification-fade-in-done').filter({ hasText: text });
}

/** Every notification toast on screen (any state of its slide-in). */
function toasts(page: Page): Locator {
  return page.locator('.notifications-toasts .notification-toast');
}

/**
 * While training waits for a review, no toast sits over the editor (appended proposals
 * are at its bottom right): the training notification steps aside and the review lives
 * in the status bar and the CodeLens.
 */
export async function expectNoToasts(page: Page): Promise<void> {
  await toasts(page).first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS }).catch(async () => {
    assert.fail(`toasts cover the editor during the review: ${(await toasts(page).allInnerTexts()).join(' | ')}`);
  });
}

/** The quick pick / quick input widget while it is open. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-list') });
}

/** Picks a quick-pick entry whose label matches, pointing at it first as a person does. */
export async function chooseQuickPickItem(page: Page, label: string | RegExp): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ timeout: UI_TIMEOUT_MS });
  const option = widget.getByRole('option', { name: label }).first();
  await option.hover({ timeout: UI_TIMEOUT_MS });
  await option.click();
}

/** Runs a command by its palette title (e.g. "Notifications: Clear All Notifications"). */
export async function runFromCommandPalette(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const widget = page.locator('.quick-input-widget');
  await widget.waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.type(title);
  await widget.getByRole('option', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().click({ timeout: UI_TIMEOUT_MS });
}

/** A status-bar entry by (part of) its text. */
export function statusBarEntry(page: Page, text: string | RegExp): Locator {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item').filter({ hasText: text });
}

/**
 * Opens a workspace file with Quick Open, as a person does. Recently opened files come
 * first (another SKILL.md, say): the option whose text holds `folder` is picked.
 */
export async function quickOpen(page: Page, relativePath: string, folder: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(relativePath);
  await page.locator('.quick-input-widget').getByRole('option').filter({ hasText: folder }).first().click({ timeout: UI_TIMEOUT_MS });
  await page.locator('.breadcrumbs-control').filter({ hasText: folder }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** The page inside the active webview panel (VS Code nests it in two iframes). */
export function activeWebview(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** Closes every editor and notification, as a person tidies up before starting something new. */
export async function clearEditorsAndNotifications(page: Page): Promise<void> {
  await runFromCommandPalette(page, 'View: Close All Editors').catch(() => undefined);
  await runFromCommandPalette(page, 'Notifications: Clear All Notifications').catch(() => undefined);
}
