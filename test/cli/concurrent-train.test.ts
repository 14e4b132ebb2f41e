/**
 * Six `skill-trainer train` processes on six skills of one workspace, ten rounds each,
 * all at once (the simulated world, small runs): none crashes, and every run is listed,
 * finished and whole in db.json and in its own run.json. Before the store lock, 33 of
 * 60 such processes crashed on a shared temp file and runs went missing from the index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listRuns } from '../../src/core/store/run-reader';
import type { RunIndexEntry } from '../../src/core/store/run-records';

const lanes = 6;
const rounds = 10;

function train(workspace: string, skillDir: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--require', resolve('scripts/register-text-modules.cjs'), '--import', 'tsx', resolve('src/cli/main.ts'), 'train', skillDir, '--workspace', workspace, '--epochs', '1', '--batch-size', '4', '--no-cache'],
    // The repository as working folder, so `--import tsx` resolves.
    { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH, HOME: workspace } },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once('exit', (code) => done({ code, stderr })));
}

test(`${lanes} train processes × ${rounds} rounds in one workspace: no crash, every run listed and whole`, { timeout: 600_000 }, async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'concurrent-train-'));
  const skills = Array.from({ length: lanes }, (_, lane) => `skill-${lane}`);
  for (const name of skills) {
    const dir = join(workspace, 'skills', name);
    await cp(resolve('skills/commit-messages'), dir, { recursive: true });
    const text = await readFile(join(dir, 'SKILL.md'), 'utf8');
    await writeFile(join(dir, 'SKILL.md'), text.replace(/^name: commit-messages$/m, `name: ${name}`));
  }
  const failures: string[] = [];
  await Promise.all(
    skills.map(async (name) => {
      for (let round = 0; round < rounds; round += 1) {
        const { code, stderr } = await train(workspace, join(workspace, 'skills', name));
        if (code !== 0 || /This is a bug/.test(stderr)) failures.push(`${name} round ${round}: exit ${code}\n${stderr.slice(-600)}`);
      }
    }),
  );
  assert.deepEqual(failures, []);

  const runs = await listRuns(workspace);
  assert.equal(runs.length, lanes * rounds);
  const root = join(workspace, '.skill-trainer');
  for (const run of runs) {
    assert.equal(run.status, 'finished', run.id);
    assert.equal(run.stepsDone, run.totalSteps, run.id);
    assert.match(run.skillPath, /skills\/skill-\d\/SKILL\.md$/);
    assert.deepEqual(run.models, { target: 'sim:target', optimizer: 'sim:optimizer', judge: 'sim:judge' });
    const own = JSON.parse(await readFile(join(root, 'runs', run.id, 'run.json'), 'utf8')) as RunIndexEntry;
    assert.deepEqual(own, run, `run.json of ${run.id} agrees with db.json`);
  }
  for (const name of skills) assert.equal(runs.filter((run) => run.skillName === name).length, rounds, name);
  // No temp file, stale lock or set-aside index is left behind.
  assert.deepEqual((await readdir(root)).sort(), ['db.json', 'locks', 'runs']);
  assert.deepEqual(await readdir(join(root, 'locks')), []);
});
