// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-unit-tests.mjs [path-filter...]
// Node 20's --test does not match .ts files by itself, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Folders whose tests need a real VS Code; they run through the VS Code harness instead. */
const excluded = new Set(['test/vscode', 'test/browser', 'test/fixtures']);

function collect(dir) {
  if (excluded.has(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filters = process.argv.slice(2);
const files = collect('test').filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`No test files matched ${filters.join(' ') || 'test/**/*.test.ts'}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--require', './scripts/register-text-modules.cjs',
    '--import', 'tsx',
    '--test', '--test-reporter=spec',
    '--test-concurrency=2',
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
