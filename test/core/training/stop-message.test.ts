import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRun } from '../../../src/core/store/run-reader';
import { runExample } from './sim-run-helpers';

// A run stopped during its first step has finished no step: "after step 0" said otherwise.
test('a run stopped before its first step finished says so, and one stopped later names the step', async () => {
  const early = new AbortController();
  const first = await runExample({ input: { signal: early.signal, onEvent: (event) => (event.type === 'step_started' ? early.abort() : undefined) } });
  assert.equal(first.result.status, 'cancelled');
  assert.equal(first.result.stepsDone, 0);
  assert.match((await readRun(first.workspace, first.result.runId)).message ?? '', /was cancelled before its first step finished\./);
  assert.doesNotMatch(first.result.message ?? '', /after step 0/);

  const later = new AbortController();
  const second = await runExample({ input: { signal: later.signal, onEvent: (event) => (event.type === 'gate_decision' && event.step === 2 ? later.abort() : undefined) } });
  assert.equal(second.result.status, 'cancelled');
  assert.match(second.result.message ?? '', /was cancelled after step 2\./);
});
