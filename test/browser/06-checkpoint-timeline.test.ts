import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useDesktopSettings } from './support/desktop-settings';
import {
  chooseContextMenuItem,
  openActivityBarContainer,
  openContextMenu,
  quickOpen,
  runFromCommandPalette,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** The newest run folder of the store (04-optimize-skill trained commit-messages). */
function newestRunDir(workspacePath: string): string {
  const runs = join(workspacePath, '.skill-trainer', 'runs');
  const ids = readdirSync(runs).sort();
  assert.ok(ids.length > 0, 'no run in the store: 04-optimize-skill should have trained commit-messages');
  return join(runs, ids[ids.length - 1]!);
}

/** The first line of `changed` that `original` lacks (what a restore visibly brings in). */
function firstNewLine(original: string, changed: string): string {
  const lines = new Set(original.split('\n'));
  const line = changed.split('\n').find((candidate) => candidate.trim().length > 10 && !lines.has(candidate));
  assert.ok(line, 'the checkpoint adds no line to the skill');
  return line.trim();
}

/**
 * The Checkpoints view after the simulated run of 04-optimize-skill: the run's
 * timeline for the open SKILL.md, a click shows the step's diff, and Restore
 * Checkpoint from the row's context menu changes the editor's text (one undo brings
 * the earlier text back).
 */
describe('the Checkpoints view in the workbench', () => {
  let restoreSettings: () => void;

  before(() => {
    restoreSettings = useDesktopSettings(workbench().workspacePath);
  });

  after(async () => {
    const { page } = workbench();
    await runFromCommandPalette(page, 'View: Revert and Close Editor').catch(() => undefined);
    await runFromCommandPalette(page, 'View: Close All Editors').catch(() => undefined);
    restoreSettings();
  });

  it('lists the run of the open SKILL.md with a row per step', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    await quickOpen(page, 'skills/commit-messages/SKILL.md', 'commit-messages');
    await page.locator('.tab.active').filter({ hasText: 'SKILL.md' }).waitFor({ timeout: UI_TIMEOUT_MS });
    const checkpoints = viewPane(page, 'Checkpoints');
    await checkpoints.getByRole('treeitem', { name: /^Run / }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await checkpoints.getByRole('treeitem', { name: /^Baseline/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const newBest = checkpoints.getByRole('treeitem', { name: /^E\d+ · Step \d+, \d\.\d\d \(\+\d\.\d\d\) · \d+ edits?, accepted — new best$/ });
    await newBest.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await checkpoints.getByRole('treeitem', { name: /rejected by the gate$/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    // The view says whose runs it lists.
    await checkpoints.locator('.pane-header').getByText('commit-messages', { exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('20-checkpoints-view');
  });

  it('shows a step’s details in its tooltip', async () => {
    const { page, screenshot } = workbench();
    const row = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^E1 · Step 1,/ });
    await row.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Edit budget' });
    await hover.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await hover.first().getByText(/Validation \(hard\): \d\.\d\d →/).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('21-checkpoint-tooltip');
    await page.mouse.move(5, 5);
  });

  it('opens the step’s diff when its row is clicked', async () => {
    const { page, screenshot } = workbench();
    await viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^E1 · Step 1,/ }).click();
    const diffTab = page.locator('.tab').filter({ hasText: /commit-messages: baseline ↔ step 1 \(run .+\)/ });
    await diffTab.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.ok(await diffTab.evaluate((tab) => tab.classList.contains('preview') || tab.querySelector('.label-name.italic, .monaco-icon-label.italic') !== null), 'the diff should open as a preview tab');
    await page.locator('.monaco-diff-editor .editor.modified .line-insert').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('22-checkpoint-diff');
  });

  it('Restore Checkpoint asks first, replaces the editor text, and one undo brings the earlier text back', async () => {
    const { page, screenshot, workspacePath } = workbench();
    const runDir = newestRunDir(workspacePath);
    const original = readFileSync(join(workspacePath, 'skills', 'commit-messages', 'SKILL.md'), 'utf8');
    const restoredLine = firstNewLine(original, readFileSync(join(runDir, 'checkpoints', 'step-0001.md'), 'utf8'));

    const row = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^E1 · Step 1,/ });
    const labels = await openContextMenu(page, row);
    for (const label of ['Open Step Diff', 'Compare with Checkpoint', 'Restore Checkpoint', 'Review Step Edits']) {
      assert.ok(labels.includes(label), `the row's menu lacks ${label}: ${labels.join(', ')}`);
    }
    await chooseContextMenuItem(page, 'Restore Checkpoint');
    const dialog = page.getByRole('dialog').filter({ hasText: /Replace the text of commit-messages\/SKILL\.md with step 1 of run/ });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('23-checkpoint-restore-confirm');
    await dialog.getByRole('button', { name: 'Restore' }).click();

    const editorTab = page.locator('.tab.active').filter({ hasText: 'SKILL.md' });
    await editorTab.and(page.locator('.tab.dirty')).waitFor({ timeout: UI_TIMEOUT_MS });
    const restored = page.locator('.editor-instance .monaco-editor .view-line').filter({ hasText: restoredLine.slice(0, 40) });
    await restored.first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(readFileSync(join(workspacePath, 'skills', 'commit-messages', 'SKILL.md'), 'utf8'), original, 'Restore saved the file');
    await screenshot('24-checkpoint-restored');

    await page.keyboard.press('Control+Z');
    await restored.first().waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await editorTab.and(page.locator('.tab:not(.dirty)')).waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
