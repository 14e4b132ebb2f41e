import * as assert from 'node:assert/strict';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import {
  activeWebview,
  chooseContextMenuItem,
  clearEditorsAndNotifications,
  openActivityBarContainer,
  openContextMenu,
  quickInput,
  runFromCommandPalette,
  UI_TIMEOUT_MS,
  viewPane,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Three conditions of the example's test tasks on two simulated targets (ms). */
const TRANSFER_TIMEOUT_MS = 120_000;

/**
 * Check Transfer from a run row of the Checkpoints view: the targets quick pick (the
 * run's target ticked, a second simulated model added), then the Transfer page with
 * the matrix targets × no skill / original / trained, each with its 95 % interval.
 */
describe('library: Check Transfer', () => {
  useDesktopSettingsInSuite();

  it('asks for the targets and shows the transfer matrix', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    await runFromCommandPalette(page, 'Skill Trainer: Show Checkpoints of All Skills').catch(() => undefined);
    // A finished run's row, as screen readers hear it ("Run <date>, finished · best …").
    const run = viewPane(page, 'Checkpoints').getByRole('treeitem', { name: /^Run .*, finished/ }).first();
    await run.waitFor({ timeout: UI_TIMEOUT_MS });
    // The view still redraws as the library run's last records land; a right-click that
    // hit a checkpoint row moving under the pointer is given again on the run's row.
    let entries = await openContextMenu(page, run);
    for (let again = 0; again < 2 && !entries.includes('Check Transfer'); again += 1) {
      await page.keyboard.press('Escape');
      await new Promise((settle) => setTimeout(settle, 1_000));
      entries = await openContextMenu(page, run);
    }
    assert.ok(entries.includes('Check Transfer'), `the run row's menu lacks Check Transfer: ${entries.join(', ')}`);
    await chooseContextMenuItem(page, 'Check Transfer');

    const picker = quickInput(page);
    await picker.waitFor({ timeout: UI_TIMEOUT_MS });
    // A multi-select pick's rows are checkboxes: tick the second simulated model beside the run's target.
    const other = picker.locator('.quick-input-list .monaco-list-row', { hasText: 'sim:other' }).first();
    await other.click();
    await picker.getByText('2 Selected').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('69-transfer-targets');
    await page.keyboard.press('Enter');

    const frame = activeWebview(page);
    const matrix = frame.locator('table.transfer-matrix');
    await matrix.waitFor({ timeout: TRANSFER_TIMEOUT_MS });
    await frame.locator('#tab-transfer[aria-selected="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    const targets = await matrix.locator('tbody tr td:first-child').allInnerTexts();
    assert.deepEqual(targets.map((text) => text.split('\n')[0]), ['sim:demo', 'sim:other']);
    const cells = await matrix.locator('tbody tr td.interval span').allInnerTexts();
    for (const cell of cells) assert.match(cell, /^[+−]?\d\.\d\d \[[+−]?\d\.\d\d, [+−]?\d\.\d\d\]$/);
    await screenshot('70-transfer-page');
  });
});
