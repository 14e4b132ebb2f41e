import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { createSimulatedModel, createSimulatedWorld } from '../../../src/core/models/sim';
import { openRunStore } from '../../../src/core/store/run-store';
import { loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { splitTasks } from '../../../src/core/tasks/split-tasks';
import { planTrainingCalls } from '../../../src/core/training/training-call-plan';
import { resolveTrainingConfig } from '../../../src/core/training/training-config';
import { startTraining } from '../../../src/core/training/trainer';

const exampleSkillDir = resolve('skills/commit-messages');

function counting(model: ChatModel, counter: { calls: number }): ChatModel {
  return { ...model, complete: (request) => ((counter.calls += 1), model.complete(request)) };
}

for (const [what, options] of [
  ['', {}],
  [' with 3 trials and validation rotation', { gate: { trials: 3 }, rotateValidation: true }],
] as const) test(`the call plan of a simulated run${what} is close to the calls the run makes`, async () => {
  const taskSet = await loadTaskSet(exampleSkillDir);
  const tasks = splitTasks(taskSet.tasks, { seed: 42 });
  const skillText = await readFile(join(exampleSkillDir, 'SKILL.md'), 'utf8');
  const config = resolveTrainingConfig({ epochs: 2, seed: 42, ...options });
  const world = createSimulatedWorld(taskSet, { seed: 42 });
  const counts = { target: { calls: 0 }, optimizer: { calls: 0 }, judge: { calls: 0 } };
  const workspace = await mkdtemp(join(tmpdir(), 'call-plan-'));
  try {
    await startTraining({
      skillPath: join(exampleSkillDir, 'SKILL.md'),
      skillText,
      tasks,
      models: {
        target: counting(createSimulatedModel('sim:target', world), counts.target),
        optimizer: counting(createSimulatedModel('sim:optimizer', world), counts.optimizer),
        judge: counting(createSimulatedModel('sim:judge', world), counts.judge),
      },
      store: openRunStore(workspace),
      config,
      trusted: false,
    });
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }

  const plan = planTrainingCalls({ skillText, tasks, config, specs: { target: 'sim:target', optimizer: 'sim:optimizer', judge: 'sim:judge' } });
  // Validation scores are cached by skill hash, so a run makes at most the planned
  // target calls; it never makes fewer than half of them with two epochs.
  for (const role of ['target', 'judge', 'optimizer'] as const) {
    const planned = plan[role]!.calls;
    const actual = counts[role].calls;
    assert.ok(actual > 0, `${role}: no calls were made`);
    assert.ok(actual <= planned * 1.25, `${role}: ${actual} calls made, ${planned} planned`);
    assert.ok(actual >= planned * 0.4, `${role}: ${actual} calls made, only ${planned} planned`);
  }
  assert.ok(plan.target!.inputTokensPerCall > plan.target!.outputTokensPerCall, 'the skill and prompt are bigger than a commit message');
});

test('without tasks that need a judge there is no judge role, and more epochs mean more calls', () => {
  const task = { id: 't', prompt: 'Say hi', rubric: { hard: [], soft: [] }, assert: [{ type: 'contains', value: 'hi' }] };
  const tasks = { train: [task, { ...task, id: 'u' }], val: [{ ...task, id: 'v' }], test: [] };
  const specs = { target: 'openai:gpt-5-mini', optimizer: 'openai:gpt-5', judge: 'openai:gpt-5-mini' };
  const short = planTrainingCalls({ skillText: '# Skill', tasks, config: resolveTrainingConfig({ epochs: 1 }), specs });
  const long = planTrainingCalls({ skillText: '# Skill', tasks, config: resolveTrainingConfig({ epochs: 4 }), specs });
  assert.equal(short.judge, undefined);
  assert.ok(long.target!.calls > short.target!.calls);
  assert.ok(long.optimizer!.calls > short.optimizer!.calls);
});
