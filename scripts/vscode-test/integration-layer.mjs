// Integration layer: the mocha suite of test/vscode/ runs inside code-server's real
// extension host, once per test workspace, through the test-runner extension.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildExtension } from './build-extension.mjs';
import { startCodeServer } from './code-server.mjs';
import { createProfile } from './profile.mjs';
import { finishLayer, formatTestLine, printFailure } from './report.mjs';
import { testResultsDir } from './paths.mjs';
import { waitFor } from './wait-for.mjs';
import { launchBrowser, openWorkbench } from './workbench.mjs';

/** Upper bound for one workspace's suite, workbench load included (s → ms). */
const SUITE_TIMEOUT_MS = 300_000;

export async function runIntegrationLayer() {
  const runnerDir = await buildExtension({ withTestBundles: true });
  const profile = createProfile({
    runnerDir,
    // The browser layer meets workspace trust as a person does; here it would only
    // stand between the suite and the API, so the workspace is trusted up front.
    userSettings: { 'security.workspace.trust.enabled': false },
  });
  const server = await startCodeServer(profile);
  console.log(`vscode-test: code-server at ${server.url}`);
  const browser = await launchBrowser();
  const screenshotDir = join(testResultsDir, 'integration');
  mkdirSync(screenshotDir, { recursive: true });

  const results = [];
  const screenshots = [];
  // The workspace without skills first: its suite checks nothing activated yet.
  for (const workspace of [profile.emptyWorkspace, profile.workspace]) {
    const name = basename(workspace);
    const resultsPath = join(profile.resultsDir, `${name}.json`);
    const started = Date.now();
    console.log(`vscode-test: running the suite in workspace "${name}"`);
    const page = await openWorkbench(browser, server.url, workspace);
    let result;
    try {
      result = await waitFor(
        `the suite's results file ${resultsPath}`,
        () => existsSync(resultsPath) && JSON.parse(readFileSync(resultsPath, 'utf8')),
        { timeoutMs: SUITE_TIMEOUT_MS, failFast: server.exitReason },
      );
    } catch (error) {
      result = { workspace: name, tests: [], passed: 0, failed: 1, pending: 0, error: error.message };
    }
    const screenshot = join(screenshotDir, `${name}.png`);
    await page.screenshot({ path: screenshot });
    screenshots.push(screenshot);
    await page.close();
    for (const test of result.tests) {
      console.log(formatTestLine({ ...test, fullTitle: `[${name}] ${test.fullTitle}` }));
      printFailure(test);
    }
    console.log(`vscode-test: workspace "${name}" done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    results.push(result);
  }
  return finishLayer({ layer: 'integration', results, profile, screenshots });
}
