// Starts code-server on a free loopback port and stops it with its whole process
// group (server, extension hosts, file watchers, pty hosts).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, trackProcessGroup } from './cleanup.mjs';
import { codeServerEntry } from './paths.mjs';
import { waitFor } from './wait-for.mjs';

/** Cold start on a busy 2-core machine takes a few seconds; allow much more. */
const START_TIMEOUT_MS = 60_000;

/** The environment of every code-server process of a profile (server or CLI). */
export function codeServerEnvironment(profile) {
  return {
    ...process.env,
    // Keep code-server's own config and state out of the person's home folder.
    XDG_CONFIG_HOME: join(profile.root, 'xdg-config'),
    XDG_DATA_HOME: join(profile.root, 'xdg-data'),
    XDG_CACHE_HOME: join(profile.root, 'xdg-cache'),
  };
}

/**
 * Starts code-server for `profile` (from createProfile). Port 0 (the default) lets the
 * OS pick a free port; code-server prints the address it bound, which is read back.
 * Resolves once it answers HTTP; returns { url, logPath, stop, exitReason }, where
 * exitReason() says why the server died, or is undefined while it runs.
 * @param {{ host?: string, port?: number }} bind  where to listen (default 127.0.0.1:0)
 */
export async function startCodeServer(profile, { host = '127.0.0.1', port = 0 } = {}) {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}: run 'bash scripts/vscode-test/install.sh'.`);
  }
  const logPath = join(profile.root, 'code-server.log');
  const log = createWriteStream(logPath);
  const child = spawn(
    process.execPath,
    [
      codeServerEntry,
      '--bind-addr', `${host}:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      '--config', join(profile.root, 'code-server.yaml'),
    ],
    {
      detached: true, // its own process group, so one kill reaches every child
      stdio: ['ignore', 'pipe', 'pipe'],
      env: codeServerEnvironment(profile),
    },
  );
  const untrack = trackProcessGroup(child.pid);
  let output = '';
  let exited;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk;
      log.write(chunk);
    });
  }
  child.on('exit', (code, signal) => {
    exited = `code-server exited (${signal ?? `code ${code}`}); its log: ${logPath}`;
  });

  const stop = async () => {
    untrack();
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await gone;
    clearTimeout(timer);
    // Children of the group may outlive the server by a moment.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    log.end();
  };
  onCleanup(stop);

  const url = await waitFor(
    'code-server to print its address',
    () => /HTTP server listening on (http:\/\/[^\s/]+:\d+)\//.exec(output)?.[1],
    { timeoutMs: START_TIMEOUT_MS, failFast: () => exited },
  );
  await waitFor(
    `code-server to answer at ${url}/healthz`,
    async () => {
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: START_TIMEOUT_MS, failFast: () => exited },
  );
  return { url, logPath, stop, exitReason: () => exited };
}
