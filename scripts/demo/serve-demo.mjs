// The demo in VS Code: code-server on loopback with the packaged extension installed
// and a copy of the example skills open, until Ctrl-C.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatSize, packageExtension } from '../package/package-extension.mjs';
import { configureCleanup, onCleanup } from '../vscode-test/cleanup.mjs';
import { startCodeServer } from '../vscode-test/code-server.mjs';
import { installVsix } from '../vscode-test/install-vsix.mjs';
import { repoRoot } from '../vscode-test/paths.mjs';
import { USER_SETTINGS } from '../vscode-test/profile.mjs';
import { demoModels } from './demo-models.mjs';
import { installCodeServer } from './demo-steps.mjs';

/** Port tried when DEMO_PORT is not set; when it is taken, any free port is used. */
export const DEFAULT_PORT = 8080;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function portIsFree(host, port) {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, host, () => probe.close(() => resolvePromise(true)));
  });
}

/** DEMO_PORT when given (it must be free; 0 = any), else 8080 when free, else any free port. */
export async function choosePort(host, requested) {
  if (requested !== undefined) {
    if (requested !== 0 && !(await portIsFree(host, requested))) {
      throw new Error(`Port ${requested} on ${host} is in use: set DEMO_PORT to a free port, or DEMO_PORT=0 for any free port.`);
    }
    return requested;
  }
  return (await portIsFree(host, DEFAULT_PORT)) ? DEFAULT_PORT : 0;
}

/**
 * The folder VS Code opens: DEMO_WORKSPACE when set (created from skills/ the first
 * time, kept afterwards), else a fresh copy of skills/ in a temp folder that is
 * deleted when the demo stops. Training writes its runs into `.skill-trainer/` there.
 */
function prepareWorkspace(demoRoot, requested) {
  const workspace = requested ? resolve(requested) : join(demoRoot, 'skills');
  if (!existsSync(workspace)) cpSync(join(repoRoot, 'skills'), workspace, { recursive: true });
  return { workspace, kept: Boolean(requested) };
}

/** Merges the demo's model settings into the workspace's .vscode/settings.json. */
function writeWorkspaceSettings(workspace, settings) {
  const path = join(workspace, '.vscode', 'settings.json');
  let current = {};
  if (existsSync(path)) {
    try {
      current = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      console.warn(`demo: ${path} is not plain JSON; leaving it alone (set the skillTrainer.* model settings yourself).`);
      return;
    }
  }
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}

/** A profile of its own (user data, extensions, code-server state), removed at exit. */
function createDemoProfile(demoRoot) {
  const profile = {
    root: demoRoot,
    userDataDir: join(demoRoot, 'user-data'),
    extensionsDir: join(demoRoot, 'extensions'),
  };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  const userSettings = {
    ...USER_SETTINGS,
    // Opens the workspace's README.md: the examples and how to train them.
    'workbench.startupEditor': 'readme',
    // The workspace is a copy of this repository's own example skills.
    'security.workspace.trust.enabled': false,
  };
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  return profile;
}

/** Runs the demo until Ctrl-C. `options`: { host, port (number | undefined), workspace (path | undefined) }. */
export async function serveDemo(options) {
  configureCleanup({ label: 'demo', signalExitCode: 0 });
  const host = options.host;
  const port = await choosePort(host, options.port);
  installCodeServer();

  console.log('\ndemo: build and package the extension (npm run package)');
  const { path: vsixPath, bytes } = packageExtension({ stdio: 'pipe' });
  console.log(`demo: packaged ${vsixPath} (${formatSize(bytes)})`);

  const demoRoot = mkdtempSync(join(tmpdir(), 'skill-trainer-demo-'));
  onCleanup(() => rmSync(demoRoot, { recursive: true, force: true }));
  const profile = createDemoProfile(demoRoot);
  console.log(`demo: ${installVsix(profile, vsixPath)}`);
  const { workspace, kept } = prepareWorkspace(demoRoot, options.workspace);
  const models = demoModels();
  writeWorkspaceSettings(workspace, models.settings);

  console.log(`\ndemo: start code-server on ${host}:${port || '(any free port)'}`);
  const server = await startCodeServer(profile, { host, port });
  // Slashes stay readable; anything else unusual in the path is escaped.
  const url = `${server.url}/?folder=${encodeURIComponent(workspace).replaceAll('%2F', '/')}`;
  const lines = [
    '',
    'Skill Trainer demo is running. Open this address in your browser:',
    '',
    `    ${url}`,
    '',
    `Workspace: ${workspace}`,
    kept
      ? '  (DEMO_WORKSPACE: kept after the demo; training runs are in its .skill-trainer/ folder)'
      : '  (a copy of skills/, deleted when the demo stops; set DEMO_WORKSPACE=<folder> to keep one)',
    models.note,
    '',
    'Try: click the Skill Trainer icon in the activity bar, then Optimize Skill (the sparkle) on commit-messages;',
    '     or run "Welcome: Open Walkthrough…" from the Command Palette and pick "Get started with Skill Trainer".',
    `Headless instead: npm run demo -- --headless [${'commit-messages'}]`,
    '',
    'Press Ctrl-C to stop the demo.',
  ];
  if (!LOOPBACK.has(host)) {
    lines.push('', `WARNING: code-server listens on ${host} without a password: anyone who can reach it gets a terminal on this machine.`);
  }
  console.log(lines.join('\n'));

  // Runs until Ctrl-C (cleanup.mjs stops code-server and deletes the temp folder), or
  // until code-server dies on its own.
  await new Promise((_resolve, reject) => {
    const timer = setInterval(() => {
      const reason = server.exitReason();
      if (reason) {
        clearInterval(timer);
        reject(new Error(reason));
      }
    }, 1_000);
  });
}
