import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile, mkdir, readFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireSkillLock, lockPath } from '../../../src/core/store/run-lock';
import { RunLockedError } from '../../../src/core/store/store-errors';

test('a second run on the same skill is refused while the first holds the lock', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lock-'));
  const release = await acquireSkillLock(root, '/skills/a/SKILL.md', 'run-1');
  await assert.rejects(acquireSkillLock(root, '/skills/a/SKILL.md', 'run-2'), (error: unknown) => {
    assert.ok(error instanceof RunLockedError);
    assert.equal(error.code, 'run_locked');
    assert.match(error.message, /run-1.*already training \/skills\/a\/SKILL\.md/);
    return true;
  });
  // Another skill is independent.
  const other = await acquireSkillLock(root, '/skills/b/SKILL.md', 'run-3');
  await release();
  const again = await acquireSkillLock(root, '/skills/a/SKILL.md', 'run-2');
  await again();
  await other();
});

test('a lock left by a dead process is taken over', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lock-stale-'));
  const finished = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(finished.stdout);
  await mkdir(join(root, 'locks'), { recursive: true });
  const path = lockPath(root, '/skills/a/SKILL.md');
  await writeFile(path, JSON.stringify({ runId: 'old', pid: deadPid, hostname: hostname(), startedAt: 'then', skillPath: '/skills/a/SKILL.md' }));
  const release = await acquireSkillLock(root, '/skills/a/SKILL.md', 'new');
  assert.equal(JSON.parse(await readFile(path, 'utf8')).runId, 'new');
  await release();
});

test('the same run may take its own lock again after a crash of an earlier attempt in-process', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lock-self-'));
  await acquireSkillLock(root, '/s/SKILL.md', 'run-x');
  const release = await acquireSkillLock(root, '/s/SKILL.md', 'run-x');
  await release();
});

test('an empty or torn lock file (a process killed while writing it) never blocks a new run', async () => {
  for (const left of ['', '{"runId": "old", "pid": 12']) {
    const root = await mkdtemp(join(tmpdir(), 'lock-empty-'));
    await mkdir(join(root, 'locks'), { recursive: true });
    const path = lockPath(root, '/skills/a/SKILL.md');
    await writeFile(path, left);
    const started = Date.now();
    const release = await acquireSkillLock(root, '/skills/a/SKILL.md', 'new');
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).runId, 'new');
    await release();
  }
});

test('of several processes racing for one skill, exactly one gets the lock', async () => {
  const root = await mkdtemp(join(tmpdir(), 'lock-race-'));
  const lockModule = join(process.cwd(), 'src/core/store/run-lock.ts');
  // A winner holds the lock (stays alive) until every racer has answered; a dead holder's lock may rightly be taken over.
  const script = (n: number) => `
    const { acquireSkillLock } = require(${JSON.stringify(lockModule)});
    acquireSkillLock(${JSON.stringify(root)}, '/skills/a/SKILL.md', 'run-${n}').then(
      () => { process.stdout.write('won'); setInterval(() => undefined, 1000); },
      (error) => { process.stdout.write(error.code); process.exit(0); },
    );`;
  const children = [0, 1, 2, 3, 4].map((n) => spawn(process.execPath, ['--import', 'tsx', '-e', script(n)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const results = await Promise.all(
    children.map((child) => new Promise<string>((done) => child.stdout.once('data', (chunk: Buffer) => done(chunk.toString())))),
  );
  for (const child of children) child.kill();
  assert.deepEqual(results.sort(), ['run_locked', 'run_locked', 'run_locked', 'run_locked', 'won']);
});
