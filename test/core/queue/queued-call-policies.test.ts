import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { createCallPolicies, withCallPolicies } from '../../../src/core/models/policies';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { CallJournal } from '../../../src/core/training/call-journal';

const ask = { messages: [{ role: 'user' as const, content: 'q' }], label: 'rollout' };

/** A model whose calls run on queue workers, answering after `ms`. */
function remote(answer: (request: ChatRequest) => Promise<string>): ChatModel & { inFlight: number; most: number } {
  const model = {
    spec: 'openai:gpt-5-mini',
    provider: 'openai',
    model: 'gpt-5-mini',
    runsElsewhere: true,
    inFlight: 0,
    most: 0,
    async complete(request: ChatRequest) {
      model.inFlight += 1;
      model.most = Math.max(model.most, model.inFlight);
      try {
        return { text: await answer(request), usage: { inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 0, costUsd: 99, latencyMs: 5 } };
      } finally {
        model.inFlight -= 1;
      }
    },
  };
  return model;
}

test("a model that runs elsewhere keeps the budget and the cost here, but not the retries or the per-provider limit (the workers' own)", async () => {
  const policies = createCallPolicies({ maxConcurrency: 1, budget: { maxCostUsd: 100 } });
  const model = remote(() => new Promise((resolve) => setTimeout(() => resolve('ok'), 20)));
  const wrapped = withCallPolicies(model, policies);
  assert.equal(wrapped.runsElsewhere, true);
  const replies = await Promise.all([wrapped.complete(ask), wrapped.complete(ask), wrapped.complete(ask)]);
  assert.deepEqual(replies.map((reply) => reply.text), ['ok', 'ok', 'ok']);
  // All three at once despite maxConcurrency 1: the limit lives with the workers (in Redis).
  assert.equal(model.most, 3);
  // The cost comes from this side's price table (gpt-5-mini input), not the worker's figure.
  assert.notEqual(replies[0]!.usage.costUsd, 99);
  assert.ok(policies.budget.snapshot().spentUsd > 0);

  let attempts = 0;
  const failing = withCallPolicies(
    remote(async () => {
      attempts += 1;
      throw new ProviderCallError({ provider: 'openai', kind: 'server', status: 503, message: 'openai: HTTP 503 (gave up after 5 attempts) (on worker w1)' });
    }),
    createCallPolicies(),
  );
  await assert.rejects(failing.complete(ask), ProviderCallError);
  // The worker already retried: the coordinator does not multiply its attempts.
  assert.equal(attempts, 1);
});

test('the journal hands each call its key, scoped by the run folder, for the queue to use as the job id', async () => {
  const runFolder = join(await mkdtemp(join(tmpdir(), 'journal-key-')), '20261206-101500-abc123');
  await mkdir(runFolder);
  const inner = new ScriptedChatModel([], { fallback: () => 'answer' });
  const journal = await CallJournal.open(join(runFolder, 'calls.jsonl'));
  const model = journal.wrap(inner, 'target', () => undefined);
  journal.beginUnit('step-1');
  await model.complete(ask);
  await model.complete(ask);
  const [first, second] = inner.calls.map((call) => call.callKey);
  assert.match(first!, /^20261206-101500-abc123:[0-9a-f]{64}$/);
  // A repeat within the unit is a fresh sample: another key, another job.
  assert.notEqual(first, second);
});
