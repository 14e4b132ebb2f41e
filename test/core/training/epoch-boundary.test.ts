import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { insertSlowUpdateRegion, rewriteSlowUpdateRegion } from '../../../src/core/training/slow-update';
import { categoryCounts, comparisonPairs, filterPairs } from '../../../src/core/training/longitudinal-pairs';
import { formatStepOutcomes, updateMetaSkill } from '../../../src/core/training/meta-skill';
import { failurePatterns, formatStepHistory } from '../../../src/core/training/step-history';
import type { TrainingStepRecord } from '../../../src/core/store/run-records';
import { result, userMessage } from './stage-helpers';

const previous = [result('a', 0), result('b', 1), result('c', 0), result('d', 1), result('x', 1)];
const current = [result('a', 1), result('b', 0), result('c', 0), result('d', 1)];

test('comparison pairs class each task shared by both rollouts', () => {
  const pairs = comparisonPairs(previous, current);
  assert.deepEqual(pairs.map((p) => [p.taskId, p.category]), [['a', 'improved'], ['b', 'regressed'], ['c', 'persistent_failure'], ['d', 'stable_success']]);
  assert.deepEqual(categoryCounts(pairs), { improved: 1, regressed: 1, persistent_failure: 1, stable_success: 1 });
});

test('epoch 1 inserts an empty protected region', () => {
  const outcome = insertSlowUpdateRegion('---\nname: s\ndescription: d\n---\n# S\n');
  assert.equal(outcome.skill, '---\nname: s\ndescription: d\n---\n# S\n\n<!-- SLOW_UPDATE_START -->\n<!-- SLOW_UPDATE_END -->\n');
});

test('later epochs rewrite the region from the comparison, judging the earlier guidance', async () => {
  const optimizer = new ScriptedChatModel([JSON.stringify({ reasoning: 'r', previous_guidance_verdict: 'It helped.', guidance: '- Check the subject length.' })]);
  const skill = '# S\n\n<!-- SLOW_UPDATE_START -->\n- Old advice.\n<!-- SLOW_UPDATE_END -->\n';
  const outcome = await rewriteSlowUpdateRegion({ previousEpochSkill: '# S\n', currentSkill: skill, pairs: comparisonPairs(previous, current), optimizer });
  assert.equal(outcome.action, 'rewrote_region');
  assert.equal(outcome.skill, '# S\n\n<!-- SLOW_UPDATE_START -->\n- Check the subject length.\n<!-- SLOW_UPDATE_END -->\n');
  const user = userMessage(optimizer.calls[0]);
  assert.match(user, /<previous_guidance>\n- Old advice\.\n<\/previous_guidance>/);
  assert.match(user, /Improved: 1\. Regressed: 1\. Persistent failures: 1\. Stable successes: 1\./);
  assert.ok(user.indexOf('category="regressed"') < user.indexOf('category="improved"'), 'regressions come first');
  assert.equal(optimizer.calls[0].jsonSchema?.name, 'slow_update_guidance');
});

test('an unparsable slow update leaves the skill as it was', async () => {
  const optimizer = new ScriptedChatModel(['???', '???']);
  const outcome = await rewriteSlowUpdateRegion({ previousEpochSkill: 'p', currentSkill: 'c', pairs: [], optimizer });
  assert.deepEqual(outcome, { skill: 'c', action: 'no_content' });
});

const stepRecord = { kind: 'step', step: 2, epoch: 1, budget: 3, train: { hard: 0, soft: 0, count: 1 }, patches: { failure: 1, success: 0, unparsable: 0 }, editsProposed: 1, editsMerged: 1, selectedEdits: [{ op: 'append', content: 'Use past tense.' }], applyReport: [], scoreBefore: 0.5, candidateGateScore: 0, currentScore: 0.5, bestScore: 0.5, bestStep: 1, action: 'reject', usage: {}, wallMs: 0, at: '' } as TrainingStepRecord;

test('the meta skill is written from the adjacent-epoch comparison and the step outcomes; an epoch without memory leaves none', async () => {
  assert.equal(formatStepOutcomes([stepRecord]), '- Step 2: reject (validation 0.500 → 0.000). Edits: [append] "Use past tense."');
  const optimizer = new ScriptedChatModel([JSON.stringify({ reasoning: 'r', memory: '- Tense edits were rejected.' })]);
  const outcome = await updateMetaSkill({ epoch: 2, previousMemory: '', startSkill: 'a', endSkill: 'b', steps: [stepRecord], pairs: comparisonPairs(previous, current), optimizer });
  assert.deepEqual(outcome, { memory: '- Tense edits were rejected.', action: 'written' });
  assert.match(userMessage(optimizer.calls[0]), /<pair id="b" category="regressed">/);
  // SkillOpt resets the memory when an epoch yields none: the old one is not carried on.
  const broken = await updateMetaSkill({ epoch: 3, previousMemory: 'old', startSkill: 'a', endSkill: 'b', steps: [], pairs: [], optimizer: new ScriptedChatModel(['x', 'y']) });
  assert.deepEqual(broken, { memory: '', action: 'no_content' });
  const empty = await updateMetaSkill({ epoch: 3, previousMemory: 'old', startSkill: 'a', endSkill: 'b', steps: [], pairs: [], optimizer: new ScriptedChatModel([JSON.stringify({ reasoning: 'r', memory: ' ' })]) });
  assert.deepEqual(empty, { memory: '', action: 'no_content' });
});

test('the pair policy keeps all pairs, only changed outcomes, or only unchanged ones', () => {
  const pairs = comparisonPairs(previous, current);
  assert.deepEqual(filterPairs(pairs, 'mixed').map((p) => p.taskId), ['a', 'b', 'c', 'd']);
  assert.deepEqual(filterPairs(pairs, 'changed').map((p) => p.taskId), ['a', 'b']);
  assert.deepEqual(filterPairs(pairs, 'unchanged').map((p) => p.taskId), ['c', 'd']);
});

test('a slow update whose guidance is what the region holds is recorded as unchanged', async () => {
  const optimizer = new ScriptedChatModel([JSON.stringify({ reasoning: 'r', previous_guidance_verdict: 'It held.', guidance: '- Old advice.' })]);
  const skill = '# S\n\n<!-- SLOW_UPDATE_START -->\n- Old advice.\n<!-- SLOW_UPDATE_END -->\n';
  const outcome = await rewriteSlowUpdateRegion({ previousEpochSkill: '# S\n', currentSkill: skill, pairs: comparisonPairs(previous, current), optimizer });
  assert.equal(outcome.action, 'unchanged_region');
  assert.equal(outcome.skill, skill);
});

test('a rejected step whose edits changed nothing says so in the buffer instead of an undefined score', () => {
  const text = formatStepHistory([{ step: 1, action: 'skip_unchanged', total: 2, failed: 1, failurePatterns: [], rejectedEdits: [{ op: 'delete', target: 'gone' }], scoreBefore: 0.5 }]);
  assert.match(text, /Rejected edits \(they changed nothing, so they were not validated\):/);
  assert.doesNotMatch(text, /undefined/);
});

test('the rejected-edit buffer lists failure patterns and the rejected edits with scores', () => {
  const patterns = failurePatterns([result('a', 0), result('b', 0), result('c', 1)]);
  assert.deepEqual(patterns, [{ pattern: 'It is correct', count: 2, taskIds: ['a', 'b'] }]);
  const text = formatStepHistory([{ step: 3, action: 'reject', total: 3, failed: 2, failurePatterns: patterns, rejectedEdits: [{ op: 'append', content: 'Use past tense.' }], scoreBefore: 0.5, scoreAfter: 0.25 }]);
  assert.match(text, /### Step 3 — reject \(2 of 3 tasks failed\)/);
  assert.match(text, /"It is correct" failed 2× \(tasks: a, b\)/);
  assert.match(text, /Rejected edits \(validation 0\.500 → 0\.250\):\n  1\. \[append\] "Use past tense\."/);
  assert.equal(formatStepHistory([]), '');
});
