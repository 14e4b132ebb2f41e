// Headless Chromium (Debian's, driven by playwright-core) showing code-server's workbench.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { onCleanup } from './cleanup.mjs';
import { chromiumPath } from './paths.mjs';

/** A cold workbench load takes about 30 s on a 2-core machine. */
export const WORKBENCH_TIMEOUT_MS = 120_000;

/** Flags for a closed network and no GPU (see VSCODE-TESTING.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Launches the browser; closed again at cleanup. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: run 'bash scripts/vscode-test/install.sh'.`);
  }
  // Signals are handled by the harness (cleanup.mjs), which closes the browser in order.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => browser.close());
  return browser;
}

/**
 * Opens `folder` in the workbench at `serverUrl` in a new page; resolves once the
 * workbench's DOM is there. The extension host starts only when a window connects.
 */
export async function openWorkbench(browser, serverUrl, folder) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${serverUrl}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
  return page;
}
