/**
 * steps.jsonl and rollouts.jsonl missing committed records in the middle (not just a
 * torn last line) are detected against the saved state, rebuilt from calls.jsonl by
 * replaying the journal, and otherwise reported exactly. Before, resume warned of a
 * torn last line at most and the records were silently gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunStore } from '../../../src/core/store/run-store';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { comparableSteps, exampleSetup, resumeExample, runExample } from './sim-run-helpers';

/** A run of the example cancelled once step 3 is committed. */
async function runStoppedAfterStep3() {
  const controller = new AbortController();
  const stopped = await runExample({
    input: {
      signal: controller.signal,
      onEvent: (event: TrainingEvent) => {
        if (event.type === 'step_started' && event.step === 4) controller.abort();
      },
    },
  });
  assert.equal(stopped.result.status, 'cancelled');
  assert.equal(stopped.result.stepsDone, 3);
  return stopped;
}

/** Drops the lines of a JSON-lines file for which `drop` holds. */
async function dropLines(path: string, drop: (record: Record<string, unknown>, index: number) => boolean): Promise<number> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
  const kept = lines.filter((line, index) => !drop(JSON.parse(line) as Record<string, unknown>, index));
  await writeFile(path, kept.map((line) => `${line}\n`).join(''));
  return lines.length - kept.length;
}

/** Resumes with a new simulated world (as a new process would), keeping the warnings. */
async function resumeInFreshProcess(store: RunStore, runId: string) {
  const warnings: string[] = [];
  const resumed = await resumeExample(store, (await exampleSetup()).world, runId, {
    onEvent: (event) => {
      if (event.type === 'warning') warnings.push(event.message);
    },
  });
  return { resumed, warnings };
}

test('records lost in the middle of steps.jsonl and rollouts.jsonl are rebuilt from the journal; the run ends as if nothing happened', async () => {
  const reference = await runExample();
  const { store, result } = await runStoppedAfterStep3();
  const folder = result.runDir;
  assert.equal(await dropLines(join(folder, 'steps.jsonl'), (record) => record.kind === 'step' && (record.step === 2 || record.step === 3)), 2);
  assert.ok((await dropLines(join(folder, 'rollouts.jsonl'), (record) => record.step === 2)) > 0);

  const { resumed, warnings } = await resumeInFreshProcess(store, result.runId);
  assert.equal(resumed.status, 'finished');
  const damage = warnings.find((message) => message.includes('were damaged'));
  assert.ok(damage, warnings.join('\n'));
  assert.match(damage, /steps\.jsonl lacks the records of step 2, step 3 \(\d+ bytes shorter than the saved state recorded\); rollouts\.jsonl lacks every rollout of step 2 \(\d+ bytes shorter/);
  assert.match(damage, /rebuilt from calls\.jsonl by replaying the run's journal, without any model call; the damaged files were kept as \S+steps\.jsonl\.damaged-\S+ and \S+rollouts\.jsonl\.damaged-/);
  assert.deepEqual(await comparableSteps(store.root.replace(/[\\/]\.skill-trainer$/, ''), result.runId), await comparableSteps(reference.workspace, reference.result.runId));
  assert.equal(await readFile(join(folder, 'rollouts.jsonl'), 'utf8'), await readFile(join(reference.result.runDir, 'rollouts.jsonl'), 'utf8'));
});

test('when the journal cannot rebuild them, resume says exactly what is lost and goes on from the saved state', async () => {
  const { store, result } = await runStoppedAfterStep3();
  const folder = result.runDir;
  await dropLines(join(folder, 'steps.jsonl'), (record) => record.kind === 'step' && record.step === 2);
  // The journal lost its first half too.
  const journal = (await readFile(join(folder, 'calls.jsonl'), 'utf8')).split('\n').filter(Boolean);
  await writeFile(join(folder, 'calls.jsonl'), journal.slice(Math.floor(journal.length / 2)).map((line) => `${line}\n`).join(''));

  const { resumed, warnings } = await resumeInFreshProcess(store, result.runId);
  assert.equal(resumed.status, 'finished');
  const damage = warnings.find((message) => message.includes('are damaged'));
  assert.ok(damage, warnings.join('\n'));
  assert.match(damage, /steps\.jsonl lacks the records of step 2 \(\d+ bytes shorter than the saved state recorded\)\. They cannot be rebuilt from calls\.jsonl \(calls\.jsonl holds no reply for a \w+ call to sim:demo the run made\), so that history is lost: the run resumes from its saved state/);
  const steps = (await readFile(join(folder, 'steps.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { kind: string; step: number });
  assert.deepEqual(steps.filter((record) => record.kind === 'step').map((record) => record.step), [1, 3, 4]);
});
