// Builds what the layers install: the extension bundle (npm run build) and, for the
// integration layer, the test runner with its suites.
import { spawnSync } from 'node:child_process';
import { buildTestBundles } from './build-test-bundles.mjs';
import { repoRoot } from './paths.mjs';

export async function buildExtension({ withTestBundles }) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`'npm run build' failed (exit ${build.status}); fix the build errors above.`);
  return withTestBundles ? buildTestBundles() : undefined;
}
