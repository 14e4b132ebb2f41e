/**
 * The operating system refusing a write (a full disk, a read-only folder) or a run
 * folder missing a file: a plain message naming the path and the cause, the resume
 * command, no temp file left behind, exit code 1, and a resume afterwards that ends
 * exactly like an uninterrupted run. Before: raw errors, "This is a bug", *.tmp files.
 * The write failure is injected into node:fs/promises, which the store writes through.
 */
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { listRuns } from '../../src/core/store/run-reader';

/** The very module object the store's named imports read from. */
const fsPromises = createRequire(__filename)('node:fs/promises') as typeof import('node:fs/promises');

async function workspaceWithExample(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-os-failure-'));
  await cp(resolve('skills/commit-messages'), join(workspace, 'skills', 'commit-messages'), { recursive: true });
  return workspace;
}

const trainArgs = ['train', 'skills/commit-messages', '--epochs', '2'];

/** Every file under `folder`, relative, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name).slice(folder.length + 1)).sort();
}

/** What a finished run produced, without its times: the trained skill, its rollouts and its steps. */
async function outcome(workspace: string, runId: string) {
  const folder = join(workspace, '.skill-trainer', 'runs', runId);
  const steps = (await readFile(join(folder, 'steps.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.stringify(JSON.parse(line), (key, value) => (key === 'at' || key === 'wallMs' || key === 'usage' ? undefined : value)));
  return { trained: await readFile(join(folder, 'trained', 'SKILL.md'), 'utf8'), rollouts: await readFile(join(folder, 'rollouts.jsonl'), 'utf8'), steps };
}

/** Makes every write under `.skill-trainer/runs/` fail with `code` once `when(path)` first holds, until restored. */
function failWrites(code: string, when: (path: string) => boolean) {
  let failing = false;
  const refuse = (path: unknown) => {
    const text = String(path);
    if (!text.includes(`${sep}.skill-trainer${sep}runs${sep}`)) return false;
    if (when(text)) failing = true;
    return failing;
  };
  const error = () => Object.assign(new Error(`${code}: injected failure, write`), { code, errno: -28, syscall: 'write' });
  const originalOpen = fsPromises.open;
  const originalAppend = fsPromises.appendFile;
  const open = mock.method(fsPromises, 'open', (path: string, flags?: string, ...rest: unknown[]) =>
    flags === 'w' && refuse(path) ? Promise.reject(error()) : originalOpen(path, flags, ...(rest as [])),
  );
  const append = mock.method(fsPromises, 'appendFile', (path: string, ...rest: unknown[]) => (refuse(path) ? Promise.reject(error()) : originalAppend(path, ...(rest as [string]))));
  return () => {
    open.mock.restore();
    append.mock.restore();
  };
}

test('a disk that fills up mid-run: plain message, resume command, no temp file, exit 1; resume ends like an uninterrupted run', async () => {
  const reference = await workspaceWithExample();
  const uninterrupted = createCapturedIo({ cwd: reference, environment: {} });
  assert.equal(await runMain(trainArgs, uninterrupted), 0, uninterrupted.stderrText);
  const [referenceRun] = await listRuns(reference);

  const workspace = await workspaceWithExample();
  const restore = failWrites('ENOSPC', (path) => path.includes('step-0002'));
  const full = createCapturedIo({ cwd: workspace, environment: {} });
  let code: number;
  try {
    code = await runMain(trainArgs, full);
  } finally {
    restore();
  }
  assert.equal(code, 1, full.stderrText);
  const runId = /Run (\S+) failed after step 1: /.exec(full.stderrText)?.[1];
  assert.ok(runId, full.stderrText);
  assert.match(full.stderrText, new RegExp(`error: Run ${runId} failed after step 1: Could not write \\S+step-0002\\S*: no space left on the disk \\(ENOSPC\\)\\. Free some space\\. Resume it with: skill-trainer resume ${runId} once the cause is fixed\\.`));
  assert.doesNotMatch(full.stderrText, /This is a bug|at async|\n\s+at /);
  assert.deepEqual((await filesUnder(join(workspace, '.skill-trainer'))).filter((file) => file.endsWith('.tmp')), []);

  const resumed = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId], resumed), 0, resumed.stderrText);
  assert.deepEqual(await outcome(workspace, runId), await outcome(reference, referenceRun.id));
});

test('a read-only store at the start of a run: plain message, nothing left behind, exit 1', async () => {
  const workspace = await workspaceWithExample();
  const restore = failWrites('EROFS', () => true);
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  try {
    assert.equal(await runMain(trainArgs, io), 1, io.stderrText);
  } finally {
    restore();
  }
  assert.match(io.stderrText, /error: Could not write \S+: the file system is read-only \(EROFS\)\. Make it writable, or use a workspace on a writable disk\./);
  assert.doesNotMatch(io.stderrText, /This is a bug/);
  assert.deepEqual(await readdir(join(workspace, '.skill-trainer', 'runs')), []);
  assert.deepEqual(await listRuns(workspace), []);
});

async function cancelledRun(workspace: string): Promise<string> {
  const controller = new AbortController();
  const captured = createCapturedIo({ cwd: workspace, environment: {}, signal: controller.signal });
  const io = { ...captured, stderr: { isTTY: false, write: (text: string) => { captured.stderr.write(text); if (/step +1 /.test(text)) controller.abort(); } } };
  assert.equal(await runMain(trainArgs, io), 130, captured.stderrText);
  return /Resume it with: skill-trainer resume (\S+)/.exec(captured.stderrText)![1]!;
}

test('a run folder that lost tasks.json: resume says which file, why it is needed and what to do; exit 1', async () => {
  const workspace = await workspaceWithExample();
  const runId = await cancelledRun(workspace);
  await rm(join(workspace, '.skill-trainer', 'runs', runId, 'tasks.json'));
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId], io), 1);
  assert.match(io.stderrText, new RegExp(`error: \\S+tasks\\.json is missing, so run ${runId} cannot be resumed: the run's tasks and their splits were kept there\\. Restore the file .*Start it again with: skill-trainer train \\S+commit-messages`));
  assert.doesNotMatch(io.stderrText, /This is a bug/);
});

test('a run stopped before its first state was saved restarts from the beginning; one without its settings never started', async () => {
  const workspace = await workspaceWithExample();
  const runId = await cancelledRun(workspace);
  const folder = join(workspace, '.skill-trainer', 'runs', runId);
  // What an older version left when killed right after indexing the run: no state, logs or journal.
  for (const name of ['state.json', 'steps.jsonl', 'rollouts.jsonl', 'calls.jsonl', 'checkpoints']) await rm(join(folder, name), { recursive: true, force: true });
  const restarted = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId], restarted), 0, restarted.stderrText);
  assert.match(restarted.stderrText, /was stopped while starting, before its first state was saved and before any model call was paid; it starts from the beginning/);
  assert.match(restarted.stdoutText, /finished after 2 steps/);

  const other = await cancelledRun(workspace);
  await rm(join(workspace, '.skill-trainer', 'runs', other, 'config.json'));
  const io = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', other], io), 1);
  assert.match(io.stderrText, new RegExp(`error: Run ${other} never started: it was stopped while starting \\(its folder has no config\\.json\\), before any model call was paid\\. Start it again with: skill-trainer train \\S+commit-messages`));
});
