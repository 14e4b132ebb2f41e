// The workspace the integration and browser tests open: test/fixtures/workspace, plus
// the bundled example skill (skills/commit-messages, with its simulated-world hints)
// so the tests train the same skill a user's demo does.
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';

/** Copies the test workspace into `target` (created when missing). */
export function copyTestWorkspace(target) {
  cpSync(join(repoRoot, 'test/fixtures/workspace'), target, { recursive: true });
  cpSync(join(repoRoot, 'skills/commit-messages'), join(target, 'skills/commit-messages'), { recursive: true });
}
