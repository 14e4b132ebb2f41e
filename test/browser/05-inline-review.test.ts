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

/** A line of the editor's text, as drawn. */
function editorLine(page: Page, text: string): Locator {
  return page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: text });
}

/**
 * The struck-through labels drawn in the editor: a decoration's text is CSS content of a
 * `::before`/`::after` pseudo-element, so it is read from the computed style. (No named
 * helper inside the page function: the test bundler would wrap it in a helper the page lacks.)
 */
async function struckThroughLabels(page: Page): Promise<string[]> {
  return page.locator('.editor-instance .monaco-editor .view-lines span[class*="ced-"]').evaluateAll((spans) =>
    spans.flatMap((span) =>
      ['::before', '::after']
        .map((pseudo) => (globalThis as unknown as { getComputedStyle(element: unknown, pseudo: string): { content: string; textDecorationLine: string } }).getComputedStyle(span, pseudo))
        .filter((computed) => computed.textDecorationLine === 'line-through' && computed.content !== 'none' && computed.content !== '')
        .map((computed) => JSON.parse(computed.content) as string),
    ),
  );
}

/**
 * A finished step read back from the run store, proposed again in the SKILL.md editor:
 * every proposed line in the buffer in full, highlighted, the replaced text struck
 * through where it was, the CodeLens and the hover as a person sees them in the
 * default dark theme; then Accept and Reject by CodeLens, and the buffer holds exactly
 * what was accepted.
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
    // Dark Modern for the screenshots, auto save off as on the desktop (so the test sees what the review itself writes).
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
    await runFromCommandPalette(page, 'View: Revert and Close Editor').catch(() => undefined);
    await runFromCommandPalette(page, 'View: Close All Editors').catch(() => undefined);
    writeFileSync(skillPath, originalText);
    restoreSettings();
  });

  it('writes a stored step’s proposals into the editor in full, the replaced text struck through, the file on disk untouched', async () => {
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
    // Every proposed line is a real line of the editor, in full.
    await editorLine(page, '- Put breaking changes first, under a **Breaking** heading, with the migration step.').waitFor({ timeout: UI_TIMEOUT_MS });
    await editorLine(page, '- Leave out sections that would be empty.').waitFor({ timeout: UI_TIMEOUT_MS });
    await editorLine(page, 'in the present tense, and start it with a verb.').waitFor({ timeout: UI_TIMEOUT_MS });
    // The text each proposal replaces is struck through where it was.
    const struck = await struckThroughLabels(page);
    for (const label of ['past tense', 'Avoid internal ticket numbers and code names.']) assert.ok(struck.includes(label), `not struck through: ${label} (${struck.join(' | ')})`);
    assert.equal(readFileSync(skillPath, 'utf8'), SKILL_TEXT, 'proposing edits saved the file');
    await page.mouse.move(5, 5);
    await screenshot('10-inline-review-full-text');
  });

  it('shows the reasoning and the gate in the hover', async () => {
    const { page, screenshot } = workbench();
    const line = editorLine(page, 'Keep each entry to one line');
    await line.hover({ position: { x: 60, y: 8 } });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'Edit 1 of 4' });
    await hover.waitFor({ timeout: UI_TIMEOUT_MS });
    await hover.getByText(/Five of eight failing outputs mixed tenses/).waitFor({ timeout: UI_TIMEOUT_MS });
    await hover.getByText(/Validation gate: accept \(new best\)\./).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('11-inline-review-hover');
    await pressEscape(page);
    await page.mouse.move(5, 5);
  });

  it('typing inside a proposal marks it changed; undo brings it back as proposed', async () => {
    const { page, screenshot } = workbench();
    // The proposed words are a span of their own (their highlight): a double click at its start selects "present".
    // (The editor draws spaces as no-break spaces: \s matches both.)
    await editorLine(page, 'present tense, and start it with a verb').locator('span span').filter({ hasText: /^present\s+tense/ }).first().dblclick({ position: { x: 8, y: 8 } });
    // One word: VS Code groups it into one undo step.
    await page.keyboard.type('simple');
    await codeLensRow(page, 'Edit 1: replace · +1 −1 · failure analyst · support 3 · changed by you').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('12a-inline-review-changed-by-you');
    await page.keyboard.press('Control+Z');
    await codeLensRow(page, /^(?!.*changed by you).*Edit 1: replace/).waitFor({ timeout: UI_TIMEOUT_MS });
  });

  it('Accept keeps a proposal, Reject puts the original back: the buffer holds exactly the accepted edit', async () => {
    const { page, screenshot } = workbench();
    await clickLens(codeLensRow(page, 'Edit 1: replace'), 'Accept');
    await codeLensRow(page, 'Edit 1: replace').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await clickLens(codeLensRow(page, 'Edit 2: insert_after'), 'Reject');
    await codeLensRow(page, 'Edit 2: insert_after').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await editorLine(page, '- Leave out sections that would be empty.').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await statusBarEntry(page, '1 proposal to review').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('12-inline-review-one-left');

    await clickLens(codeLensRow(page, 'Edit 3: delete'), 'Reject');
    await codeLensRow(page, 'Accept All').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await statusBarEntry(page, /proposals? to review/).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await editorLine(page, 'Avoid internal ticket numbers and code names.').waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(readFileSync(skillPath, 'utf8'), SKILL_TEXT, 'the review saved the file');
    assert.ok(await activeTab(page).evaluate((tab) => tab.classList.contains('dirty')), `the accepted edit should leave an unsaved buffer: ${await activeTab(page).evaluate((tab) => tab.className)}`);
    await screenshot('13-inline-review-done');
    // The person saves: the file holds exactly the accepted edit.
    await runFromCommandPalette(page, 'File: Save');
    await activeTab(page).and(page.locator('.tab:not(.dirty)')).waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(readFileSync(skillPath, 'utf8'), applyEdits(SKILL_TEXT, [EDITS[0]]).text);
  });
});
