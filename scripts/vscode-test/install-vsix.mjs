// Installs a .vsix into a profile's extensions folder the way a user does, with
// `code-server --install-extension` (the VS Code CLI's own install path).
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { codeServerEnvironment } from './code-server.mjs';
import { codeServerEntry, repoRoot } from './paths.mjs';

/** Installs `vsixPath` into `profile` (userDataDir, extensionsDir, root); returns code-server's last output line. */
export function installVsix(profile, vsixPath) {
  const result = spawnSync(
    process.execPath,
    [codeServerEntry, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsixPath],
    { encoding: 'utf8', env: codeServerEnvironment(profile), timeout: 60_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server --install-extension ${relative(repoRoot, vsixPath)} failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
  return output.split('\n').at(-1);
}
