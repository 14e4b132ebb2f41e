import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallAbortedError, ProviderCallError } from '../../../src/core/models/model-errors';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';

const ask = (content: string, extra = {}) => ({ messages: [{ role: 'user' as const, content }], ...extra });

test('replies come from the queue in order and every call is recorded', async () => {
  const model = new ScriptedChatModel(['first', { text: 'second', usage: { inputTokens: 5, outputTokens: 2, cachedInputTokens: 0, costUsd: 0.001, latencyMs: 12 } }]);
  assert.equal((await model.complete(ask('a'))).text, 'first');
  const second = await model.complete(ask('b', { label: 'judge' }));
  assert.equal(second.text, 'second');
  assert.equal(second.usage.inputTokens, 5);
  assert.deepEqual(model.calls.map((call) => [call.messages[0].content, call.label]), [['a', undefined], ['b', 'judge']]);
  assert.equal(model.pendingReplies, 0);
});

test('a function reply sees the request and the call index', async () => {
  const model = new ScriptedChatModel([(request, index) => `${index}:${request.messages[0].content.toUpperCase()}`]);
  model.enqueue(async () => 'later');
  assert.equal((await model.complete(ask('hi'))).text, '0:HI');
  assert.equal((await model.complete(ask('x'))).text, 'later');
});

test('an error reply is thrown as it is, and the call is still recorded', async () => {
  const failure = new ProviderCallError({ provider: 'anthropic', kind: 'rate_limit', status: 429, retryAfterMs: 1000, message: 'slow down' });
  const model = new ScriptedChatModel([failure, 'ok']);
  await assert.rejects(model.complete(ask('a')), failure);
  assert.equal((await model.complete(ask('b'))).text, 'ok');
  assert.equal(model.calls.length, 2);
});

test('an empty queue throws a message naming the call, unless a fallback answers', async () => {
  await assert.rejects(new ScriptedChatModel().complete(ask('a', { label: 'rollout' })), /has no reply queued for call 1 \(label 'rollout'\)/);
  const model = new ScriptedChatModel(['queued'], { fallback: () => 'fallback' });
  assert.equal((await model.complete(ask('a'))).text, 'queued');
  assert.equal((await model.complete(ask('b'))).text, 'fallback');
  assert.equal((await model.complete(ask('c'))).text, 'fallback');
});

test('an aborted request throws CallAbortedError without using a reply', async () => {
  const controller = new AbortController();
  controller.abort();
  const model = new ScriptedChatModel(['kept']);
  await assert.rejects(model.complete(ask('a', { signal: controller.signal })), CallAbortedError);
  assert.equal(model.pendingReplies, 1);
});

test('spec, provider and model come from the spec string', () => {
  const model = new ScriptedChatModel([], { spec: 'openai:gpt-5-mini', installsSkills: true });
  assert.deepEqual([model.spec, model.provider, model.model, model.installsSkills], ['openai:gpt-5-mini', 'openai', 'gpt-5-mini', true]);
  assert.deepEqual([new ScriptedChatModel().provider, new ScriptedChatModel().model], ['scripted', 'model']);
});
