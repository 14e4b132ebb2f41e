import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentTrajectory } from '../../../src/core/models/agent-trajectory';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { readRolloutRecords } from '../../../src/core/store/run-reader';
import type { TrainingEvent } from '../../../src/core/training';
import { resumeTraining } from '../../../src/core/training/trainer';
import { runExample, simModel } from './sim-run-helpers';

/** What the stand-in agent did for a task: read its input, fail once, answer. */
function trajectoryFor(request: ChatRequest): AgentTrajectory {
  const prompt = request.messages.at(-1)?.content ?? '';
  return {
    skippedLines: 1,
    steps: [
      { type: 'tool_call', name: 'Bash', input: `{"command":"echo ${prompt.slice(0, 20).replace(/"/g, '')}"}`, callId: 'c1' },
      { type: 'tool_result', name: 'Bash', output: `${'log line\n'.repeat(500)}DONE`, callId: 'c1' },
      { type: 'tool_result', name: 'Read', output: '', error: 'File does not exist.' },
    ],
  };
}

/** The run's models with an agent-like target: the simulated world's answers plus a trajectory for every rollout. */
function agentTarget(sim: ChatModel): ChatModel {
  return {
    spec: sim.spec,
    provider: sim.provider,
    model: sim.model,
    complete: async (request) => {
      const response = await sim.complete(request);
      return request.label === 'rollout' ? { ...response, trajectory: trajectoryFor(request) } : response;
    },
  };
}

/** Records every reflect prompt the optimizer is sent. */
function recordingReflects(sim: ChatModel, prompts: string[]): ChatModel {
  return {
    ...sim,
    spec: sim.spec,
    provider: sim.provider,
    model: sim.model,
    complete: (request) => {
      if (request.label === 'reflect') prompts.push(request.messages.at(-1)?.content ?? '');
      return sim.complete(request);
    },
  };
}

test("an agent target's trajectories reach the reflect prompts, bounded, and are kept in the rollout records", async () => {
  const reflects: string[] = [];
  const warnings: string[] = [];
  const withAgent = await runExample({
    config: { epochs: 1 },
    input: { onEvent: (event: TrainingEvent) => (event.type === 'warning' ? warnings.push(event.message) : undefined) },
    models: (world) => ({ target: agentTarget(simModel(world)), optimizer: recordingReflects(simModel(world), reflects), judge: simModel(world) }),
  });
  assert.equal(withAgent.result.status, 'finished');
  assert.ok(reflects.length > 0);
  for (const prompt of reflects) {
    assert.match(prompt, /<trajectory steps="3">\n\[tool call Bash\] \{"command":"echo /);
    // 4,504 characters of output, 2,000 shown: its first and last thousand around the note.
    assert.ok(/\[tool result Bash\] log line\n[^[]{991}\n\[… 2504 characters left out …\]\n[^[]{996}DONE\n/.test(prompt), 'the long output is cut with a note');
    assert.match(prompt, /\[tool error Read\] File does not exist\./);
    assert.match(prompt, /\[1 line\(s\) of the agent's output could not be read and are missing here\]/);
  }
  const records = await readRolloutRecords(withAgent.workspace, withAgent.result.runId);
  const train = records.filter((record) => record.phase === 'train');
  assert.ok(train.length > 0 && train.every((record) => record.trajectory?.steps.length === 3));
  assert.match(warnings.find((message) => /could not be read as session events/.test(message)) ?? '', /printed \d+ line\(s\) .* skipped/);
});

test("a resumed run replays the interrupted step's rollouts with their trajectories from the journal", async () => {
  const controller = new AbortController();
  // Stop as the first step's reflect stage starts: its rollouts are journaled, not yet reflected on.
  const first = await runExample({
    config: { epochs: 1 },
    input: {
      signal: controller.signal,
      onEvent: (event: TrainingEvent) => (event.type === 'stage_started' && event.stage === 'reflect' ? controller.abort() : undefined),
    },
    models: (world) => ({ target: agentTarget(simModel(world)), optimizer: simModel(world), judge: simModel(world) }),
  });
  const { world } = first;
  assert.equal(first.result.status, 'cancelled');

  // Resumed with a target that gives no trajectories: any the optimizer sees come from the journal.
  const reflects: string[] = [];
  const resumed = await resumeTraining({
    runId: first.result.runId,
    store: first.store,
    models: { target: simModel(world), optimizer: recordingReflects(simModel(world), reflects), judge: simModel(world) },
  });
  assert.equal(resumed.status, 'finished');
  assert.match(reflects[0], /<trajectory steps="3">/, 'the interrupted step reflects on the journaled trajectories');
  const records = await readRolloutRecords(first.workspace, first.result.runId);
  const firstStep = records.filter((record) => record.phase === 'train' && record.step === Math.min(...records.filter((r) => r.phase === 'train').map((r) => r.step)));
  assert.ok(firstStep.length > 0 && firstStep.every((record) => record.trajectory?.steps.length === 3));
});
