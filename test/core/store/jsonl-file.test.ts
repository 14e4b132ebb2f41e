import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendJsonLines, readJsonLines, repairTornTail, truncateToCommitted } from '../../../src/core/store/jsonl-file';
import { RunStoreError } from '../../../src/core/store/store-errors';

async function temporaryFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'jsonl-')), 'log.jsonl');
}

test('records round-trip one JSON line each', async () => {
  const path = await temporaryFile();
  await appendJsonLines(path, [{ a: 1 }, { b: 'two\nlines' }]);
  await appendJsonLines(path, [{ c: 3 }]);
  assert.deepEqual(await readJsonLines(path), [{ a: 1 }, { b: 'two\nlines' }, { c: 3 }]);
  assert.equal((await readFile(path, 'utf8')).split('\n').length, 4);
});

test('a missing file reads as empty', async () => {
  assert.deepEqual(await readJsonLines(join(tmpdir(), 'does-not-exist.jsonl')), []);
});

test('a torn last line is ignored with a warning', async () => {
  const path = await temporaryFile();
  await writeFile(path, '{"a":1}\n{"b":2}\n{"c":');
  const warnings: string[] = [];
  assert.deepEqual(await readJsonLines(path, (message) => warnings.push(message)), [{ a: 1 }, { b: 2 }]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /torn last line .*\(line 3\)/);
});

test('a bad line in the middle is corruption and names the line', async () => {
  const path = await temporaryFile();
  await writeFile(path, '{"a":1}\nnot json\n{"b":2}\n');
  await assert.rejects(readJsonLines(path), (error: unknown) => error instanceof RunStoreError && /Line 2 of/.test(error.message));
});

test('repairTornTail cuts the fragment so the next append starts a fresh line', async () => {
  const path = await temporaryFile();
  await writeFile(path, '{"a":1}\n{"half');
  assert.equal(await repairTornTail(path), true);
  await appendJsonLines(path, [{ b: 2 }]);
  assert.deepEqual(await readJsonLines(path), [{ a: 1 }, { b: 2 }]);
  assert.equal(await repairTornTail(path), false);
});

test('truncateToCommitted drops lines of an unfinished unit', async () => {
  const path = await temporaryFile();
  await appendJsonLines(path, [{ committed: true }]);
  const committed = Buffer.byteLength(await readFile(path, 'utf8'));
  await appendJsonLines(path, [{ committed: false }]);
  await truncateToCommitted(path, committed);
  assert.deepEqual(await readJsonLines(path), [{ committed: true }]);
});
