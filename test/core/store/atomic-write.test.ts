import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../../src/core/store/atomic-write';

test('writeJsonAtomic replaces the file and leaves no temp file behind', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
  const path = join(dir, 'state.json');
  await writeJsonAtomic(path, { version: 1 });
  await writeJsonAtomic(path, { version: 2 });
  assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { version: 2 });
  assert.deepEqual(await readdir(dir), ['state.json']);
});

test('a process killed while rewriting state.json leaves a whole file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-kill-'));
  const path = join(dir, 'state.json');
  // The child rewrites a large state in a loop until it is killed.
  const script = `
    const { writeJsonAtomic } = require(${JSON.stringify(join(process.cwd(), 'src/core/store/atomic-write.ts'))});
    (async () => {
      for (let i = 0; ; i += 1) {
        await writeJsonAtomic(${JSON.stringify(path)}, { i, padding: 'x'.repeat(200000 + (i % 7) * 1000) });
        if (i === 3) process.stdout.write('ready\\n');
      }
    })();`;
  for (let round = 0; round < 3; round += 1) {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 20 + round * 15));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const state = JSON.parse(await readFile(path, 'utf8')) as { i: number; padding: string };
    assert.ok(state.i >= 3);
    assert.equal(state.padding.length, 200000 + (state.i % 7) * 1000);
  }
});
