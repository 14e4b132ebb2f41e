// Finds and prints the extension-host logs VS Code wrote into the user-data dir,
// for the failure report.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Lines printed per log file; the end of the log says what went wrong. */
const TAIL_LINES = 120;

function logFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return logFiles(path);
    return name.endsWith('.log') ? [path] : [];
  });
}

/** Extension-host logs (remoteexthost.log / exthost.log) under a VS Code logs folder. */
export function extensionHostLogs(logsDir) {
  return logFiles(logsDir).filter((path) => /(^|\/)(remote)?exthost\.log$/i.test(path));
}

/** Prints the tail of each extension-host log under `logsDir`, with its path. */
export function printExtensionHostLogs(logsDir) {
  const paths = extensionHostLogs(logsDir);
  if (paths.length === 0) {
    console.error(`vscode-test: no extension-host log under ${logsDir}`);
    return;
  }
  for (const path of paths) {
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    console.error(`\n---- extension-host log ${path} (last ${Math.min(TAIL_LINES, lines.length)} lines)`);
    console.error(lines.slice(-TAIL_LINES).join('\n'));
    console.error('---- end of log');
  }
}
