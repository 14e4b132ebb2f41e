/**
 * A reply's tool calls and finish reason survive everything that stores or moves a
 * reply: the response cache (whose key tells tools apart), the run's call journal and
 * the queue between coordinator and worker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyUsage, type ChatRequest, type ChatResponse } from '../../../src/core/models/chat-model';
import { createCallPolicies, DiskResponseCache, responseCacheKey, withCallPolicies } from '../../../src/core/models/policies';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { InProcessRolloutQueue, queuedTargetForSpec } from '../../../src/core/queue';
import { CallJournal } from '../../../src/core/training/call-journal';

const forecast = { name: 'forecast', description: 'Weather forecast', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const request: ChatRequest = { messages: [{ role: 'user', content: 'Weather in Oslo?' }], tools: [forecast], toolChoice: 'required', label: 'rollout' };
const calling: ChatResponse = { text: '', toolCalls: [{ id: 'call_1', name: 'forecast', arguments: '{"city":"Oslo"}' }], finishReason: 'tool_calls', usage: { ...emptyUsage(), outputTokens: 9 } };

test("the response cache key tells tools and tool choices apart, and a request without tools keeps its former key", () => {
  const model = { provider: 'openai', model: 'gpt-5-mini' };
  const keys = new Set([
    responseCacheKey(model, request),
    responseCacheKey(model, { ...request, tools: [{ ...forecast, name: 'climate' }] }),
    responseCacheKey(model, { ...request, toolChoice: 'auto' }),
    responseCacheKey(model, { ...request, tools: undefined, toolChoice: undefined }),
  ]);
  assert.equal(keys.size, 4);
  assert.equal(responseCacheKey(model, { ...request, tools: [] }), responseCacheKey(model, { messages: request.messages, label: 'x' }));
});

/** Runs `run` in a fresh temporary directory, removed afterwards. */
async function inTemporaryDirectory(run: (directory: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'tool-calls-'));
  try {
    await run(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

test('a cached reply keeps its tool calls and finish reason', () =>
  inTemporaryDirectory(async (directory) => {
    const target = new ScriptedChatModel([calling], { spec: 'openai:gpt-5-mini' });
    const first = withCallPolicies(target, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    await first.complete(request);
    const fromDisk = withCallPolicies(target, createCallPolicies({ cache: new DiskResponseCache(directory) }));
    const cached = await fromDisk.complete(request);
    assert.equal(cached.cached, true);
    assert.deepEqual([cached.toolCalls, cached.finishReason], [calling.toolCalls, 'tool_calls']);
    assert.equal(target.calls.length, 1);
  }));

test("the run's journal replays a reply's tool calls and finish reason after reopening", () =>
  inTemporaryDirectory(async (directory) => {
    const path = join(directory, 'calls.jsonl');
    const target = new ScriptedChatModel([calling]);
    const journal = await CallJournal.open(path);
    journal.beginUnit('step-1');
    await journal.wrap(target, 'target', () => undefined).complete(request);
    await journal.flush();
    const reopened = await CallJournal.open(path);
    reopened.beginUnit('step-1');
    const replayed = await reopened.wrap(target, 'target', () => undefined).complete(request);
    assert.equal(replayed.cached, true);
    assert.deepEqual([replayed.toolCalls, replayed.finishReason], [calling.toolCalls, 'tool_calls']);
    assert.equal(target.calls.length, 1);
  }));

test('the queue carries the request tools to the worker and the calls back', async () => {
  const worker = new ScriptedChatModel([calling]);
  const queue = new InProcessRolloutQueue(async () => worker, 2);
  const response = await queuedTargetForSpec(queue, 'openai:gpt-5-mini').complete({ ...request, callKey: 'run-1:tools' });
  assert.deepEqual(worker.calls[0]!.tools, [forecast]);
  assert.equal(worker.calls[0]!.toolChoice, 'required');
  assert.deepEqual([response.toolCalls, response.finishReason], [calling.toolCalls, 'tool_calls']);
  await queue.close();
});
