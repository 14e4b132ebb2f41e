import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom } from '../../../src/core/tasks/seeded-random';
import { readJsonLines } from '../../../src/core/store/jsonl-file';
import type { JournalRecord } from '../../../src/core/training/call-journal';
import { comparableSteps, runExample } from './sim-run-helpers';

const child = 'test/fixtures/training/train-child.ts';
/** Pretended latency of each simulated call (ms), so a run lasts about three seconds. */
const latencyMs = 40;

/** Runs the child; kills it `killAfterMs` after it started (undefined: let it finish). */
function runChild(args: string[], killAfterMs?: number): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const process_ = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    process_.stdout.on('data', (chunk: Buffer) => {
      const first = stdout === '';
      stdout += chunk.toString();
      if (first && killAfterMs !== undefined) {
        setTimeout(() => {
          killed = process_.exitCode === null;
          process_.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process_.on('exit', (code) => resolve({ code, killed, stdout, stderr }));
  });
}

test('a training process killed at random points resumes to the identical result, never repeating a finished call', { timeout: 300_000 }, async () => {
  const reference = await runExample();
  const expectedSkill = await readFile(reference.result.trainedSkillPath!, 'utf8');
  const expectedSteps = await comparableSteps(reference.workspace, reference.result.runId);
  const expectedDone = (await readJsonLines<JournalRecord>(join(reference.result.runDir, 'calls.jsonl'))).filter((r) => r.type === 'done').map((r) => r.key).sort();

  for (const seed of [1, 2, 3]) {
    const random = createSeededRandom(seed);
    const workspace = await mkdtemp(join(tmpdir(), `kill-${seed}-`));
    const runId = `kill-run-${seed}`;
    const callLog = join(workspace, 'inner-calls.log');
    let kills = 0;
    let finished = false;
    const statePath = join(workspace, '.skill-trainer', 'runs', runId, 'state.json');
    for (let attempt = 0; attempt < 12 && !finished; attempt += 1) {
      // The first attempts are killed 0.15–1.2 s after starting (a whole run takes about 2 s); later ones run to the end.
      const killAfter = attempt < 4 ? 150 + Math.floor(random() * 1050) : undefined;
      const outcome = await runChild([attempt === 0 ? 'start' : 'resume', workspace, runId, callLog, String(latencyMs)], killAfter);
      if (outcome.killed) {
        kills += 1;
        // A kill can land after the run committed its end but before the process exited.
        const state = JSON.parse(await readFile(statePath, 'utf8').catch(() => '{}')) as { cursor?: { phase: string } };
        finished = state.cursor?.phase === 'done';
        continue;
      }
      assert.equal(outcome.code, 0, `attempt ${attempt} failed: ${outcome.stderr}`);
      assert.equal((JSON.parse(outcome.stdout.trim().split('\n').at(-1)!) as { status: string }).status, 'finished');
      finished = true;
    }
    assert.ok(finished, `seed ${seed}: the run never finished`);
    assert.ok(kills >= 1, `seed ${seed}: no kill landed before the run finished`);
    const trained = join(workspace, '.skill-trainer', 'runs', runId, 'trained', 'SKILL.md');
    assert.equal(await readFile(trained, 'utf8'), expectedSkill, `seed ${seed}: trained skill`);
    assert.deepEqual(await comparableSteps(workspace, runId), expectedSteps, `seed ${seed}: every score and decision`);

    // No finished call was made again: no call starts after it is recorded done, and the
    // finished calls are exactly those of an uninterrupted run.
    const journal = await readJsonLines<JournalRecord>(join(workspace, '.skill-trainer', 'runs', runId, 'calls.jsonl'));
    const done = new Set<string>();
    for (const record of journal) {
      if (record.type === 'start') assert.ok(!done.has(record.key), `seed ${seed}: a finished call was made again (${record.label})`);
      else if (record.type === 'done') done.add(record.key);
    }
    assert.deepEqual([...done].sort(), expectedDone, `seed ${seed}: finished calls`);
    // Every call that reached the model went through the journal.
    const innerCalls = (await readFile(callLog, 'utf8')).trim().split('\n').length;
    const starts = journal.filter((record) => record.type === 'start').length;
    assert.ok(innerCalls <= starts && starts - innerCalls <= kills * 24, `seed ${seed}: ${innerCalls} model calls, ${starts} journal starts, ${kills} kills`);
  }
});
