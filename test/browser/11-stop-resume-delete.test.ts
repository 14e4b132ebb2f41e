import * as assert from 'node:assert/strict';
import { chooseContextMenuItem, notification, openActivityBarContainer, openContextMenu, runFromCommandPalette, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';
import { useDesktopSettingsInSuite } from './support/suite-settings';

/**
 * Stop a run: the message says where it stopped (never "after step 0"), the stopped
 * skill's row offers Resume at once, and the stopped run can be deleted from its row.
 */
describe('stopping a run, resuming it from its row, deleting it', () => {
  useDesktopSettingsInSuite(async () => {
    await runFromCommandPalette(workbench().page, 'Notifications: Clear All Notifications').catch(() => undefined);
  });

  it('Cancel on the progress notification stops the run and says where', async () => {
    const { page, screenshot } = workbench();
    await openActivityBarContainer(page, 'Skill Trainer');
    await runFromCommandPalette(page, 'Notifications: Clear All Notifications');
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages skill/ });
    await row.hover();
    await row.getByRole('button', { name: 'Optimize Skill' }).click({ timeout: UI_TIMEOUT_MS });
    const progress = notification(page, /Training commit-messages/);
    await progress.waitFor({ timeout: UI_TIMEOUT_MS });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    const stopped = notification(page, /Stopped training commit-messages (before its first step finished|after step \d+ of \d+)\./);
    await stopped.waitFor({ timeout: UI_TIMEOUT_MS });
    assert.doesNotMatch(await stopped.innerText(), /after step 0/);
    await stopped.getByRole('button', { name: 'Resume Training' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('44-run-stopped');
  });

  it('the stopped skill’s row offers Resume Training inline', async () => {
    const { page, screenshot } = workbench();
    const row = viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages skill, .*stopped — resumable/ });
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    await row.hover();
    await row.getByRole('button', { name: 'Resume Training' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('45-stopped-skill-resume-inline');
    await page.mouse.move(5, 5);
  });

  it('Delete Run on the stopped run’s row asks, then removes it', async () => {
    const { page, screenshot } = workbench();
    const checkpoints = viewPane(page, 'Checkpoints');
    const stoppedRun = checkpoints.getByRole("treeitem", { name: /^Run .*, (cancelled|interrupted) · / }).first();
    await stoppedRun.waitFor({ timeout: UI_TIMEOUT_MS });
    const name = (await stoppedRun.getAttribute('aria-label')) ?? '';
    const labels = await openContextMenu(page, stoppedRun);
    for (const label of ['Resume Training', 'Open Score Trends', 'Delete Run']) assert.ok(labels.includes(label), `the stopped run's menu lacks ${label}: ${labels.join(', ')}`);
    assert.ok(!labels.includes('Apply Best Skill'), 'a stopped run has no trained skill to apply');
    await chooseContextMenuItem(page, 'Delete Run');
    const dialog = page.getByRole('dialog').filter({ hasText: /Delete run .+ of commit-messages\?/ });
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('46-delete-run-confirm');
    await dialog.getByRole('button', { name: 'Delete Run' }).click();
    await checkpoints.getByRole('treeitem', { name }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await viewPane(page, 'Skills').getByRole('treeitem', { name: /^commit-messages skill/ }).filter({ hasNotText: 'stopped' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
  });
});
