// Bundles the VS Code integration suite with esbuild into out/vscode-test/runner/:
//   runner.js             the test-runner extension (mocha bundled in; `vscode` external)
//   package.json          its manifest
//   suites/<name>.js      every test/vscode/<name>/**/*.test.ts, run in workspace <name>
// A new test file needs no registration: drop it into test/vscode/workspace/ (runs in
// the fixture workspace with skills) or test/vscode/empty-workspace/.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './paths.mjs';

/** Folders of test/vscode/ that are not suites. */
const NOT_SUITES = new Set(['runner', 'support']);

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  // mocha's parallel mode (unused here) resolves worker files at run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
  external: ['vscode'],
  loader: { '.md': 'text' },
  // The repository, for tests that start its CLI (a queue worker) as a process of its own.
  define: { 'import.meta.url': 'importMetaUrl', SKILL_TRAINER_REPO_ROOT: JSON.stringify(repoRoot) },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

function testFilesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFilesUnder(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Suite name (= workspace folder name) → its test files, sorted for a stable order. */
export function suiteFiles() {
  const root = join(repoRoot, 'test/vscode');
  return Object.fromEntries(
    readdirSync(root)
      .filter((name) => !NOT_SUITES.has(name) && statSync(join(root, name)).isDirectory())
      .map((name) => [name, testFilesUnder(join(root, name)).sort()]),
  );
}

/** Builds the runner and every suite; returns the runner extension's folder. */
export async function buildTestBundles() {
  const outDir = join(repoRoot, 'out/vscode-test/runner');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'suites'), { recursive: true });
  const runnerSource = join(repoRoot, 'test/vscode/runner');
  const builds = [
    esbuild.build({ ...shared, entryPoints: [join(runnerSource, 'runner.ts')], outfile: join(outDir, 'runner.js') }),
  ];
  for (const [name, files] of Object.entries(suiteFiles())) {
    if (files.length === 0) continue;
    const imports = files.map((file) => `import './${relative(repoRoot, file).replaceAll('\\', '/')}';`);
    builds.push(
      esbuild.build({
        ...shared,
        stdin: { contents: imports.join('\n'), resolveDir: repoRoot, sourcefile: `${name}-suite.ts`, loader: 'ts' },
        outfile: join(outDir, 'suites', `${name}.js`),
      }),
    );
  }
  await Promise.all(builds);
  copyFileSync(join(runnerSource, 'package.json'), join(outDir, 'package.json'));
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = await buildTestBundles();
  console.log(`vscode-test: bundled the integration suite into ${relative(repoRoot, outDir)}`);
}
