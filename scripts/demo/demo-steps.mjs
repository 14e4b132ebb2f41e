// The project's own setup steps, run by the demo as a newcomer would run them.
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../vscode-test/paths.mjs';

/** Runs a command in the repository with the terminal attached; throws naming the step when it fails. */
export function runStep(description, command, args) {
  console.log(`\ndemo: ${description}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${description} failed (${command} ${args.join(' ')} exited with ${result.status ?? result.signal}); fix the error above and run the demo again.`);
  }
}

/** The idempotent code-server installer of the test harness (about a minute the first time, seconds after). */
export function installCodeServer() {
  runStep('install code-server (VS Code 1.100) into .vscode-test/ — about a minute the first time', 'bash', ['scripts/vscode-test/install.sh']);
}

export function buildCli() {
  runStep('build (npm run build)', 'npm', ['run', 'build', '--silent']);
}
