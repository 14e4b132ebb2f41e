// Runs the integration suite in desktop VS Code through @vscode/test-electron, the
// usual way on a developer machine with internet access: it downloads VS Code
// (stable, cached in .vscode-test/) and runs the same suites as the code-server
// harness, once per test workspace. Our CI machines cannot download VS Code; there
// the code-server harness (npm run test:vscode) runs the suite instead.
// Usage: npm run test:electron   (env VSCODE_VERSION=1.100.3 picks a version)
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExtension } from './build-extension.mjs';
import { repoRoot } from './paths.mjs';
import { copyTestWorkspace } from './test-workspace.mjs';

const runnerDir = await buildExtension({ withTestBundles: true });
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.VSCODE_VERSION ?? 'stable');
} catch (error) {
  console.error(
    `test:electron: could not download VS Code (${error?.message ?? error}). This needs internet access;\n` +
      `  without it, run the same suite in code-server: npm run test:vscode`,
  );
  process.exit(1);
}
const root = mkdtempSync(join(tmpdir(), 'skill-trainer-electron-'));
const workspace = join(root, 'workspace');
const emptyWorkspace = join(root, 'empty-workspace');
copyTestWorkspace(workspace);
mkdirSync(emptyWorkspace);
writeFileSync(join(emptyWorkspace, 'README.md'), '# A workspace without skills\n');

let failed = false;
try {
  // The folder name selects the suite, as in the code-server harness.
  for (const folder of [emptyWorkspace, workspace]) {
    try {
      await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: join(runnerDir, 'runner.js'),
        launchArgs: [
          folder,
          '--disable-extensions', // other installed extensions; the one under test still loads
          '--disable-workspace-trust',
          '--skip-welcome',
          '--skip-release-notes',
          `--user-data-dir=${join(root, 'user-data')}`,
        ],
      });
    } catch (error) {
      failed = true;
      console.error(`test:electron: the suite in ${folder} failed: ${error?.message ?? error}`);
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
