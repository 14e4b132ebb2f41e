import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateSkill, isScoredTask, TaskInputFileError, type EvaluationProgress } from '../../../src/core/evaluation';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { CallAbortedError, MissingApiKeyError, ProviderCallError } from '../../../src/core/models/model-errors';
import type { ChatRequest } from '../../../src/core/models/chat-model';
import type { EvalTask } from '../../../src/core/tasks/eval-task';
import { BudgetExceededError, BudgetTracker } from '../../../src/core/models/policies';

const skill = { name: 'greeting', text: '---\nname: greeting\n---\nAlways say "ok".\n' };

function task(id: string, extra: Partial<EvalTask> = {}): EvalTask {
  return { id, prompt: `prompt ${id}`, rubric: { hard: [], soft: [] }, assert: [{ type: 'contains', value: 'ok' }], ...extra };
}

/** A judge that passes every criterion it is shown. */
function passingJudge(): ScriptedChatModel {
  return new ScriptedChatModel([], {
    spec: 'scripted:judge',
    fallback: (request: ChatRequest) => {
      const user = request.messages.at(-1)!.content;
      const criteria = /<criteria>([\s\S]*?)<\/criteria>/.exec(user)![1]!.trim().split('\n');
      const verdicts = criteria.map((line) => ({ criterion: line.replace(/^\d+\.\s*/, ''), pass: true, score: 1, evidence: 'fine' }));
      return JSON.stringify({ verdicts });
    },
  });
}

/** A target whose replies finish only when the test releases them, to observe concurrency. */
function gatedTarget(reply: (request: ChatRequest) => string) {
  let inFlight = 0;
  let maxInFlight = 0;
  const model = new ScriptedChatModel([], {
    spec: 'scripted:target',
    fallback: async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return reply(request);
    },
  });
  return { model, maxInFlight: () => maxInFlight };
}

test('every task runs with the skill as system message and is scored, in task order, within the concurrency', async () => {
  const tasks = Array.from({ length: 7 }, (_, i) => task(`t${i}`));
  const { model, maxInFlight } = gatedTarget((request) => (request.messages[1]!.content === 'prompt t3' ? 'no' : 'ok then'));
  const progress: EvaluationProgress[] = [];
  const results = await evaluateSkill({ skill, tasks, target: model, trusted: true, concurrency: 3, onProgress: (p) => progress.push(p) });

  assert.deepEqual(results.map((result) => result.taskId), tasks.map((t) => t.id));
  assert.ok(results.every(isScoredTask));
  assert.deepEqual(results.map((result) => (isScoredTask(result) ? result.score.hard : -1)), [1, 1, 1, 0, 1, 1, 1]);
  assert.ok(maxInFlight() <= 3 && maxInFlight() >= 2, `max in flight ${maxInFlight()}`);
  assert.deepEqual(progress.map((p) => p.done), [1, 2, 3, 4, 5, 6, 7]);
  assert.ok(progress.every((p) => p.total === 7));

  const first = model.calls[0]!;
  assert.deepEqual(first.messages[0], { role: 'system', content: skill.text });
  assert.equal(first.label, 'rollout');
  assert.equal(first.skill, undefined);
});

test('a model that installs skills gets the skill as request.skill, not as a system message', async () => {
  const target = new ScriptedChatModel([], { spec: 'scripted:agent', installsSkills: true, fallback: () => 'ok' });
  await evaluateSkill({ skill, tasks: [task('a')], target, trusted: true, sampleIndex: 2 });
  assert.deepEqual(target.calls[0]!.skill, skill);
  assert.deepEqual(target.calls[0]!.messages, [{ role: 'user', content: 'prompt a' }]);
  assert.equal(target.calls[0]!.sampleIndex, 2);
});

test('rubric criteria are graded by the judge', async () => {
  const judge = passingJudge();
  const target = new ScriptedChatModel([], { fallback: () => 'ok' });
  const tasks = [task('r', { rubric: { hard: ['Says ok'], soft: [{ criterion: 'Is brief', weight: 2 }] } })];
  const [result] = await evaluateSkill({ skill, tasks, target, judge, trusted: true });
  assert.ok(result && isScoredTask(result));
  assert.equal(result.score.hard, 1);
  assert.equal(result.score.checks.length, 3);
  assert.equal(judge.calls.length, 1);
  assert.equal(judge.calls[0]!.label, 'judge');
});

test('infrastructure failures of one task are reported as such, and the other tasks go on', async () => {
  const target = new ScriptedChatModel([], {
    fallback: (request) => {
      if (request.messages[1]!.content === 'prompt broken') {
        throw new ProviderCallError({ provider: 'openai', kind: 'server', status: 500, message: 'openai answered 500' });
      }
      return 'ok';
    },
  });
  const garbageJudge = new ScriptedChatModel([], { fallback: () => 'I refuse to answer in JSON.' });
  const tasks = [
    task('fine'),
    task('broken'),
    task('judged', { rubric: { hard: ['Says ok'], soft: [] }, assert: [] }),
  ];
  const results = await evaluateSkill({ skill, tasks, target, judge: garbageJudge, trusted: true, concurrency: 1 });
  assert.ok(isScoredTask(results[0]!));
  const broken = results[1]!;
  assert.ok(!isScoredTask(broken) && broken.stage === 'target' && broken.error instanceof ProviderCallError);
  const judged = results[2]!;
  assert.ok(!isScoredTask(judged) && judged.stage === 'judge');
  assert.equal(judged.error.code, 'structured_reply_invalid');
});

for (const [name, error] of [
  ['budget reached', new BudgetExceededError('cost', { spec: 'openai:gpt-5', tokens: 1, costUsd: 1 }, new BudgetTracker({ maxCostUsd: 1 }).snapshot())],
  ['missing key', new MissingApiKeyError('openai', 'OPENAI_API_KEY')],
  ['authentication refused', new ProviderCallError({ provider: 'openai', kind: 'auth', status: 401, message: 'bad key' })],
] as const) {
  test(`${name} stops the evaluation: tasks in flight are cancelled and the error is thrown`, async () => {
    const seenSignals: AbortSignal[] = [];
    const target = new ScriptedChatModel([], {
      fallback: (request, index) => {
        seenSignals.push(request.signal!);
        if (index === 2) throw error;
        return new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => resolve('ok'), 10_000);
          request.signal!.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new CallAbortedError());
          });
        });
      },
    });
    const tasks = Array.from({ length: 10 }, (_, i) => task(`t${i}`));
    await assert.rejects(evaluateSkill({ skill, tasks, target, trusted: true, concurrency: 3 }), (thrown: unknown) => thrown === error);
    assert.equal(target.calls.length, 3, 'no task starts after the fatal error');
    assert.ok(seenSignals.every((signal) => signal.aborted), 'the tasks in flight were cancelled');
  });
}

test('the caller aborting cancels the evaluation with CallAbortedError', async () => {
  const controller = new AbortController();
  const target = new ScriptedChatModel([], {
    fallback: (request, index) => {
      if (index === 1) controller.abort();
      return new Promise<string>((resolve, reject) => {
        if (request.signal!.aborted) reject(new CallAbortedError());
        request.signal!.addEventListener('abort', () => reject(new CallAbortedError()));
        setTimeout(() => resolve('ok'), 10_000).unref();
      });
    },
  });
  const tasks = Array.from({ length: 5 }, (_, i) => task(`t${i}`));
  await assert.rejects(evaluateSkill({ skill, tasks, target, trusted: true, concurrency: 2, signal: controller.signal }), CallAbortedError);
  assert.equal(target.calls.length, 2);
});

test('input files are read from the skill folder and follow the prompt; paths outside it are refused', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'skill-eval-'));
  try {
    await mkdir(join(directory, 'inputs'));
    await writeFile(join(directory, 'inputs', 'data.csv'), 'a,b\n1,2\n');
    const target = new ScriptedChatModel([], { fallback: () => 'ok' });
    await evaluateSkill({ skill, tasks: [task('f', { files: ['inputs/data.csv'] })], target, trusted: true, skillDirectory: directory });
    assert.equal(target.calls[0]!.messages[1]!.content, 'prompt f\n\n<file path="inputs/data.csv">\na,b\n1,2\n\n</file>');

    for (const path of ['../secret.txt', '/etc/passwd', 'inputs/missing.txt']) {
      await assert.rejects(
        evaluateSkill({ skill, tasks: [task('g', { files: [path] })], target, trusted: true, skillDirectory: directory }),
        (error: unknown) => error instanceof TaskInputFileError && error.message.includes(path),
      );
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
});

test('tasks that need a judge are refused before any call when no judge is given', async () => {
  const target = new ScriptedChatModel([], { fallback: () => 'ok' });
  const tasks = [task('a'), task('b', { rubric: { hard: ['Is kind'], soft: [] } })];
  await assert.rejects(evaluateSkill({ skill, tasks, target, trusted: true }), /Task 'b' has 1 rubric criterion/);
  assert.equal(target.calls.length, 0);
});

test('without the skill the target gets the task alone: no system message, nothing to install', async () => {
  const seen: ChatRequest[] = [];
  const target = new ScriptedChatModel([], { spec: 'scripted:target', fallback: (request) => (seen.push(request), 'ok') });
  const results = await evaluateSkill({ skill, tasks: [task('t1')], target, trusted: true, withoutSkill: true });
  assert.ok(results.every(isScoredTask));
  assert.deepEqual(seen[0]!.messages, [{ role: 'user', content: 'prompt t1' }]);
  assert.equal(seen[0]!.skill, undefined);

  const installing = new ScriptedChatModel([], { spec: 'scripted:agent', installsSkills: true, fallback: (request) => (seen.push(request), 'ok') });
  await evaluateSkill({ skill, tasks: [task('t2')], target: installing, trusted: true, withoutSkill: true });
  assert.equal(seen[1]!.skill, undefined, 'an agent CLI installs no skill');
  await evaluateSkill({ skill, tasks: [task('t3')], target: installing, trusted: true });
  assert.deepEqual(seen[2]!.skill, skill, 'with the skill it is installed as before');
});

test("a conversation task is sent as its turns; its own system text follows the skill's, and files follow the last user turn", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'eval-chat-'));
  await writeFile(join(dir, 'notes.txt'), 'remember this');
  const conversation = task('chat', {
    prompt: 'System: Be terse.\n\nUser: Hi\n\nAssistant: Hello.\n\nUser: And now?',
    messages: [
      { role: 'system', content: 'Be terse.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'And now?' },
    ],
    files: ['notes.txt'],
  });
  const target = new ScriptedChatModel([], { fallback: () => 'ok' });
  await evaluateSkill({ skill, tasks: [conversation], target, trusted: true, skillDirectory: dir });
  assert.deepEqual(target.calls[0]!.messages, [
    { role: 'system', content: `${skill.text}\n\nBe terse.` },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello.' },
    { role: 'user', content: 'And now?\n\n<file path="notes.txt">\nremember this\n</file>' },
  ]);
  // An agent CLI installs the skill and gets the conversation as written.
  const agent = new ScriptedChatModel([], { spec: 'scripted:agent', installsSkills: true, fallback: () => 'ok' });
  await evaluateSkill({ skill, tasks: [{ ...conversation, files: undefined }], target: agent, trusted: true });
  assert.deepEqual(agent.calls[0]!.messages, conversation.messages);
  await rm(dir, { recursive: true, force: true });
});

test('a task that asks for JSON sends its schema, or any JSON object; cost checks read the first usage of a replayed reply', async () => {
  const target = new ScriptedChatModel([], {
    fallback: () => ({ text: '{"ok": true}', usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, latencyMs: 0 }, cached: true, firstUsage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, costUsd: 0.5, latencyMs: 900 } }),
  });
  const schema = { type: 'object', properties: { ok: { type: 'boolean' } } };
  const tasks = [
    task('schema', { outputFormat: { type: 'json-schema', name: 'verdict', schema }, assert: [{ type: 'javascript', value: 'output.ok === true' }, { type: 'cost', value: 0.1 }] }),
    task('plain', { outputFormat: { type: 'json' }, assert: [{ type: 'latency', value: 1000 }] }),
  ];
  const results = await evaluateSkill({ skill, tasks, target, trusted: true });
  assert.deepEqual(target.calls.map((call) => call.jsonSchema), [{ name: 'verdict', schema }, { name: 'json_object', schema: { type: 'object' } }]);
  const [schemaResult, plainResult] = results.map((result) => (isScoredTask(result) ? result.score.checks.map((check) => check.pass) : []));
  // The reply cost $0.50 when it was made, though replaying it cost nothing.
  assert.deepEqual(schemaResult, [true, false]);
  assert.deepEqual(plainResult, [true]);
});
