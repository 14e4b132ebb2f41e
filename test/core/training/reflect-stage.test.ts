import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { reflect, type ReflectOptions } from '../../../src/core/training/reflect-stage';
import { result, userMessage } from './stage-helpers';

function options(optimizer: ScriptedChatModel, overrides: Partial<ReflectOptions> = {}): ReflectOptions {
  const results = [...Array.from({ length: 10 }, (_, index) => result(`f${index}`, 0)), ...Array.from({ length: 3 }, (_, index) => result(`s${index}`, 1))];
  return { skill: '# Skill\n', results, budget: 2, minibatchSize: 4, concurrency: 16, failureOnly: false, seed: '42:step:1', stepHistory: '', metaSkill: '', optimizer, ...overrides };
}

const patch = (source: string, count: number) =>
  JSON.stringify({ reasoning: 'r', edits: Array.from({ length: count }, (_, index) => ({ op: 'append', content: `${source} rule ${index}` })) });

test('failures and successes go to their analysts in seeded minibatches; edits are cut to the budget', async () => {
  const optimizer = new ScriptedChatModel([], {
    fallback: (request) => (/## Failed tasks/.test(userMessage(request)) ? patch('failure', 3) : patch('success', 1)),
  });
  const patches = await reflect(options(optimizer));
  assert.equal(optimizer.calls.length, 4); // 10 failures → 4+4+2, 3 successes → 3
  assert.deepEqual(patches.map((p) => [p.source, p.taskIds.length]), [['failure', 4], ['failure', 4], ['failure', 2], ['success', 3]]);
  // Each edit's support is the number of trajectories its analyst read (SkillOpt's support_count = batch_size).
  assert.ok(patches.filter((p) => p.source === 'failure').every((p) => p.edits.length === 2 && p.edits.every((e) => e.source === 'failure' && e.support === p.taskIds.length)));
  assert.equal(patches[3].edits[0].source, 'success');
  const taskIds = patches.flatMap((p) => p.taskIds);
  assert.deepEqual([...taskIds].sort(), [...options(optimizer).results.map((r) => r.task.id)].sort());
  // Same seed → same minibatches; another seed → another shuffle.
  const again = await reflect(options(new ScriptedChatModel([], { fallback: () => patch('x', 0) })));
  assert.deepEqual(again.map((p) => p.taskIds), patches.map((p) => p.taskIds));
  const other = await reflect(options(new ScriptedChatModel([], { fallback: () => patch('x', 0) }), { seed: 'other' }));
  assert.notDeepEqual(other.map((p) => p.taskIds), patches.map((p) => p.taskIds));
  const system = optimizer.calls[0].messages[0].content;
  assert.match(system, /failure analyst/);
  assert.match(system, /failure type[\s\S]*count the tasks/);
  assert.match(system, /Never hard-code what a task contained/);
  assert.match(system, /Patch gaps only/);
  assert.match(system, /Never touch the YAML frontmatter/);
  assert.equal(optimizer.calls[0].jsonSchema?.name, 'skill_patch');
  assert.equal(optimizer.calls[0].label, 'reflect');
});

test('the prompt carries the skill, the budget, the step history and the meta skill', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => patch('x', 0) });
  await reflect(options(optimizer, { stepHistory: '### Step 1 — reject', metaSkill: 'Avoid vague tone advice.', budget: 4 }));
  const user = userMessage(optimizer.calls[0]);
  assert.match(user, /<skill>\n# Skill\n+<\/skill>/);
  assert.match(user, /<edit_budget>4<\/edit_budget>\nPropose at most 4 edits\./);
  const unbudgeted = new ScriptedChatModel([], { fallback: () => patch('x', 0) });
  await reflect(options(unbudgeted, { budget: Infinity }));
  assert.doesNotMatch(userMessage(unbudgeted.calls[0]), /edit_budget|at most/, 'no budget line when there is no budget');
  assert.match(user, /<step_history>\n### Step 1 — reject\n<\/step_history>/);
  assert.match(user, /<meta_skill>[\s\S]*Avoid vague tone advice\.[\s\S]*<\/meta_skill>/);
  assert.match(user, /<task id="f\d" hard="0" soft="0\.00">[\s\S]*<failed_checks>\n- \[hard, failed\] It is correct — wrong answer/);
});

test('failureOnly skips the success analyst', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => patch('x', 1) });
  const patches = await reflect(options(optimizer, { failureOnly: true }));
  assert.ok(patches.every((p) => p.source === 'failure'));
  assert.equal(optimizer.calls.length, 3);
});

test('an unparsable reply makes its minibatch contribute nothing; the others go on', async () => {
  let call = 0;
  const optimizer = new ScriptedChatModel([], {
    fallback: (request) => {
      call += 1;
      // The first minibatch's analyst answers garbage twice (the corrective retry included).
      return userMessage(request).includes('f') && request.messages.length >= 2 && call <= 2 && /## Failed tasks/.test(request.messages[1].content) ? 'not json at all' : patch('ok', 1);
    },
  });
  const patches = await reflect(options(optimizer, { concurrency: 1 }));
  assert.equal(patches[0].edits.length, 0);
  assert.match(patches[0].unparsable ?? '', /skill_patch/);
  assert.ok(patches.slice(1).every((p) => p.edits.length === 1 && p.unparsable === undefined));
  assert.equal(optimizer.calls.length, 5); // 4 minibatches + 1 corrective retry
});

test('provider failures are not swallowed', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => { throw new ProviderCallError({ provider: 'x', kind: 'auth', message: 'bad key' }); } });
  await assert.rejects(reflect(options(optimizer)), ProviderCallError);
});

test('each edit keeps its own reasoning; an edit without one inherits the patch’s, and the schema asks for it per edit', async () => {
  const reply = JSON.stringify({
    reasoning: 'Three of four outputs skipped the scope.',
    edits: [
      { op: 'append', content: '- Name the scope.', reasoning: '  Three outputs had no scope in the subject.  ' },
      { op: 'append', content: '- Keep it short.' },
      { op: 'append', content: '- Wrap the body.', reasoning: '' },
    ],
  });
  const optimizer = new ScriptedChatModel([], { fallback: () => reply });
  const patches = await reflect(options(optimizer, { budget: Infinity, failureOnly: true }));
  assert.deepEqual(
    patches[0].edits.map((edit) => edit.reasoning),
    ['Three outputs had no scope in the subject.', 'Three of four outputs skipped the scope.', 'Three of four outputs skipped the scope.'],
  );
  const schema = JSON.stringify(optimizer.calls[0].jsonSchema?.schema);
  assert.match(schema, /"edits":\{[^]*"reasoning"/, 'the skill_patch schema should ask for a reasoning per edit');
  assert.match(optimizer.calls[0].messages[0].content, /its own `reasoning`: one short sentence/);
});

test('a patch without any reasoning leaves its edits without one; a very long one is cut', async () => {
  const long = 'x'.repeat(2000);
  const optimizer = new ScriptedChatModel([], {
    fallback: (request) =>
      /## Failed tasks/.test(userMessage(request))
        ? JSON.stringify({ edits: [{ op: 'append', content: '- A.' }] })
        : JSON.stringify({ reasoning: long, edits: [{ op: 'append', content: '- B.' }] }),
  });
  const patches = await reflect(options(optimizer, { budget: Infinity }));
  assert.equal(patches.find((p) => p.source === 'failure')!.edits[0].reasoning, undefined);
  const cut = patches.find((p) => p.source === 'success')!.edits[0].reasoning!;
  assert.equal(cut.length, 600);
  assert.ok(cut.endsWith('…'));
});
