import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { BudgetExceededError } from '../../../src/core/models/policies/budget-tracker';
import { readRun } from '../../../src/core/store/run-reader';
import { RunLockedError } from '../../../src/core/store/store-errors';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { startTraining } from '../../../src/core/training/trainer';
import { comparableSteps, exampleSetup, newWorkspace, resumeExample, runExample, simModels } from './sim-run-helpers';

async function uninterrupted() {
  let events = 0;
  const run = await runExample({ input: { onEvent: () => (events += 1) } });
  return { skill: await readFile(run.result.trainedSkillPath!, 'utf8'), steps: await comparableSteps(run.workspace, run.result.runId), test: run.result.test, events };
}

test('a run cancelled at any of several points resumes to the same result as an uninterrupted run', async () => {
  const expected = await uninterrupted();
  // Cut early (baseline), in steps, at epoch ends and during the final evaluation.
  for (const fraction of [0.005, 0.2, 0.45, 0.7, 0.97]) {
    const cutAt = Math.max(2, Math.round(expected.events * fraction));
    const controller = new AbortController();
    let events = 0;
    const first = await runExample({ input: { signal: controller.signal, onEvent: () => (++events === cutAt ? controller.abort() : undefined) } });
    assert.equal(first.result.status, 'cancelled', `cut at event ${cutAt}`);
    assert.match(first.result.message!, new RegExp(`skill-trainer resume ${first.result.runId}`));
    assert.equal((await readRun(first.workspace, first.result.runId)).status, 'cancelled');
    const resumed = await resumeExample(first.store, first.world, first.result.runId);
    assert.equal(resumed.status, 'finished');
    assert.equal(await readFile(resumed.trainedSkillPath!, 'utf8'), expected.skill);
    assert.deepEqual(await comparableSteps(first.workspace, first.result.runId), expected.steps, `steps after a cut at event ${cutAt}`);
    assert.deepEqual(resumed.test, expected.test);
  }
});

test('a budget stop leaves the run resumable and says so', async () => {
  const expected = await uninterrupted();
  let calls = 0;
  const capped = (model: ChatModel): ChatModel => ({
    ...model,
    complete: async (request) => {
      calls += 1;
      if (calls === 120) throw new BudgetExceededError('cost', { spec: 'sim:demo', costUsd: 0.1, tokens: 100 } as never, { spentUsd: 1, reservedUsd: 0, tokensUsed: 0, reservedTokens: 0, limits: { maxCostUsd: 1 } } as never);
      return model.complete(request);
    },
  });
  const first = await runExample({ wrap: capped });
  assert.equal(first.result.status, 'budget_stopped');
  assert.match(first.result.message!, /budget/);
  assert.match(first.result.message!, /resume/);
  const resumed = await resumeExample(first.store, first.world, first.result.runId);
  assert.equal(await readFile(resumed.trainedSkillPath!, 'utf8'), expected.skill);
  assert.deepEqual(await comparableSteps(first.workspace, first.result.runId), expected.steps);
});

test('a second run on the same skill is refused while the first is training', async () => {
  const setup = await exampleSetup();
  const { store } = await newWorkspace();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = (model: ChatModel): ChatModel => ({ ...model, complete: async (request) => { await gate; return model.complete(request); } });
  const input = { skillPath: setup.skillPath, skillText: setup.skillText, tasks: setup.tasks, store, config: resolveTrainingConfig(), trusted: false };
  const first = startTraining({ ...input, models: simModels(setup.world, slow) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await assert.rejects(startTraining({ ...input, models: simModels(setup.world) }), RunLockedError);
  release();
  assert.equal((await first).status, 'finished');
});

test('a statistical run with trials and validation rotation, cancelled at several points, resumes to the same result', async () => {
  // The per-task trial scores and the validation keys live in state.json: resume must read them back whole.
  const config = { gate: { rule: 'statistical' as const, trials: 3 }, rotateValidation: true };
  let events = 0;
  const whole = await runExample({ config, input: { onEvent: () => (events += 1) } });
  const expected = { skill: await readFile(whole.result.trainedSkillPath!, 'utf8'), steps: await comparableSteps(whole.workspace, whole.result.runId) };
  for (const fraction of [0.3, 0.6, 0.9]) {
    const controller = new AbortController();
    let seen = 0;
    const cutAt = Math.round(events * fraction);
    const first = await runExample({ config, input: { signal: controller.signal, onEvent: () => (++seen === cutAt ? controller.abort() : undefined) } });
    assert.equal(first.result.status, 'cancelled', `cut at event ${cutAt}`);
    const resumed = await resumeExample(first.store, first.world, first.result.runId);
    assert.equal(resumed.status, 'finished');
    assert.equal(await readFile(resumed.trainedSkillPath!, 'utf8'), expected.skill);
    assert.deepEqual(await comparableSteps(first.workspace, first.result.runId), expected.steps, `steps after a cut at event ${cutAt}`);
  }
});
