import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import { addWorkspaceSettings, openOptimizeSelectedSkills } from './support/library-workspace';
import {
  clearEditorsAndNotifications,
  expectNoToasts,
  notification,
  openActivityBarContainer,
  runFromCommandPalette,
  statusBarEntry,
  UI_TIMEOUT_MS,
} from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Until the first skill's step 1 waits for its review (ms). */
const REVIEW_TIMEOUT_MS = 120_000;

/**
 * A library run in gate mode `review`: while skills' proposals wait in the editor, the
 * library's progress notification steps aside (it would cover appended proposals at the
 * editor's bottom right), as a single run's does, and opens again when training goes on;
 * Stop Library Run ends it.
 */
describe('library: the notification steps aside during a review', () => {
  const skills = ['commit-messages', 'commit-notes'];
  let originals: Map<string, string>;

  before(() => {
    const { workspacePath } = workbench();
    originals = new Map(skills.map((name) => [name, readFileSync(join(workspacePath, 'skills', name, 'SKILL.md'), 'utf8')]));
  });
  // After a failure the run may still wait for a review, its proposals in the buffer:
  // stop it (they are taken back out); every skill file goes back as it was.
  useDesktopSettingsInSuite(async () => {
    const { page, workspacePath } = workbench();
    await runFromCommandPalette(page, 'Skill Trainer: Stop Library Run').catch(() => undefined);
    await page.waitForTimeout(2_000);
    await runFromCommandPalette(page, 'View: Revert and Close Editor').catch(() => undefined);
    for (const [name, text] of originals) writeFileSync(join(workspacePath, 'skills', name, 'SKILL.md'), text);
  });

  it('shows no toast while the skills wait for their review; Stop Library Run ends the run resumable', async () => {
    const { page, screenshot, workspacePath } = workbench();
    // The desktop settings go back after this file, the gate mode with them.
    addWorkspaceSettings(workspacePath, { 'skillTrainer.gate.mode': 'review' });
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const { dialog } = await openOptimizeSelectedSkills(page);
    await dialog.getByRole('button', { name: 'Start Training' }).click();
    await notification(page, /Training 2 skills/).waitFor({ timeout: UI_TIMEOUT_MS });

    await statusBarEntry(page, /proposals? to review/).first().waitFor({ timeout: REVIEW_TIMEOUT_MS });
    await expectNoToasts(page);
    await page.mouse.move(5, 5);
    await screenshot('75-library-review-no-toast');

    // The person stops the library run from the palette: the proposals are taken back out and the run ends resumable.
    await runFromCommandPalette(page, 'Skill Trainer: Stop Library Run');
    await notification(page, /Library run/).first().waitFor({ timeout: REVIEW_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('76-library-review-stopped');
  });
});
