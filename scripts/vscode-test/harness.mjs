// Runs a test layer against a real VS Code (code-server + headless Chromium).
// Usage: node --import tsx scripts/vscode-test/harness.mjs <integration|browser>
// Prints one line per test and `N passed, N failed`; the exit code is 1 on failure.
// Everything started (server, browser, temp folders) is stopped on exit, failure,
// Ctrl-C and SIGTERM.
import { runCleanups } from './cleanup.mjs';

const layers = {
  integration: async () => (await import('./integration-layer.mjs')).runIntegrationLayer(),
  browser: async () => (await import('./browser-layer.mjs')).runBrowserLayer(),
};

const layer = process.argv[2];
if (!(layer in layers)) {
  console.error(`Usage: node --import tsx scripts/vscode-test/harness.mjs <${Object.keys(layers).join('|')}>`);
  process.exit(2);
}

let exitCode = 1;
const started = Date.now();
try {
  exitCode = await layers[layer]();
} catch (error) {
  console.error(`vscode-test: the ${layer} layer could not run: ${error?.stack ?? error}`);
  console.log('0 passed, 1 failed');
} finally {
  await runCleanups();
}
console.log(`vscode-test: ${layer} layer took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);
