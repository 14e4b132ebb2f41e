import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const importsVscode = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]vscode['"]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

test('no file under src/core imports vscode', () => {
  const offenders = sourceFiles('src/core').filter((file) => importsVscode.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, [], `src/core must stay pure; these files import 'vscode': ${offenders.join(', ')}`);
});

test('the purity check recognises every import form', () => {
  for (const line of [
    "import * as vscode from 'vscode';",
    'import type { Uri } from "vscode";',
    "const vscode = require('vscode');",
    "await import('vscode')",
    "import 'vscode';",
  ]) {
    assert.ok(importsVscode.test(line), line);
  }
  assert.ok(!importsVscode.test("import { x } from './vscode-free';"));
});
