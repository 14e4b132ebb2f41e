import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { selectEdits } from '../../../src/core/training/select-stage';
import { edit, userMessage } from './stage-helpers';

const edits = ['a', 'b', 'c', 'd', 'e'].map((content) => edit(content));

test('within the budget nothing is ranked', async () => {
  const optimizer = new ScriptedChatModel();
  const outcome = await selectEdits({ skill: 's', edits: edits.slice(0, 2), budget: 2, metaSkill: '', optimizer });
  assert.deepEqual(outcome, { selected: edits.slice(0, 2), ranked: false, fallback: false });
  const unlimited = await selectEdits({ skill: 's', edits, budget: Infinity, metaSkill: '', optimizer });
  assert.equal(unlimited.selected.length, 5);
  assert.equal(optimizer.calls.length, 0);
});

test('over the budget one ranking call keeps the chosen edits in its order', async () => {
  const optimizer = new ScriptedChatModel([JSON.stringify({ reasoning: 'impact', selected: [3, 3, 9, -1, 1.5, 0, 2] })]);
  const outcome = await selectEdits({ skill: 's', edits, budget: 2, metaSkill: 'memo', optimizer });
  assert.deepEqual(outcome.selected.map((e) => e.content), ['d', 'a']);
  assert.equal(outcome.fallback, false);
  const request = optimizer.calls[0];
  assert.equal(request.jsonSchema?.name, 'edit_ranking');
  assert.match(request.messages[0].content, /Systematic impact[\s\S]*Complementarity[\s\S]*Generality[\s\S]*Actionability/);
  assert.match(userMessage(request), /<budget>2<\/budget>/);
  assert.match(userMessage(request), /<meta_skill>/);
});

test('an unparsable ranking keeps the first N', async () => {
  const optimizer = new ScriptedChatModel(['nope', 'still nope']);
  const outcome = await selectEdits({ skill: 's', edits, budget: 3, metaSkill: '', optimizer });
  assert.deepEqual(outcome.selected.map((e) => e.content), ['a', 'b', 'c']);
  assert.equal(outcome.fallback, true);
});

test('a ranking that names no valid edit keeps the first N', async () => {
  const optimizer = new ScriptedChatModel([JSON.stringify({ selected: [7, 8] })]);
  const outcome = await selectEdits({ skill: 's', edits, budget: 2, metaSkill: '', optimizer });
  assert.deepEqual(outcome.selected.map((e) => e.content), ['a', 'b']);
  assert.equal(outcome.fallback, true);
});

test('the ranker sees each edit’s reasoning, and the kept edits keep theirs', async () => {
  const reasoned = edits.map((candidate, index) => ({ ...candidate, reasoning: `why ${candidate.content}${index}` }));
  const optimizer = new ScriptedChatModel([JSON.stringify({ selected: [4, 1] })]);
  const outcome = await selectEdits({ skill: 's', edits: reasoned, budget: 2, metaSkill: '', optimizer });
  assert.deepEqual(outcome.selected.map((e) => e.reasoning), ['why e4', 'why b1']);
  assert.match(userMessage(optimizer.calls[0]), /"index": 4,[\s\S]*?"reasoning": "why e4"/);
});
