import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatModel, ChatRequest } from '../../../src/core/models/chat-model';
import type { PromptLogEntry } from '../../../src/core/training/optimizer-prompt-log';
import { runExample } from './sim-run-helpers';

test('the prompts sent to the optimizer are stored with the run, each distinct message once, and every call is listed', async () => {
  const sent: ChatRequest[] = [];
  const wrap = (model: ChatModel): ChatModel => ({ spec: model.spec, provider: model.provider, model: model.model, complete: (request) => (sent.push(request), model.complete(request)) });
  const { result } = await runExample({ config: { epochs: 2 }, wrap });
  const folder = join(result.runDir, 'prompts');
  const calls = (await readFile(join(folder, 'calls.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as PromptLogEntry);
  const optimizerCalls = sent.filter((request) => !['rollout', 'judge'].includes(request.label ?? ''));
  assert.equal(calls.length, optimizerCalls.length);
  assert.deepEqual(calls.map((call) => call.label), optimizerCalls.map((request) => request.label));
  assert.ok(calls.some((call) => call.unit === 'step-1' && call.label === 'reflect'));
  // Every call's messages can be read back exactly as sent.
  for (const [index, call] of calls.entries()) {
    const texts = await Promise.all(call.messages.map((message) => readFile(join(folder, `${message.hash}.md`), 'utf8')));
    assert.deepEqual(texts, optimizerCalls[index].messages.map((message) => message.content));
  }
  // Deduplicated: fewer files than messages sent (system prompts repeat).
  const files = (await readdir(folder)).filter((name) => name.endsWith('.md'));
  assert.ok(files.length < calls.reduce((sum, call) => sum + call.messages.length, 0));
});
