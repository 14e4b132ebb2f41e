import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunsCommand } from '../../src/cli/commands/runs-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { openRunStore } from '../../src/core/store/run-store';
import { runEntry } from '../core/store/run-entry-fixture';

// Output that ends without a line break leaves the shell prompt glued to the last row.
test('runs ends its output with a line break, with and without a resume hint', async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'skill-trainer-runs-'));
  const store = openRunStore(workspace);
  await store.createRun(runEntry(), 'finished-run');
  const finished = createCapturedIo({ cwd: workspace });
  assert.equal(await runRunsCommand({}, finished), 0);
  assert.match(finished.stdoutText, /finished-run/);
  assert.ok(finished.stdoutText.endsWith('\n'), JSON.stringify(finished.stdoutText.slice(-20)));
  assert.ok(!finished.stdoutText.endsWith('\n\n'));

  await store.createRun(runEntry({ status: 'cancelled', startedAt: '2026-01-02T10:00:00.000Z', stepsDone: 1 }), 'stopped-run');
  const stopped = createCapturedIo({ cwd: workspace });
  await runRunsCommand({}, stopped);
  assert.match(stopped.stdoutText, /\n\nResume a stopped run with: skill-trainer resume stopped-run\n$/);
});
