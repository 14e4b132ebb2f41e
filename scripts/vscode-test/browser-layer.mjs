// Browser layer: the tests of test/browser/ drive code-server's workbench in headless
// Chromium like a person (click, right-click, read the screen) and save screenshots.
// Tests run in file-name order on one page; each continues from the previous state.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runMocha } from '../../test/vscode/runner/run-mocha.ts';
import { setWorkbenchSession } from '../../test/browser/support/workbench-session.ts';
import { buildExtension } from './build-extension.mjs';
import { startCodeServer } from './code-server.mjs';
import { createProfile } from './profile.mjs';
import { repoRoot, testResultsDir } from './paths.mjs';
import { finishLayer, formatTestLine, printFailure } from './report.mjs';
import { launchBrowser } from './workbench.mjs';

/** Per-test timeout (ms); the first test includes the cold workbench load. */
const BROWSER_TEST_TIMEOUT_MS = 180_000;

function browserTestFiles() {
  const dir = join(repoRoot, 'test/browser');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(dir, name));
}

export async function runBrowserLayer() {
  await buildExtension({ withTestBundles: false });
  // Workspace trust stays on: the first test answers the dialog as a person does.
  const profile = createProfile();
  const server = await startCodeServer(profile);
  console.log(`vscode-test: code-server at ${server.url}`);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

  const screenshotDir = join(testResultsDir, 'browser');
  rmSync(screenshotDir, { recursive: true, force: true });
  mkdirSync(screenshotDir, { recursive: true });
  const screenshots = [];
  const screenshot = async (name) => {
    const path = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path });
    screenshots.push(path);
    return path;
  };
  setWorkbenchSession({
    page,
    workspaceUrl: `${server.url}/?folder=${encodeURIComponent(profile.workspace)}`,
    workspacePath: profile.workspace,
    screenshot,
  });

  const result = await runMocha({
    name: 'browser',
    timeoutMs: BROWSER_TEST_TIMEOUT_MS,
    load: async (mocha) => {
      for (const file of browserTestFiles()) mocha.addFile(file);
      await mocha.loadFilesAsync();
    },
    onTest: (test) => {
      console.log(formatTestLine(test));
      printFailure(test);
    },
    rootHooks: {
      async afterEach() {
        if (this.currentTest?.state !== 'failed') return;
        const slug = this.currentTest.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
        await screenshot(`failed-${slug}`).catch(() => undefined);
      },
    },
  });
  return finishLayer({ layer: 'browser', results: [result], profile, screenshots });
}
