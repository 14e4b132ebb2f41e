/**
 * The gate's rules, trials and validation rotation inside a simulated training run, and
 * the test split's place in it: never shown to the optimizer, never used by the gate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSimulatedWorld } from '../../../src/core/models/sim';
import { readRolloutRecords, readStepRecords } from '../../../src/core/store/run-reader';
import type { EpochEndRecord, TrainingStepRecord } from '../../../src/core/store/run-records';
import { loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { splitTasks } from '../../../src/core/tasks/split-tasks';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { startTraining } from '../../../src/core/training/trainer';
import { exampleSetup, exampleSkillDir, newWorkspace, runExample, simModels } from './sim-run-helpers';

const stepsOf = async (workspace: string, runId: string) => (await readStepRecords(workspace, runId)).filter((record): record is TrainingStepRecord => record.kind === 'step');

test('the test split is never shown to the optimizer nor used by the gate, also with validation rotation; the result says so', async () => {
  const { result, workspace, tasks } = await runExample({ config: { rotateValidation: true } });
  assert.equal(result.status, 'finished');
  assert.deepEqual(result.testSplit, { count: tasks.test.length, scored: true, rotated: true });
  const testIds = new Set(tasks.test.map((task) => task.id));

  // Every rollout of a test task is the final test scoring; no validation ever used one.
  const rollouts = await readRolloutRecords(workspace, result.runId);
  for (const record of rollouts.filter((entry) => testIds.has(entry.taskId))) assert.equal(record.phase, 'test', `${record.taskId} in ${record.phase}`);
  assert.ok(rollouts.some((record) => record.phase === 'test'));

  // No optimizer prompt holds a test task's prompt or expected output.
  const promptsDir = join(result.runDir, 'prompts');
  const texts = await Promise.all((await readdir(promptsDir)).filter((name) => name.endsWith('.md')).map((name) => readFile(join(promptsDir, name), 'utf8')));
  assert.ok(texts.length > 10);
  for (const task of tasks.test) {
    for (const text of texts) {
      assert.ok(!text.includes(task.prompt), `test task ${task.id}'s prompt reached the optimizer`);
      if (task.expectedOutput) assert.ok(!text.includes(task.expectedOutput), `test task ${task.id}'s expected output reached the optimizer`);
    }
  }

  // Rotation: each later epoch validates on the next tasks of train and validation, never test.
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  const rotations = epochEnds.map((record) => record.rotation).filter((rotation) => rotation !== undefined);
  assert.deepEqual(rotations.map((rotation) => rotation.nextEpoch), [2, 3, 4]);
  const originalVal = tasks.val.map((task) => task.id).sort();
  for (const rotation of rotations) {
    assert.equal(rotation.validationTaskIds.length, tasks.val.length);
    assert.ok(rotation.validationTaskIds.every((id) => !testIds.has(id)));
    // The candidates of that epoch were validated on exactly these tasks.
    const validated = new Set(rollouts.filter((record) => record.phase === 'validation' && record.epoch === rotation.nextEpoch).map((record) => record.taskId));
    assert.deepEqual([...validated].sort(), [...rotation.validationTaskIds].sort(), `epoch ${rotation.nextEpoch}`);
  }
  assert.notDeepEqual([...rotations[0]!.validationTaskIds].sort(), originalVal, 'epoch 2 validates on other tasks');
});

test('with the statistical rule every validated step records its p-value, and only significant gains are kept', async () => {
  const { result, workspace } = await runExample({ config: { gate: { rule: 'statistical' } } });
  assert.equal(result.status, 'finished');
  const steps = (await stepsOf(workspace, result.runId)).filter((step) => step.validation !== undefined);
  assert.ok(steps.length > 0);
  for (const step of steps) {
    assert.equal(step.gate?.rule, 'statistical');
    assert.equal(step.gate?.tasks, 6);
    assert.equal(typeof step.gate?.pValue, 'number');
    if (step.action === 'accept' || step.action === 'accept_new_best') assert.ok(step.gate!.pValue! <= 0.05, `step ${step.step} p ${step.gate!.pValue}`);
  }
});

test('gate.trials runs every validation and test task K times with distinct samples; a flaky task gets a pass rate', async () => {
  // The example with its validation tasks made flaky: a sample slips on its first rule half the time.
  const taskSet = await loadTaskSet(exampleSkillDir);
  const tasks = splitTasks(taskSet.tasks, { seed: 42 });
  const valIds = new Set(tasks.val.map((task) => task.id));
  const flaky = { ...taskSet, tasks: taskSet.tasks.map((task) => (valIds.has(task.id) ? { ...task, sim: { ...(task.sim as object), flakiness: 0.5 } } : task)) };
  const world = createSimulatedWorld(flaky, { seed: 42 });
  const { skillPath, skillText } = await exampleSetup();
  const { workspace, store } = await newWorkspace();
  const result = await startTraining({
    skillPath,
    skillText,
    tasks: splitTasks(flaky.tasks, { seed: 42 }),
    models: simModels(world),
    store,
    config: resolveTrainingConfig({ seed: 42, epochs: 1, gate: { trials: 3, rule: 'no-regression' } }),
    trusted: false,
  });
  assert.equal(result.status, 'finished');
  const validation = await readRolloutRecords(workspace, result.runId, { phase: 'validation' });
  assert.deepEqual([...new Set(validation.map((record) => record.trial))].sort(), [0, 1, 2]);
  // Each validated skill ran each task three times, once per trial: the cache kept any skill from being scored twice.
  const runsPerSkillAndTask = new Map<string, number>();
  for (const record of validation) runsPerSkillAndTask.set(`${record.skillHash}|${record.taskId}`, (runsPerSkillAndTask.get(`${record.skillHash}|${record.taskId}`) ?? 0) + 1);
  assert.ok([...runsPerSkillAndTask.values()].every((count) => count === 3), JSON.stringify([...runsPerSkillAndTask.values()]));
  // Flaky samples differ between trials, so some task's pass rate lies strictly between 0 and 1.
  const baseline = (await readStepRecords(workspace, result.runId)).find((record) => record.kind === 'baseline')!;
  const sixths = baseline.validation.hard * 18;
  assert.ok(Math.abs(sixths - Math.round(sixths)) < 1e-9 && Math.round(sixths) % 3 !== 0, `baseline hard ${baseline.validation.hard} is not a whole number of tasks`);
  const testRuns = await readRolloutRecords(workspace, result.runId, { phase: 'test' });
  assert.deepEqual([...new Set(testRuns.map((record) => record.trial))].sort(), [0, 1, 2]);
  const steps = (await stepsOf(workspace, result.runId)).filter((step) => step.validation !== undefined);
  for (const step of steps) assert.equal(step.gate?.rule, 'no-regression');
});
