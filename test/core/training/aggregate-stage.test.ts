import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { aggregatePatches, type AggregateOptions } from '../../../src/core/training/aggregate-stage';
import { edit, userMessage } from './stage-helpers';

function base(optimizer: ScriptedChatModel, overrides: Partial<AggregateOptions>): AggregateOptions {
  return { skill: '# S\n', failurePatches: [], successPatches: [], groupSize: 4, concurrency: 16, metaSkill: '', optimizer, ...overrides };
}

/** Merges by concatenating the patches it is shown, adding up identical contents. */
function concatenatingMerger() {
  return new ScriptedChatModel([], {
    fallback: (request) => {
      const patches = JSON.parse(/<patches>\n([\s\S]*)\n<\/patches>/.exec(userMessage(request))![1]) as Array<{ edits: Array<{ content: string; source: string; support: number }> }>;
      const merged = new Map<string, { op: string; content: string; source: string; support: number }>();
      for (const p of patches) for (const e of p.edits) {
        const known = merged.get(e.content);
        if (known) known.support += e.support;
        else merged.set(e.content, { op: 'append', content: e.content, source: e.source, support: e.support });
      }
      return JSON.stringify({ reasoning: 'merged', edits: [...merged.values()] });
    },
  });
}

test('patches merge level by level in groups, then one final merge where failures win', async () => {
  const optimizer = concatenatingMerger();
  const failurePatches = Array.from({ length: 10 }, (_, index) => [edit(`rule ${index % 3}`)]);
  const successPatches = [[edit('keep doing this', { source: 'success' })], [edit('keep doing this', { source: 'success' })]];
  const outcome = await aggregatePatches(base(optimizer, { failurePatches, successPatches }));
  // failure: level 1 → groups 4,4,2 (3 calls), level 2 → 1 group of 3 (1 call); success: 1 call; final: 1 call.
  assert.equal(outcome.mergeCalls, 6);
  assert.equal(optimizer.calls.length, 6);
  assert.equal(outcome.fallbacks, 0);
  assert.deepEqual(
    outcome.edits.map((e) => [e.content, e.support, e.source]),
    [['rule 0', 4, 'failure'], ['rule 1', 3, 'failure'], ['rule 2', 3, 'failure'], ['keep doing this', 2, 'success']],
  );
  const final = optimizer.calls.at(-1)!;
  // The final merge presents failure-driven edits as the high-priority group, success-driven as the lower one.
  assert.match(final.messages[0].content, /failure-driven edits — corrective, high priority[\s\S]*success-driven edits — reinforcement, lower priority/);
  assert.match(userMessage(final), /"group": "failure-driven \(high priority\)"[\s\S]*"group": "success-driven \(lower priority\)"/);
  assert.doesNotMatch(final.messages[0].content, /edit budget/i, 'no budget is named where none is given');
  // Group merges keep every non-redundant corrective edit, may drop single-patch task-specific ones, and count trajectories.
  assert.match(optimizer.calls[0].messages[0].content, /Keep every corrective edit that is not redundant/);
  assert.match(optimizer.calls[0].messages[0].content, /single patch may be dropped when it is specific to one task/);
  assert.match(optimizer.calls[0].messages[0].content, /`support` estimates how many failed trajectories back an edit/);
  assert.match(optimizer.calls[0].messages[0].content, /No two edits in the merged patch may act on the same region of text/);
  assert.equal(final.jsonSchema?.name, 'merged_patch');
  assert.equal(final.label, 'merge');
  assert.match(userMessage(optimizer.calls[0]), /merge level 1/);
});

test('a single patch per side needs no merge call; one side alone skips the final merge', async () => {
  const optimizer = concatenatingMerger();
  const outcome = await aggregatePatches(base(optimizer, { failurePatches: [[edit('a'), edit('b')]] }));
  assert.equal(optimizer.calls.length, 0);
  assert.deepEqual(outcome.edits.map((e) => e.content), ['a', 'b']);
  const none = await aggregatePatches(base(optimizer, { failurePatches: [[]], successPatches: [] }));
  assert.deepEqual(none.edits, []);
});

test('an unparsable merge reply falls back to concatenation, failures first', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => 'I merged them nicely (no JSON, sorry)' });
  const outcome = await aggregatePatches(
    base(optimizer, { failurePatches: [[edit('f1')], [edit('f2')]], successPatches: [[edit('s1', { source: 'success' })]] }),
  );
  assert.equal(outcome.fallbacks, 2); // the failure group and the final merge
  assert.deepEqual(outcome.edits.map((e) => e.content), ['f1', 'f2', 's1']);
  assert.equal(optimizer.calls.length, 4); // each merge asked twice (corrective retry)
});

test('a merge keeps the reasoning the merger wrote, and brings back the merged edits’ reasonings where it dropped them', async () => {
  // The merger keeps one edit's reasoning, drops the other's, and shows the patches' reasonings in its prompt.
  const optimizer = new ScriptedChatModel([], {
    fallback: () =>
      JSON.stringify({
        reasoning: 'merged',
        edits: [
          { op: 'append', content: 'rule a', source: 'failure', support: 2, reasoning: 'Both patches saw missing scopes.' },
          { op: 'append', content: 'Rule  B', source: 'failure', support: 2 },
          { op: 'append', content: 'rule c', source: 'failure', support: 1 },
        ],
      }),
  });
  const failurePatches = [
    [edit('rule a', { reasoning: 'Scopes missing in 3 tasks.' }), edit('rule b', { reasoning: 'Bodies said what, not why.' })],
    [edit('rule a', { reasoning: 'Scopes missing in 2 tasks.' }), edit('rule b', { reasoning: 'Two bodies lacked the motivation.' }), edit('rule c')],
  ];
  const outcome = await aggregatePatches(base(optimizer, { failurePatches }));
  assert.deepEqual(
    outcome.edits.map((e) => e.reasoning),
    ['Both patches saw missing scopes.', 'Bodies said what, not why. Two bodies lacked the motivation.', undefined],
  );
  assert.match(userMessage(optimizer.calls[0]), /"reasoning": "Scopes missing in 3 tasks\."/);
  assert.match(optimizer.calls[0].messages[0].content, /combine their reasonings into one short sentence/);
});

test('the concatenating fallback keeps every edit’s reasoning', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => 'no JSON' });
  const outcome = await aggregatePatches(base(optimizer, { failurePatches: [[edit('f1', { reasoning: 'why f1' })], [edit('f2', { reasoning: 'why f2' })]] }));
  assert.deepEqual(outcome.edits.map((e) => e.reasoning), ['why f1', 'why f2']);
});
