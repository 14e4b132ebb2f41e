import { useDesktopSettings } from './desktop-settings';
import { runFromCommandPalette } from './workbench-actions';
import { workbench } from './workbench-session';

/**
 * Mocha hooks for a suite of the walk-through: VS Code's desktop settings (dark theme,
 * auto save off) while it runs; afterwards `tidy` (when given), every editor closed, and
 * the settings file as it was.
 */
export function useDesktopSettingsInSuite(tidy?: () => Promise<void>): void {
  let restoreSettings: () => void = () => undefined;
  before(() => {
    restoreSettings = useDesktopSettings(workbench().workspacePath);
  });
  after(async () => {
    await tidy?.();
    await runFromCommandPalette(workbench().page, 'View: Close All Editors').catch(() => undefined);
    restoreSettings();
  });
}
