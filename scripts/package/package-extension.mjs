// Builds the extension's .vsix with @vscode/vsce. vsce runs the `vscode:prepublish`
// script first (the minified production build) and packs only what .vscodeignore
// lets through. Everything is bundled, so vsce runs with --no-dependencies.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The Marketplace and our own check: a package above this size fails the build (bytes). */
export const MAX_PACKAGE_BYTES = 5 * 1024 * 1024;

function manifest() {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

/** Where `npm run package` writes the package: `<name>-<version>.vsix` at the repository root. */
export function packagePath() {
  const { name, version } = manifest();
  return join(repoRoot, `${name}-${version}.vsix`);
}

/**
 * vsce rewrites relative links in README.md to the repository's URLs. Without a
 * `repository` in package.json there is nothing to rewrite them to, so they stay
 * relative: they resolve inside the installed extension, where the images ship too.
 * Publish to the Marketplace only with a `repository` set (or --baseImagesUrl), since
 * its web page needs absolute https image URLs.
 */
function linkOptions() {
  return manifest().repository ? [] : ['--allow-missing-repository', '--no-rewrite-relative-links'];
}

/**
 * Runs `vsce package`; returns { path, bytes }. Throws with vsce's own output when it
 * fails, and when the package is larger than MAX_PACKAGE_BYTES.
 * @param {{ out?: string, stdio?: 'inherit' | 'pipe' }} options
 */
export function packageExtension({ out = packagePath(), stdio = 'inherit' } = {}) {
  const vsce = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', ...linkOptions(), '--out', out], {
    cwd: repoRoot,
    stdio: stdio === 'inherit' ? 'inherit' : 'pipe',
    encoding: 'utf8',
    // vsce asks before packing without a LICENSE or repository; never wait for an answer.
    input: '',
  });
  if (result.status !== 0) {
    const output = stdio === 'pipe' ? `\n${result.stdout ?? ''}${result.stderr ?? ''}` : '';
    throw new Error(`'vsce package' failed (exit ${result.status ?? result.signal}); see its message above.${output}`);
  }
  const bytes = statSync(out).size;
  if (bytes > MAX_PACKAGE_BYTES) {
    throw new Error(
      `${relative(repoRoot, out)} is ${formatSize(bytes)}, above the ${formatSize(MAX_PACKAGE_BYTES)} limit: ` +
        "check .vscodeignore (run 'npx vsce ls --no-dependencies' to list what is packed).",
    );
  }
  return { path: out, bytes };
}

/** "1.23 MB" (powers of 1024, as vsce prints them). */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}
