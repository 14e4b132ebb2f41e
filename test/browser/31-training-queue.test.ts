import { openOptimizeSelectedSkills } from './support/library-workspace';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import { clearEditorsAndNotifications, notification, openActivityBarContainer, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Two simulated skills of one epoch each (ms). */
const LIBRARY_TIMEOUT_MS = 150_000;

/**
 * Several skills selected in the Skills view → Optimize Selected Skills; Stop from the
 * Training Queue's title bar leaves each skill resumable; the row's inline Resume
 * continues the library run to its end.
 */
describe('library: the Training Queue', () => {
  useDesktopSettingsInSuite();

  it('trains the selected skills, stops them, and resumes the library run from a row', async () => {
    const { page, screenshot } = workbench();
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const { dialog } = await openOptimizeSelectedSkills(page, async (entries) => {
      if (!entries.includes('Optimize Selected Skills')) throw new Error(`the context menu of two selected skills lacks Optimize Selected Skills: ${entries.join(', ')}`);
      await screenshot('63-optimize-selected-menu');
    });
    await dialog.getByRole('button', { name: 'Start Training' }).click();

    const queue = viewPane(page, 'Training Queue');
    await queue.getByRole('treeitem', { name: /^commit-(messages|notes), running · epoch 1 step \d\/\d/ }).first().waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    await queue.hover();
    await queue.getByRole('button', { name: 'Stop Library Run' }).click({ timeout: UI_TIMEOUT_MS });
    const stopped = queue.getByRole('treeitem', { name: /^commit-(messages|notes), (stopped — resumable|queued)$/ });
    await stopped.first().waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    await notification(page, /Library run ended: .*stopped\./).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('64-training-queue-stopped');

    await stopped.first().hover();
    await stopped.first().getByRole('button', { name: 'Resume Library Run' }).click({ timeout: UI_TIMEOUT_MS });
    await notification(page, /Training [12] skills?/).waitFor({ timeout: UI_TIMEOUT_MS });
    await notification(page, /Library run finished: 2 finished/).waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    for (const name of ['commit-messages', 'commit-notes']) {
      await queue.getByRole('treeitem', { name: new RegExp(`^${name}, finished · `) }).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await page.mouse.move(5, 5);
    await screenshot('65-training-queue-resumed');
  });
});
