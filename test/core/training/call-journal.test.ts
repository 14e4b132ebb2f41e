import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { CallJournal, type JournalRecord } from '../../../src/core/training/call-journal';
import { readJsonLines } from '../../../src/core/store/jsonl-file';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }], label: 'reflect' });

test('finished calls replay from the journal, also after reopening it; repeats within a unit stay distinct', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-')), 'calls.jsonl');
  let counter = 0;
  const inner = new ScriptedChatModel([], { fallback: () => `answer ${++counter}` });
  const calls: boolean[] = [];
  const journal = await CallJournal.open(path);
  const model = journal.wrap(inner, 'optimizer', (call) => calls.push(call.replayed));
  journal.beginUnit('step-1');
  assert.equal((await model.complete(ask('q'))).text, 'answer 1');
  assert.equal((await model.complete(ask('q'))).text, 'answer 2'); // second identical call of the unit
  journal.beginUnit('step-2');
  assert.equal((await model.complete(ask('q'))).text, 'answer 3'); // another unit asks again
  await journal.flush();

  const reopened = await CallJournal.open(path);
  const replaying = reopened.wrap(inner, 'optimizer', (call) => calls.push(call.replayed));
  reopened.beginUnit('step-1');
  const replayed = await replaying.complete(ask('q'));
  assert.equal(replayed.text, 'answer 1');
  assert.equal(replayed.cached, true);
  assert.equal(replayed.usage.costUsd, 0);
  assert.equal((await replaying.complete(ask('q'))).text, 'answer 2');
  assert.equal((await replaying.complete(ask('q'))).text, 'answer 4'); // a third call is new
  assert.equal(inner.calls.length, 4);
  assert.deepEqual(calls, [false, false, false, true, true, false]);

  const records = await readJsonLines<JournalRecord>(path);
  assert.equal(records.filter((r) => r.type === 'start').length, 4);
  assert.equal(records.filter((r) => r.type === 'done').length, 4);
});

test('a failed call is not journaled and is made again', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-fail-')), 'calls.jsonl');
  const inner = new ScriptedChatModel([new Error('boom'), 'ok']);
  const journal = await CallJournal.open(path);
  const model = journal.wrap(inner, 'target', () => undefined);
  journal.beginUnit('u');
  await assert.rejects(model.complete(ask('q')), /boom/);
  journal.beginUnit('u');
  assert.equal((await model.complete(ask('q'))).text, 'ok');
});

test('a replayed reply keeps what its call first cost and took, also when the response cache had answered it', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-usage-')), 'calls.jsonl');
  const first = { inputTokens: 10, outputTokens: 4, cachedInputTokens: 0, costUsd: 0.02, latencyMs: 850 };
  const fromCache = { inputTokens: 3, outputTokens: 1, cachedInputTokens: 0, costUsd: 0.001, latencyMs: 400 };
  const inner = new ScriptedChatModel([
    { text: 'paid', usage: first },
    { text: 'cached', usage: { ...first, costUsd: 0, latencyMs: 0 }, cached: true, firstUsage: fromCache },
  ]);
  const journal = await CallJournal.open(path);
  const model = journal.wrap(inner, 'target', () => undefined);
  journal.beginUnit('step-1');
  await model.complete(ask('a'));
  await model.complete(ask('b'));
  await journal.flush();

  const reopened = await CallJournal.open(path);
  const replaying = reopened.wrap(inner, 'target', () => undefined);
  reopened.beginUnit('step-1');
  const paid = await replaying.complete(ask('a'));
  assert.deepEqual([paid.usage.costUsd, paid.firstUsage], [0, first]);
  assert.deepEqual((await replaying.complete(ask('b'))).firstUsage, fromCache);
});

test("an agent's trajectory is journaled with its reply and replayed on resume; a damaged one only leaves the reply without it", async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-trajectory-')), 'calls.jsonl');
  const trajectory = { steps: [{ type: 'tool_call' as const, name: 'Bash', input: 'ls', callId: 'a' }, { type: 'tool_result' as const, name: 'Bash', output: 'x', error: 'exit code 1', callId: 'a' }], skippedLines: 1 };
  const usage = { inputTokens: 10, outputTokens: 4, cachedInputTokens: 0, costUsd: 0.02, latencyMs: 850 };
  const inner = new ScriptedChatModel([{ text: 'agent answer', usage, trajectory }, { text: 'plain', usage }]);
  const journal = await CallJournal.open(path);
  const model = journal.wrap(inner, 'target', () => undefined);
  journal.beginUnit('step-1');
  assert.deepEqual((await model.complete(ask('a'))).trajectory, trajectory);
  assert.equal((await model.complete(ask('b'))).trajectory, undefined);
  await journal.flush();

  const reopened = await CallJournal.open(path);
  const replaying = reopened.wrap(inner, 'target', () => undefined);
  reopened.beginUnit('step-1');
  const replayed = await replaying.complete(ask('a'));
  assert.equal(replayed.cached, true);
  assert.deepEqual(replayed.trajectory, trajectory);
  assert.equal((await replaying.complete(ask('b'))).trajectory, undefined);
  assert.equal(inner.calls.length, 2, 'both replayed');

  const damaged = (await readFile(path, 'utf8')).replace('"skippedLines":1', '"skippedLines":"many"');
  await writeFile(path, damaged);
  const third = await CallJournal.open(path);
  const replayingDamaged = third.wrap(inner, 'target', () => undefined);
  third.beginUnit('step-1');
  const withoutTrajectory = await replayingDamaged.complete(ask('a'));
  assert.equal(withoutTrajectory.text, 'agent answer');
  assert.equal(withoutTrajectory.trajectory, undefined);
});
