import * as assert from 'node:assert/strict';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import { addSecondSkill, addWorkspaceSettings } from './support/library-workspace';
import { clearEditorsAndNotifications, notification, openActivityBarContainer, runFromCommandPalette, statusBarEntry, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Two simulated skills of one epoch each at 60 ms a call, two at once (ms). */
const LIBRARY_TIMEOUT_MS = 150_000;

/**
 * Optimize All Skills from the Skills view's title bar: one confirmation listing every
 * skill with its estimate (and the skill without tasks, skipped with why), one progress
 * notification for the library run, the Training Queue following each skill, and the
 * end message offering Apply. Later library files continue from here.
 */
describe('library: Optimize All Skills', () => {
  before(() => {
    const { workspacePath } = workbench();
    addSecondSkill(workspacePath);
    // These stay for the later library files; the desktop look goes back after each file.
    addWorkspaceSettings(workspacePath, { 'skillTrainer.target': 'sim:demo', 'skillTrainer.epochs': 1, 'skillTrainer.simulation.latencyMs': 60 });
  });
  useDesktopSettingsInSuite();

  it('asks once with every skill\'s estimate, then trains them under one notification and the Training Queue', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const skills = viewPane(page, 'Skills');
    // The view refreshes by itself when a skill folder appears (13 tests that); a copied
    // folder's events can come late on a loaded machine, and this file is about training.
    const added = skills.getByRole('treeitem', { name: /^commit-notes skill/ });
    if (!(await added.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await runFromCommandPalette(page, 'Skill Trainer: Refresh Skills');
    await added.waitFor({ timeout: UI_TIMEOUT_MS });
    await skills.hover();
    await page.getByRole('button', { name: 'Optimize All Skills' }).first().click({ timeout: UI_TIMEOUT_MS });

    // Earlier files may leave skills of their own: the two with tasks here are certain.
    const dialog = page.getByRole('dialog').filter({ hasText: /Train \d+ skills: about [\d,]+ model calls/ });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = await dialog.innerText();
    assert.match(text, /commit-messages: about \d+ calls, \$0\.00 — fits/);
    assert.match(text, /commit-notes: about \d+ calls, \$0\.00 — fits/);
    // A skill without usable tasks is named with why it will not train (earlier files decide whether there is one).
    if (/skipped|will not train/.test(text)) assert.match(text, /• [\w-]+: (skipped|will not train) — \S/);
    await screenshot('60-optimize-all-confirmation');
    await dialog.getByRole('button', { name: 'Start Training' }).click();

    const progress = notification(page, /Training \d+ skills/);
    await progress.waitFor({ timeout: UI_TIMEOUT_MS });
    await progress.getByText(/\d+ of \d+ done · /).first().waitFor({ timeout: UI_TIMEOUT_MS });
    assert.equal(await progress.getByRole('button', { name: 'Cancel' }).count(), 1, 'the library notification cannot be cancelled');

    const queue = viewPane(page, 'Training Queue');
    await queue.getByRole('treeitem', { name: /^commit-(messages|notes), running · epoch 1 step \d\/\d · val \d\.\d\d/ }).first().waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    await statusBarEntry(page, /commit-(messages|notes): /).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('61-training-queue-running');

    const ended = notification(page, /Library run (finished|ended): \d+ finished \(\d+ improved\)(, \d+ skipped)?/);
    await ended.waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    for (const name of ['commit-messages', 'commit-notes']) {
      await queue.getByRole('treeitem', { name: new RegExp(`^${name}, finished · \\d\\.\\d\\d → \\d\\.\\d\\d$`) }).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    // The Skills view shows each skill's latest score and its trend.
    await skills.getByRole('treeitem', { name: /^commit-notes skill, \d+ tasks · val \d\.\d\d [↑↓→]/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('62-training-queue-finished');
  });
});
