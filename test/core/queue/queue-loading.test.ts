import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

test('core loads BullMQ and the Redis client only when a queue URL is given (dynamic imports), so it runs and tests without Redis', async () => {
  const offenders: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.ts')) {
        const text = await readFile(path, 'utf8');
        // `import type` is erased; any other static import of them would load them with core.
        if (/^import (?!type )[^;]*from '(bullmq|ioredis)'/m.test(text)) offenders.push(path);
      }
    }
  };
  await walk('src');
  assert.deepEqual(offenders, []);
  // And the queue's entry point reaches the BullMQ parts only through import().
  const index = await readFile('src/core/queue/index.ts', 'utf8');
  assert.doesNotMatch(index, /^export (?!type ).* from '\.\/(bullmq-rollout-queue|queue-worker|list-queue-workers)'/m);
});
