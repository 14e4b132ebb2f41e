// A throwaway VS Code profile: user-data dir, extensions dir with Skill Trainer (and
// optionally the test runner) installed, and fresh copies of the test workspaces.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup.mjs';
import { repoRoot } from './paths.mjs';
import { copyTestWorkspace } from './test-workspace.mjs';

/**
 * The files of the extension as a user gets them: package.json, the bundle, the
 * vendor files it loads on first use (SDKs, the queue's BullMQ) and media. No node_modules and no sources, so a dependency missing from the bundle
 * fails here as it would for a user.
 */
export const EXTENSION_FILES = ['package.json', 'README.md', 'dist/extension.js', 'dist/extension.js.map', 'dist/score-trends', 'dist/vendor', 'media'];

/** User settings for the test profile: quiet, no network, no distractions. */
export const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Installs an extension folder the way VS Code lays it out: `<publisher>.<name>-<version>`. */
export function installExtensionFolder(extensionsDir, sourceDir, files) {
  const manifest = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const file of files) cpSync(join(sourceDir, file), join(target, file), { recursive: true });
  return target;
}

/**
 * Creates the profile under a new temp folder, removed again at cleanup.
 * @param {{ runnerDir?: string, userSettings?: object, installSkillTrainer?: boolean }} options
 *   runnerDir: the bundled test runner to install (integration layer only).
 *   installSkillTrainer: false leaves the development copy out (the package layer
 *   installs the .vsix instead).
 */
export function createProfile({ runnerDir, userSettings = {}, installSkillTrainer = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'skill-trainer-vscode-'));
  onCleanup(() => rmSync(root, { recursive: true, force: true }));
  const profile = {
    root,
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    workspacesDir: join(root, 'workspaces'),
    /** Fixture workspace with skills; its folder name selects the suite `workspace`. */
    workspace: join(root, 'workspaces', 'workspace'),
    /** A workspace without any SKILL.md; selects the suite `empty-workspace`. */
    emptyWorkspace: join(root, 'workspaces', 'empty-workspace'),
    /** The test runner writes `<workspace>.json` here. */
    resultsDir: join(root, 'results'),
  };
  mkdirSync(profile.resultsDir, { recursive: true });
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  writeFileSync(
    join(profile.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...userSettings }, null, 2),
  );
  copyTestWorkspace(profile.workspace);
  mkdirSync(profile.emptyWorkspace, { recursive: true });
  writeFileSync(join(profile.emptyWorkspace, 'README.md'), '# A workspace without skills\n');

  if (installSkillTrainer) installExtensionFolder(profile.extensionsDir, repoRoot, EXTENSION_FILES);
  if (runnerDir) {
    const installed = installExtensionFolder(profile.extensionsDir, runnerDir, ['package.json', 'runner.js', 'suites']);
    writeFileSync(join(installed, 'test-run.json'), JSON.stringify({ resultsDir: profile.resultsDir }));
  }
  return profile;
}
