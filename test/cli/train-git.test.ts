import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { GitCheckpointWriter } from '../../src/core/library/git-checkpoints';
import { readStepRecords } from '../../src/core/store/run-reader';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
}

/** A repository holding the example skill, with a dirty tree, a stash and hooks that fail loudly if anything runs them. */
async function messyRepository(): Promise<{ root: string; hookLog: string }> {
  const root = await mkdtemp(join(tmpdir(), 'train-git-'));
  const hookLog = join(root, '..', `${root.split('/').pop()}-hooks.log`);
  git(root, 'init', '-q');
  git(root, 'config', 'user.name', 'Tester');
  git(root, 'config', 'user.email', 'tester@example.com');
  await cp(resolve('skills/commit-messages'), join(root, 'skills', 'commit-messages'), { recursive: true });
  await writeFile(join(root, 'notes.txt'), 'notes\n');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'initial');
  await writeFile(join(root, 'notes.txt'), 'notes\nstashed change\n');
  git(root, 'stash', '-q');
  await writeFile(join(root, 'notes.txt'), 'notes\nunstaged change\n');
  await writeFile(join(root, 'staged.txt'), 'staged\n');
  git(root, 'add', 'staged.txt');
  await writeFile(join(root, 'untracked.txt'), 'untracked\n');
  // The run store lives in the workspace; a repository ignores it (or commits it on purpose).
  await writeFile(join(root, '.git', 'info', 'exclude'), '.skill-trainer/\n');
  for (const hook of ['reference-transaction', 'pre-commit', 'commit-msg', 'post-commit']) {
    await writeFile(join(root, '.git', 'hooks', hook), `#!/bin/sh\necho ${hook} >> "${hookLog}"\nexit 1\n`);
    await chmod(join(root, '.git', 'hooks', hook), 0o755);
  }
  return { root, hookLog };
}

test('train --git leaves a skill-trainer/... branch with one commit per accepted step, and the user\'s HEAD, index, tree and stash untouched, no hook run', async () => {
  const { root, hookLog } = await messyRepository();
  const before = { status: git(root, 'status', '--porcelain'), head: git(root, 'rev-parse', 'HEAD'), index: git(root, 'diff', '--cached'), stash: git(root, 'stash', 'list') };
  const io = createCapturedIo({ cwd: root, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--git'], io), 0, io.stderrText);
  const runId = /Run (\S+) finished/.exec(io.stdoutText)?.[1];
  assert.ok(runId, io.stdoutText);
  const branch = `skill-trainer/commit-messages/${runId}`;
  assert.match(io.stderrText, new RegExp(`Git: \\d+ checkpoint commits? on ${branch.replace(/\//g, '\\/')}`));

  assert.equal(git(root, 'status', '--porcelain'), before.status);
  assert.equal(git(root, 'rev-parse', 'HEAD'), before.head);
  assert.equal(git(root, 'diff', '--cached'), before.index);
  assert.equal(git(root, 'stash', 'list'), before.stash);
  assert.ok(!existsSync(hookLog), `a hook ran: ${existsSync(hookLog) ? await readFile(hookLog, 'utf8') : ''}`);

  const records = await readStepRecords(root, runId);
  const accepted = records.filter((record) => record.kind === 'step' && ['accept', 'accept_new_best', 'force_accept'].includes(record.action));
  assert.ok(accepted.length >= 1, `the example accepts at least one step: ${JSON.stringify(records.map((record) => [record.kind, (record as { action?: string }).action]))}`);
  const messages = git(root, 'log', '--format=%B%x1e', branch).split('\x1e').map((message) => message.trim()).filter(Boolean);
  const stepCommits = messages.filter((message) => /Skill-Trainer-Checkpoint: step-\d{4}/.test(message));
  assert.equal(stepCommits.length, accepted.length, 'one commit per accepted step');
  assert.match(stepCommits.at(-1)!, /^commit-messages: step \d+ \(epoch 1\), validation 0\.333 → \d\.\d{3} \(accepted/);
  assert.match(stepCommits.at(-1)!, /Edits:\n- \w+/);
  assert.match(messages[0]!, /trained skill, best validation/);
  // The branch grows from HEAD and changes only the skill; its tip holds the trained skill.
  assert.equal(git(root, 'merge-base', 'HEAD', branch).trim(), before.head.trim());
  assert.equal(git(root, 'diff', '--name-only', 'HEAD', branch).trim(), 'skills/commit-messages/SKILL.md');
  assert.equal(git(root, 'show', `${branch}:skills/commit-messages/SKILL.md`), await readFile(join(root, '.skill-trainer', 'runs', runId, 'trained', 'SKILL.md'), 'utf8'));

  // Syncing again (as a resume would) adds nothing.
  const writer = await GitCheckpointWriter.open({ workspaceRoot: root, runId, skillPath: join(root, 'skills', 'commit-messages', 'SKILL.md') });
  assert.ok(writer instanceof GitCheckpointWriter);
  assert.equal(await writer.sync(), 0);
});

test('train --git outside a git repository says so and trains on with file checkpoints', async () => {
  const root = await mkdtemp(join(tmpdir(), 'train-no-git-'));
  await cp(resolve('skills/commit-messages'), join(root, 'skills', 'commit-messages'), { recursive: true });
  const io = createCapturedIo({ cwd: root, environment: {} });
  assert.equal(await runMain(['train', 'skills/commit-messages', '--epochs', '1', '--git'], io), 0, io.stderrText);
  assert.match(io.stderrText, /--git: .* is not inside a git repository, so run \S+ keeps its checkpoints as files in \.skill-trainer\/runs\/\S+\/checkpoints and trains on/);
  assert.match(io.stdoutText, /finished after 1 steps/);
});
