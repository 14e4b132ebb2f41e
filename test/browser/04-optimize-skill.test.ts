import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  chooseContextMenuItem,
  chooseQuickPickItem,
  expandExplorerFolder,
  explorerRow,
  notification,
  openActivityBarContainer,
  openContextMenu,
  runFromCommandPalette,
  statusBarEntry,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/**
 * Waits until the progress notification and the status bar show the same step and the
 * same rollout count, e.g. "epoch 1/4 · step 2/4 · validating 3/6" beside "E1 S2/4 ·
 * validating 3/6" (they are written from one state at once; the screen may lag a frame).
 */
async function waitForAgreement(page: Page, progress: Locator): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  let seen = '';
  while (Date.now() < deadline) {
    const [toast, bar] = await Promise.all([progress.innerText().catch(() => ''), statusBarEntry(page, /commit-messages:/).first().innerText().catch(() => '')]);
    const fromToast = /step (\d+)\/(\d+) · ([a-z ]+ \d+\/\d+)/.exec(toast);
    const fromBar = /S(\d+)\/(\d+) · ([a-z ]+ \d+\/\d+)/.exec(bar);
    seen = `${toast.replace(/\s+/g, ' ')} | ${bar}`;
    if (fromToast && fromBar && fromToast.slice(1).join() === fromBar.slice(1).join()) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`the notification and the status bar never showed the same progress: ${seen}`);
}

/** A whole simulated run at the latency below takes ~10 s here; allow for a slow machine (ms). */
const TRAINING_TIMEOUT_MS = 120_000;

/**
 * Right-click SKILL.md → Optimize Skill → choose the simulation → the progress
 * notification and the status bar follow the run → it finishes and offers the
 * trained skill. Later files continue from here (the skill stays untrained in the
 * working file; the run is in the store).
 */
// A root hook: it runs before the first test of the layer opens the workbench, so the
// setting is in force from the start (a settings file written later takes a moment
// to be noticed). Each simulated call pretends to take 120 ms, so a run lasts long
// enough to be watched. Seed 5: the demo run has both a new best and a gate
// rejection, which the Checkpoints view (06) must show.
before(() => {
  const { workspacePath } = workbench();
  mkdirSync(join(workspacePath, '.vscode'), { recursive: true });
  writeFileSync(join(workspacePath, '.vscode', 'settings.json'), JSON.stringify({ 'skillTrainer.simulation.latencyMs': 120, 'skillTrainer.seed': 5 }, null, 2));
});

describe('Optimize Skill from the Explorer, in the simulated world', () => {

  it('shows a cancellable progress notification and the status bar while training', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Explorer');
    await expandExplorerFolder(page, 'skills');
    await expandExplorerFolder(page, 'commit-messages');
    await openContextMenu(page, explorerRow(page, 'SKILL.md'));
    await chooseContextMenuItem(page, 'Optimize Skill');
    await chooseQuickPickItem(page, /Simulation — no real model/);

    const progress = notification(page, /Training commit-messages/);
    await progress.waitFor({ timeout: UI_TIMEOUT_MS });
    await progress.getByText(/epoch \d\/4 · step \d\/\d/).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    const status = statusBarEntry(page, /commit-messages: (E\d S\d\/\d · [^·]+|baseline[^·]*) · val \d\.\d\d · best \d\.\d\d · \$0\.00/);
    await status.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await progress.getByRole('button', { name: 'Cancel' }).count(), 1, 'the progress notification cannot be cancelled');
    // The notification and the status bar tell the same step and count (they are written together).
    await waitForAgreement(page, progress);
    await screenshot('06-optimize-progress');

    // The status-bar item opens the training log, one line per stage.
    await status.click();
    const logView = page.locator('#workbench\\.parts\\.panel');
    // The log follows the run, so its latest lines are in view (the editor draws spaces as no-break spaces).
    await logView.getByText(/\[commit-messages\]\s(Step\s\d\/4\s\(epoch\s\d\)|step\s\d:\s|Epoch\s\d\sended)/).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('06b-training-log');
  });

  it('finishes, leaves SKILL.md alone and offers to apply or review the trained skill', async () => {
    const { page, screenshot } = workbench();
    // The best is a step's skill or (seed 5) the final skill after the last slow update.
    const finished = notification(page, /Training commit-messages finished: best validation score \d\.\d\d (at step \d+|from the final skill \(after slow update\)) \(baseline \d\.\d\d\)/);
    await finished.waitFor({ timeout: TRAINING_TIMEOUT_MS });
    for (const button of ['Apply Best Skill', 'Review Changes']) {
      await finished.getByRole('button', { name: button }).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await statusBarEntry(page, /commit-messages: E\d/).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await screenshot('07-optimize-finished');

    await finished.getByRole('button', { name: 'Review Changes' }).click();
    const diffTab = page.locator('.tab').filter({ hasText: /commit-messages: working SKILL\.md ↔ trained \(run .+\)/ });
    await diffTab.waitFor({ timeout: UI_TIMEOUT_MS });
    // The trained side (right) shows as inserted what training added to the skill. (The diff
    // editor scrolls to the first change, so the frontmatter may be out of view and undrawn.)
    const trainedSide = page.locator('.monaco-diff-editor .editor.modified');
    await trainedSide.locator('.line-insert').first().waitFor({ timeout: UI_TIMEOUT_MS });
    // A list item of the skill (the editor draws spaces as no-break spaces, hence \s).
    await trainedSide.locator('.view-line').filter({ hasText: /^-\s\S/ }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('08-trained-skill-diff');
  });

  it('shows the run\'s score and the task count in the Skills view', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages skill, 24 tasks · val \d\.\d\d [↑↓→]$/ });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('09-skills-view-after-training');
    await runFromCommandPalette(page, 'View: Close All Editors');
    await runFromCommandPalette(page, 'View: Hide Panel');
    await runFromCommandPalette(page, 'Notifications: Clear All Notifications');
  });
});
