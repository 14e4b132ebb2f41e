// Where things live: the repository, the installed code-server, the browser.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Must match CODE_SERVER_VERSION in install.sh. */
export const codeServerVersion = '4.100.3';
export const toolsDir = join(process.env.VSCODE_TEST_DIR ?? join(repoRoot, '.vscode-test'), `code-server-${codeServerVersion}`);
export const codeServerEntry = join(toolsDir, 'node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots, copied logs and results land here (ignored by git). */
export const testResultsDir = join(repoRoot, 'test-results');
