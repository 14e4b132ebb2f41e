import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel } from '../../../src/core/models/chat-model';
import { CallAbortedError, MissingApiKeyError, ProviderCallError } from '../../../src/core/models/model-errors';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { InProcessRolloutQueue, queuedTargetForSpec, queuedTargetOfSkill, RemoteJobError, type ResolveTarget, type RolloutJobData } from '../../../src/core/queue';

const request = { messages: [{ role: 'user' as const, content: 'Write a commit message.' }], label: 'rollout', skill: { name: 'commit-messages', text: '# Skill' } };

/** Resolves once `condition` holds (batches are sent a few ms after their calls arrive). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 5) {
    if (waited > 2_000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function queueOver(model: ChatModel, concurrency = 4): { queue: InProcessRolloutQueue; specs: string[] } {
  const specs: string[] = [];
  const resolve: ResolveTarget = async (spec) => {
    specs.push(spec);
    return model;
  };
  return { queue: new InProcessRolloutQueue(resolve, concurrency), specs };
}

test('a queued target call runs as a job on the worker side and returns its reply and usage', async () => {
  const worker = new ScriptedChatModel([{ text: 'feat: add login', usage: { inputTokens: 12, outputTokens: 4, cachedInputTokens: 0, costUsd: 0.001, latencyMs: 30 } }]);
  const { queue, specs } = queueOver(worker);
  const target = queuedTargetForSpec(queue, 'openai:gpt-5-mini');
  assert.equal(target.runsElsewhere, true);
  assert.equal(target.provider, 'openai');
  const response = await target.complete({ ...request, callKey: 'run-1:abc' });
  assert.equal(response.text, 'feat: add login');
  assert.equal(response.usage.outputTokens, 4);
  assert.deepEqual(specs, ['openai:gpt-5-mini']);
  // The job carries the request without the signal; API models get no skill field.
  assert.deepEqual(worker.calls[0]!.messages, request.messages);
  assert.equal(worker.calls[0]!.bypassCache, true);
});

test('an agent-CLI target is queued as a model that installs the skill itself', () => {
  const { queue } = queueOver(new ScriptedChatModel());
  assert.equal(queuedTargetForSpec(queue, 'claude-code:sonnet').installsSkills, true);
  assert.equal(queuedTargetForSpec(queue, 'sim:target').installsSkills, false);
});

test('the same journal key asked twice (a resumed coordinator) is one job: paid once, both callers answered', async () => {
  let calls = 0;
  const worker = new ScriptedChatModel([], {
    fallback: async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'answer';
    },
  });
  const { queue } = queueOver(worker);
  const target = queuedTargetForSpec(queue, 'openai:gpt-5-mini');
  const [first, second] = await Promise.all([target.complete({ ...request, callKey: 'run-1:same' }), target.complete({ ...request, callKey: 'run-1:same' })]);
  assert.equal(first.text, 'answer');
  assert.equal(second.text, 'answer');
  // Asked again after it finished: answered from the job's result.
  assert.equal((await target.complete({ ...request, callKey: 'run-1:same' })).text, 'answer');
  assert.equal(calls, 1);
  // Calls without a key (eval) are separate jobs.
  await target.complete(request);
  await target.complete(request);
  assert.equal(calls, 3);
});

test("a worker's provider failure crosses back as a ProviderCallError of the same kind (a task-level failure)", async () => {
  const failure = new ProviderCallError({ provider: 'openai', kind: 'rate_limit', status: 429, retryAfterMs: 2000, message: 'openai refused the call with 429 (gave up after 5 attempts)' });
  const { queue } = queueOver(new ScriptedChatModel([failure]));
  const error = await queuedTargetForSpec(queue, 'openai:gpt-5-mini').complete({ ...request, callKey: 'k' }).catch((caught: unknown) => caught);
  assert.ok(error instanceof ProviderCallError);
  assert.equal(error.kind, 'rate_limit');
  assert.equal(error.status, 429);
  assert.equal(error.retryAfterMs, 2000);
  assert.match(error.message, /gave up after 5 attempts.*on worker in-process/);
});

test('any other worker failure (a missing key there) stops the run with its code and the worker named', async () => {
  const queue = new InProcessRolloutQueue(async () => {
    throw new MissingApiKeyError('openai', 'OPENAI_API_KEY');
  });
  const error = await queuedTargetForSpec(queue, 'openai:gpt-5-mini').complete(request).catch((caught: unknown) => caught);
  assert.ok(error instanceof RemoteJobError);
  assert.equal(error.code, 'missing_api_key');
  assert.match(error.message, /^Queue worker in-process: .*OPENAI_API_KEY/);
});

test('a cancelled call is withdrawn from the queue before a worker takes it', async () => {
  let release!: () => void;
  const busy = new Promise<void>((resolve) => (release = resolve));
  const worker = new ScriptedChatModel([], {
    fallback: async () => {
      await busy;
      return 'late';
    },
  });
  // One job at a time: the second batch waits in the queue.
  const { queue } = queueOver(worker, 1);
  const target = queuedTargetForSpec(queue, 'openai:gpt-5-mini');
  const running = target.complete({ ...request, callKey: 'first' });
  await until(async () => (await queue.status()).active === 1);
  const controller = new AbortController();
  const waiting = target.complete({ ...request, callKey: 'second', signal: controller.signal });
  await until(async () => (await queue.status()).waiting === 1);
  assert.deepEqual(await queue.status(), { workers: 1, active: 1, waiting: 1 });
  controller.abort();
  await assert.rejects(waiting, CallAbortedError);
  assert.deepEqual(await queue.status(), { workers: 1, active: 1, waiting: 0 });
  release();
  assert.equal((await running).text, 'late');
  assert.equal(worker.calls.length, 1);
});

test("an agent-CLI target's trajectory comes back from the worker with the reply, for the optimizer's evidence", async () => {
  const trajectory = { steps: [{ type: 'text' as const, text: 'Reading the diff first.' }], skippedLines: 1 };
  const worker = new ScriptedChatModel([{ text: 'fix: handle empty files', usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, costUsd: 0, latencyMs: 1 }, trajectory }], { spec: 'claude-code:sonnet', installsSkills: true });
  const { queue } = queueOver(worker);
  const response = await queuedTargetForSpec(queue, 'claude-code:sonnet').complete({ ...request, callKey: 'run-1:agent' });
  assert.deepEqual(response.trajectory, trajectory);
  // The skill travels in the job for the worker's CLI to install in its temporary project.
  assert.deepEqual(worker.calls[0]!.skill, request.skill);
});

test("a skill's queued sim: target carries the skill's tasks and seed (the worker builds the same world); other targets carry none", async () => {
  const simulations: RolloutJobData['simulation'][] = [];
  const queue = new InProcessRolloutQueue(async (_spec, simulation) => {
    simulations.push(simulation);
    return new ScriptedChatModel([], { fallback: async () => 'ok' });
  });
  const taskSet = { source: '/skills/commit-messages/evals/evals.json', tasks: [{ id: 't1', prompt: 'Write a commit message.' }], sim: { baseline: 0.4 } } as never;
  let asked = 0;
  const skill = {
    seed: 7,
    taskSet: async () => {
      asked += 1;
      return taskSet;
    },
  };
  await (await queuedTargetOfSkill(queue, 'sim:demo', skill)).complete({ ...request, callKey: 'run-1:a' });
  assert.deepEqual(simulations[0], { seed: 7, taskSet });
  await (await queuedTargetOfSkill(queue, 'openai:gpt-5-mini', skill)).complete({ ...request, callKey: 'run-1:b' });
  assert.equal(simulations[1], undefined);
  assert.equal(asked, 1, 'only a sim: target reads the tasks');
});
