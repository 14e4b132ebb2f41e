import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Makes the test workspace look and behave as VS Code on the desktop does by default,
 * through its `.vscode/settings.json` (keeping the settings already there): the
 * default dark theme (Dark Modern) for the screenshots, and auto save off (VS Code
 * for the web saves after a delay), so a test can see that nothing saves on its own.
 * `colorTheme` picks another theme. Returns a function that puts the file back as it was.
 */
export function useDesktopSettings(workspacePath: string, colorTheme = 'Default Dark Modern'): () => void {
  const settingsPath = join(workspacePath, '.vscode', 'settings.json');
  const original = existsSync(settingsPath) ? readFileSync(settingsPath, 'utf8') : undefined;
  mkdirSync(dirname(settingsPath), { recursive: true });
  writeFileSync(
    settingsPath,
    JSON.stringify({ ...JSON.parse(original ?? '{}'), 'workbench.colorTheme': colorTheme, 'files.autoSave': 'off' }, null, 2),
  );
  return () => {
    if (original === undefined) rmSync(settingsPath, { force: true });
    else writeFileSync(settingsPath, original);
  };
}
