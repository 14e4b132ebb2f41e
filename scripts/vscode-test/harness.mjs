// Runs a test layer against a real VS Code (code-server + headless Chromium).
// Usage: node --import tsx scripts/vscode-test/harness.mjs <integration|browser|package>
// Prints one line per test and `N passed, N failed`; the exit code is 1 on failure.
// Everything started (server, browser, temp folders) is stopped on exit, failure,
// Ctrl-C and SIGTERM.
import { runCleanups } from './cleanup.mjs';

const layers = {
  integration: async () => (await import('./integration-layer.mjs')).runIntegrationLayer(),
  browser: async () => (await import('./browser-layer.mjs')).runBrowserLayer(),
  package: async () => (await import('./package-layer.mjs')).runPackageLayer(),
};

const layer = process.argv[2];
if (!(layer in layers)) {
  console.error(`Usage: node --import tsx scripts/vscode-test/harness.mjs <${Object.keys(layers).join('|')}>`);
  process.exit(2);
}

let summary = { passed: 0, failed: 1 };
const started = Date.now();
try {
  summary = await layers[layer]();
} catch (error) {
  console.error(`vscode-test: the ${layer} layer could not run: ${error?.stack ?? error}`);
} finally {
  await runCleanups();
}
console.log(`vscode-test: ${layer} layer took ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${summary.passed} passed, ${summary.failed} failed`);
// No test run at all is a failure too: a suite that silently vanished must not pass.
process.exit(summary.failed > 0 || summary.passed === 0 ? 1 : 0);
