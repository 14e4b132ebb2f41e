// The output every layer shares: one line per test, a summary line, and on failure
// the extension-host log and the screenshots to look at.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatTestLine } from '../../test/vscode/runner/suite-result.ts';
import { printExtensionHostLogs } from './extension-host-log.mjs';
import { repoRoot, testResultsDir } from './paths.mjs';

export { formatTestLine };

/** Prints a failed test's error under its line, indented. */
export function printFailure(test) {
  if (test.state === 'failed' && test.error) console.log(test.error.replace(/^/gm, '      '));
}

/**
 * Sums up one layer: on failure prints the extension-host log and copies the VS
 * Code logs; prints the screenshot paths. Returns { passed, failed }; the harness
 * prints the `N passed, N failed` line last, after cleanup.
 */
export function finishLayer({ layer, results, profile, screenshots }) {
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  for (const result of results) {
    if (result.error) console.log(`FAIL ${result.workspace}: the suite could not run\n${result.error.replace(/^/gm, '      ')}`);
  }
  if (failed > 0 && profile) {
    // Copied out of the temp profile (deleted at cleanup), so the printed paths stay.
    const logsCopy = join(testResultsDir, layer, 'logs');
    rmSync(logsCopy, { recursive: true, force: true });
    mkdirSync(logsCopy, { recursive: true });
    if (existsSync(join(profile.userDataDir, 'logs'))) cpSync(join(profile.userDataDir, 'logs'), logsCopy, { recursive: true });
    cpSync(join(profile.root, 'code-server.log'), join(logsCopy, 'code-server.log'));
    printExtensionHostLogs(logsCopy);
    console.error(`vscode-test: VS Code's logs are in ${relative(repoRoot, logsCopy)}/ (code-server.log for the server)`);
  }
  if (screenshots.length > 0) {
    console.log(`${layer} screenshots:`);
    for (const path of screenshots) console.log(`  ${relative(repoRoot, path)}`);
  }
  return { passed, failed };
}
