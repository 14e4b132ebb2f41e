import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { applyEdits } from '../../src/core/skill';
import type { StoredEdit } from '../../src/core/store';
import stepEdits from '../fixtures/review/step-edits.json';
import { writeStoredReviewRun } from '../vscode/support/stored-review-run';
import {
  chooseQuickPickItem,
  openActivityBarContainer,
  pressEscape,
  runFromCommandPalette,
  statusBarEntry,
  UI_TIMEOUT_MS,
} from './support/workbench-actions';
import { useDesktopSettings } from './support/desktop-settings';
import { workbench } from './support/workbench-session';

/** The fixture skill the review shows; it replaces .claude/skills/release-notes/SKILL.md for this file's tests. */
const SKILL_TEXT = readFileSync(join(__dirname, '../fixtures/review/SKILL.md'), 'utf8');
const EDITS = stepEdits.selectedEdits as StoredEdit[];

/** The active editor tab; VS Code marks it `dirty` while the buffer differs from the file. */
function activeTab(page: Page): Locator {
  return page.locator('.tab.active').filter({ hasText: 'SKILL.md' });
}

/** The CodeLens row whose text matches, in the active editor. */
function codeLensRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.editor-instance .monaco-editor .codelens-decoration').filter({ hasText: text });
}

/** Clicks one lens of a row by its title ("Accept", "Reject"). */
async function clickLens(row: Locator, title: string): Promise<void> {
  const lens = row.locator('a').filter({ hasText: new RegExp(`^\\s*${title}$`) });
  await lens.waitFor({ timeout: UI_TIMEOUT_MS });
  await lens.click();
}

/**
 * A finished step read back from the run store, proposed again in the SKILL.md editor:
 * the struck-through removals, the ghost text of insertions, the CodeLens and the hover
 * as a person sees them in the default dark theme; then Accept and Reject by CodeLens.
 */
describe('inline review in the editor', () => {
  let skillPath: string;
  let originalText: string;
  let restoreSettings: () => void;

  before(async () => {
    const { workspacePath } = workbench();
    skillPath = join(workspacePath, '.claude', 'skills', 'release-notes', 'SKILL.md');
    originalText = readFileSync(skillPath, 'utf8');
    writeFileSync(skillPath, SKILL_TEXT);
    // Dark Modern for the screenshots, auto save off as on the desktop (so the test sees the review never saves).
    restoreSettings = useDesktopSettings(workspacePath);
    await writeStoredReviewRun({
      workspaceRoot: workspacePath,
      skillPath,
      skillName: 'release-notes',
      baselineText: SKILL_TEXT,
      edits: EDITS,
      // Shaped like the trainer's ids but older than any real run, so "the newest run" stays the one 04 trained.
      runId: '20000101-000000-review',
    });
  });

  after(async () => {
    const { page } = workbench();
    await runFromCommandPalette(page, 'View: Close All Editors').catch(() => undefined);
    writeFileSync(skillPath, originalText);
    restoreSettings();
  });

  it('proposes a stored step’s edits inline, without changing the file', async () => {
    const { page, screenshot } = workbench();
    // The Skill Trainer side bar shows the stored run's timeline beside the review.
    await openActivityBarContainer(page, 'Skill Trainer');
    await page.keyboard.press('Control+P');
    await page.keyboard.type('.claude/skills/release-notes/SKILL.md');
    // Recently opened files come first (commit-messages after 04): pick the release-notes one.
    await page.locator('.quick-input-widget').getByRole('option').filter({ hasText: 'release-notes' }).first().click({ timeout: UI_TIMEOUT_MS });
    await page.locator('.breadcrumbs-control').filter({ hasText: 'release-notes' }).waitFor({ timeout: UI_TIMEOUT_MS });

    await runFromCommandPalette(page, 'Skill Trainer: Review Step Edits');
    await chooseQuickPickItem(page, /Step 1/);

    await codeLensRow(page, 'Accept All (3)').waitFor({ timeout: UI_TIMEOUT_MS });
    await codeLensRow(page, /Step 1 \(epoch 1\) · gate: accept \(new best\) · 50% → 75%/).waitFor({ timeout: UI_TIMEOUT_MS });
    await codeLensRow(page, '1 edit not applicable').waitFor({ timeout: UI_TIMEOUT_MS });
    for (const hunk of ['Edit 1: replace', 'Edit 2: insert_after', 'Edit 3: delete']) {
      await codeLensRow(page, hunk).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await statusBarEntry(page, '3 proposals to review').waitFor({ timeout: UI_TIMEOUT_MS });
    // Removed text is struck through in the editor; the buffer itself is unchanged.
    const struck = page.locator('.editor-instance .monaco-editor .view-lines span[class*="ced-"]').filter({ hasText: 'past tense' });
    await struck.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await struck.first().evaluate((element) => (globalThis as unknown as { getComputedStyle(element: unknown): { textDecorationLine: string } }).getComputedStyle(element).textDecorationLine), 'line-through');
    assert.equal(await activeTab(page).evaluate((tab) => tab.classList.contains('dirty')), false, 'proposing edits changed the buffer');
    await page.mouse.move(5, 5);
    await screenshot('10-inline-review');
  });

  it('shows the reasoning and the gate in the hover', async () => {
    const { page, screenshot } = workbench();
    const line = page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: 'Keep each entry to one line' });
    await line.hover({ position: { x: 60, y: 8 } });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Edit 1 of 4' });
    await hover.waitFor({ timeout: UI_TIMEOUT_MS });
    await hover.getByText(/Five of eight failing outputs mixed tenses/).waitFor({ timeout: UI_TIMEOUT_MS });
    await hover.getByText(/Validation gate: accept \(new best\)\./).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('11-inline-review-hover');
    await pressEscape(page);
    await page.mouse.move(5, 5);
  });

  it('typing inside a proposal sets it aside; undo brings it back', async () => {
    const { page, screenshot } = workbench();
    const line = page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: 'Avoid internal ticket numbers' });
    await line.getByText('ticket', { exact: false }).first().click();
    // One word: VS Code groups it into one undo step.
    await page.keyboard.type('support');
    await codeLensRow(page, 'Edit 3: edited by you — Keep Mine').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('12a-inline-review-edited-by-you');
    await page.keyboard.press('Control+Z');
    await codeLensRow(page, 'Edit 3: delete').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await activeTab(page).evaluate((tab) => tab.classList.contains('dirty')), false, 'undo should bring the text back exactly');
  });

  it('Accept and Reject by CodeLens: the buffer holds exactly the accepted edit', async () => {
    const { page, screenshot } = workbench();
    await clickLens(codeLensRow(page, 'Edit 1: replace'), 'Accept');
    await page.locator('.view-line').filter({ hasText: 'in the present tense, and start it with a verb.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await codeLensRow(page, 'Edit 1: replace').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await clickLens(codeLensRow(page, 'Edit 2: insert_after'), 'Reject');
    await codeLensRow(page, 'Edit 2: insert_after').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await statusBarEntry(page, '1 proposal to review').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('12-inline-review-one-left');

    await clickLens(codeLensRow(page, 'Edit 3: delete'), 'Reject');
    await codeLensRow(page, 'Accept All').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await statusBarEntry(page, /proposals? to review/).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    assert.equal(readFileSync(skillPath, 'utf8'), SKILL_TEXT, 'the review saved the file');
    assert.ok(await activeTab(page).evaluate((tab) => tab.classList.contains('dirty')), `Accept should leave an unsaved buffer: ${await activeTab(page).evaluate((tab) => tab.className)}`);
    await screenshot('13-inline-review-done');
    // The person saves: the file holds exactly the accepted edit.
    await runFromCommandPalette(page, 'File: Save');
    await activeTab(page).and(page.locator('.tab:not(.dirty)')).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(readFileSync(skillPath, 'utf8'), applyEdits(SKILL_TEXT, [EDITS[0]]).text);
  });
});
