import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readLibraryRun } from '../../src/core/library/library-run-file';
import { readJsonLines } from '../../src/core/store/jsonl-file';
import type { JournalRecord } from '../../src/core/training/call-journal';
import { createSeededRandom } from '../../src/core/tasks/seeded-random';
import { comparableSteps } from '../core/training/sim-run-helpers';

/** Pretended latency of each simulated call (ms): an uninterrupted library run takes a few seconds. */
const latencyMs = '20';

/** Answered calls in the journals of every run of the workspace at `root`. */
async function answeredCalls(root: string): Promise<number> {
  const runs = await readdir(join(root, '.skill-trainer', 'runs')).catch(() => [] as string[]);
  let count = 0;
  for (const run of runs) {
    const journal = await readFile(join(root, '.skill-trainer', 'runs', run, 'calls.jsonl'), 'utf8').catch(() => '');
    count += journal.split('"type":"done"').length - 1;
  }
  return count;
}

/**
 * Runs the real CLI in workspace `root`. `killAfterCalls`: SIGKILL once that many more
 * calls were answered (journaled) than when it started; undefined: let it finish.
 * Counting the run's own progress, not wall time, keeps the kill inside the run however
 * fast or slow this machine is at the moment (a time measured on a cold start once let
 * every run finish before its kill).
 */
async function cli(root: string, args: string[], killAfterCalls?: number): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  const answeredBefore = killAfterCalls === undefined ? 0 : await answeredCalls(root);
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', 'src/cli/main.ts', ...args, '--workspace', root, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: process.env.HOME, SKILL_TRAINER_SIM_LATENCY_MS: latencyMs },
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let exited = false;
    const watch = async () => {
      while (killAfterCalls !== undefined && !exited) {
        if ((await answeredCalls(root)) - answeredBefore >= killAfterCalls) {
          killed = child.exitCode === null;
          child.kill('SIGKILL');
          return;
        }
        await new Promise((wait) => setTimeout(wait, 15));
      }
    };
    void watch();
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      exited = true;
      done({ code, killed, stdout, stderr });
    });
  });
}

async function workspace(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  await cp(resolve('skills'), join(root, 'skills'), { recursive: true });
  return root;
}

interface SkillResult {
  name: string;
  status: string;
  runId: string;
  skillPath: string;
  baselineScore?: number;
  bestScore?: number;
  bestStep?: number;
  test?: unknown;
}

/** What must be the same as an uninterrupted run: each skill's outcome and every score and decision of its run. */
async function perSkill(root: string, skills: SkillResult[]) {
  const results: Record<string, unknown> = {};
  for (const skill of skills) {
    // The cost may read unknown after a kill: calls in flight at the kill count as possibly
    // billed, estimated from the run's finished calls (the simulated world is free either way).
    const { runId: _runId, skillPath: _skillPath, costUsd, ...outcome } = skill as SkillResult & { costUsd?: number | null };
    assert.ok(costUsd === 0 || costUsd === null, `${skill.name}: cost ${costUsd}`);
    results[skill.name] = { outcome, steps: await comparableSteps(root, skill.runId) };
  }
  return results;
}

test('kill -9 of train-all at random points, then resume of the library run: the same per-skill results as an uninterrupted run, no finished call made again', { timeout: 600_000 }, async () => {
  const referenceRoot = await workspace('library-reference');
  const reference = await cli(referenceRoot, ['train-all', join(referenceRoot, 'skills'), '--epochs', '2']);
  assert.equal(reference.code, 0, reference.stderr);
  // Dozens of calls in flight listen to the process's stop signal: that is no leak to warn about.
  assert.doesNotMatch(reference.stderr, /MaxListenersExceededWarning/);
  // How many calls a whole library run answers: each attempt is killed within what is left.
  const runCalls = await answeredCalls(referenceRoot);
  const referenceSkills = (JSON.parse(reference.stdout) as { skills: SkillResult[] }).skills;
  const expected = await perSkill(referenceRoot, referenceSkills);

  for (const seed of [1, 2]) {
    const random = createSeededRandom(seed);
    const root = await workspace(`library-kill-${seed}`);
    let kills = 0;
    let summary: { skills: SkillResult[]; status: string } | undefined;
    for (let attempt = 0; attempt < 14 && !summary; attempt += 1) {
      // A kill before the library run's folder appeared (whole, with its record) leaves none: start again.
      const libraryRuns = (await readdir(join(root, '.skill-trainer', 'library')).catch(() => [] as string[])).filter((name) => !name.startsWith('.'));
      // The first attempts are killed at a random point of what is left of the run (calls in
      // flight at the kill are lost and asked again); later ones finish.
      const left = runCalls - (await answeredCalls(root));
      // (Up to 70 % of what is left: calls answered together near the end must not outrun the watch.)
      const killAfter = attempt < 5 && left > 2 ? 1 + Math.floor(random() * 0.7 * (left - 1)) : undefined;
      const args = libraryRuns.length === 0 ? ['train-all', join(root, 'skills'), '--epochs', '2'] : ['resume', libraryRuns[0]!];
      const outcome = await cli(root, args, killAfter);
      if (outcome.killed) {
        kills += 1;
        continue;
      }
      assert.equal(outcome.code, 0, `seed ${seed}, attempt ${attempt}: ${outcome.stderr}`);
      summary = JSON.parse(outcome.stdout) as { skills: SkillResult[]; status: string };
    }
    assert.ok(summary, `seed ${seed}: the library run never finished`);
    assert.ok(kills >= 2, `seed ${seed}: only ${kills} kill(s) landed before the run finished`);
    assert.equal(summary.status, 'finished');
    assert.deepEqual(await perSkill(root, summary.skills), expected, `seed ${seed}: per-skill results`);

    // One library run, one ordinary run per skill (resumed in place, never restarted).
    const [libraryRunId, ...others] = (await readdir(join(root, '.skill-trainer', 'library'))).filter((name) => !name.startsWith('.'));
    assert.deepEqual(others, []);
    const record = await readLibraryRun(root, libraryRunId!);
    assert.deepEqual(record.skills.map((skill) => skill.runId), summary.skills.map((skill) => skill.runId));
    // Nothing finished was asked again: in each run's journal, no call starts after it was recorded done.
    for (const skill of summary.skills) {
      const journal = await readJsonLines<JournalRecord>(join(root, '.skill-trainer', 'runs', skill.runId, 'calls.jsonl'));
      const done = new Set<string>();
      for (const entry of journal) {
        if (entry.type === 'start') assert.ok(!done.has(entry.key), `seed ${seed}: ${skill.name} made a finished call again (${entry.label})`);
        else if (entry.type === 'done') done.add(entry.key);
      }
    }
  }
});
