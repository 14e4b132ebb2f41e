import { useDesktopSettings } from './desktop-settings';
import { runFromCommandPalette } from './workbench-actions';
import { workbench } from './workbench-session';

/**
 * Mocha hooks for a suite of the walk-through: VS Code's desktop settings (dark theme,
 * auto save off) while it runs; afterwards `tidy` (when given), every editor closed
 * without saving what a test left unsaved (the save question is a modal dialog that
 * would stop every later suite), and the settings file as it was.
 */
export function useDesktopSettingsInSuite(tidy?: () => Promise<void>): void {
  let restoreSettings: () => void = () => undefined;
  before(() => {
    restoreSettings = useDesktopSettings(workbench().workspacePath);
  });
  after(async () => {
    const { page } = workbench();
    await tidy?.();
    await runFromCommandPalette(page, 'View: Close All Editors').catch(() => undefined);
    const question = page.getByRole('dialog').filter({ hasText: 'Do you want to save the changes' });
    for (let asked = 0; asked < 5 && (await question.isVisible().catch(() => false)); asked++) {
      await question.getByRole('button', { name: "Don't Save" }).click();
      await page.waitForTimeout(300);
    }
    restoreSettings();
  });
}
