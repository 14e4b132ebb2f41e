// Package layer: builds the .vsix exactly as `npm run package` does, installs it into
// a fresh code-server profile with `code-server --install-extension` (no development
// copy of the extension anywhere), opens a workspace holding the example skills and
// runs the suite of test/vscode/packaged-workspace/ there: the package must install,
// hold only what runs, and activate.
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatSize, packageExtension } from '../package/package-extension.mjs';
import { buildTestBundles } from './build-test-bundles.mjs';
import { startCodeServer } from './code-server.mjs';
import { installVsix } from './install-vsix.mjs';
import { repoRoot, testResultsDir } from './paths.mjs';
import { createProfile } from './profile.mjs';
import { finishLayer, formatTestLine, printFailure } from './report.mjs';
import { waitFor } from './wait-for.mjs';
import { launchBrowser, openWorkbench } from './workbench.mjs';

/** Upper bound for installing, loading the workbench and running the suite (ms). */
const SUITE_TIMEOUT_MS = 180_000;
/** The workspace folder name selects the suite test/vscode/packaged-workspace/. */
const WORKSPACE_NAME = 'packaged-workspace';

export async function runPackageLayer() {
  const started = Date.now();
  const { path: vsixPath, bytes } = packageExtension({ stdio: 'pipe' });
  console.log(`vscode-test: packaged ${relative(repoRoot, vsixPath)} (${formatSize(bytes)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const runnerDir = await buildTestBundles();
  const profile = createProfile({
    runnerDir,
    installSkillTrainer: false,
    userSettings: { 'security.workspace.trust.enabled': false },
  });
  const workspace = join(profile.workspacesDir, WORKSPACE_NAME);
  mkdirSync(workspace, { recursive: true });
  cpSync(join(repoRoot, 'skills'), join(workspace, 'skills'), { recursive: true });

  console.log(`vscode-test: ${installVsix(profile, vsixPath)}`);
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const installedDir = join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  if (!existsSync(join(installedDir, 'dist/extension.js'))) throw new Error(`The install left no ${installedDir}/dist/extension.js`);

  const server = await startCodeServer(profile);
  console.log(`vscode-test: code-server at ${server.url}`);
  const browser = await launchBrowser();
  const resultsPath = join(profile.resultsDir, `${WORKSPACE_NAME}.json`);
  const page = await openWorkbench(browser, server.url, workspace);
  let result;
  try {
    result = await waitFor(`the suite's results file ${resultsPath}`, () => existsSync(resultsPath) && JSON.parse(readFileSync(resultsPath, 'utf8')), {
      timeoutMs: SUITE_TIMEOUT_MS,
      failFast: server.exitReason,
    });
  } catch (error) {
    result = { workspace: WORKSPACE_NAME, tests: [], passed: 0, failed: 1, pending: 0, error: error.message };
  }
  const screenshotDir = join(testResultsDir, 'package');
  mkdirSync(screenshotDir, { recursive: true });
  const screenshot = join(screenshotDir, `${WORKSPACE_NAME}.png`);
  await page.screenshot({ path: screenshot });
  await page.close();
  for (const test of result.tests) {
    console.log(formatTestLine({ ...test, fullTitle: `[${WORKSPACE_NAME}] ${test.fullTitle}` }));
    printFailure(test);
  }
  return finishLayer({ layer: 'package', results: [result], profile, screenshots: [screenshot] });
}
