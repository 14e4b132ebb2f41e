import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { comparisonPairs, formatComparison } from '../../../src/core/training/longitudinal-pairs';
import { fitEvidence, rolloutEvidence } from '../../../src/core/training/optimizer-evidence';
import { reflect } from '../../../src/core/training/reflect-stage';
import { rewriteSlowUpdateRegion } from '../../../src/core/training/slow-update';
import type { RolloutResult } from '../../../src/core/training/rollout-stage';
import { result, task, userMessage } from './stage-helpers';

const longAnswer = `${'A long answer line.\n'.repeat(400)}THE END OF THE ANSWER`;
const longPrompt = `${'Context paragraph. '.repeat(100)}THE END OF THE PROMPT`;

function rich(id: string, hard: 0 | 1): RolloutResult {
  return {
    ...result(id, hard),
    task: task(id, { prompt: longPrompt, expectedOutput: 'the reference answer', files: ['data/input.csv'] }),
    output: longAnswer,
    files: [{ path: 'data/input.csv', content: 'a,b\n1,2\n' }],
  };
}

test('the reflect prompt gives the task with its input files, the whole answer, why it failed and the reference answer', async () => {
  const optimizer = new ScriptedChatModel([], { fallback: () => JSON.stringify({ reasoning: 'r', edits: [] }) });
  await reflect({ skill: '# S\n', results: [rich('t1', 0)], budget: 4, minibatchSize: 8, concurrency: 1, failureOnly: true, seed: 's', stepHistory: '', metaSkill: '', optimizer });
  const user = userMessage(optimizer.calls[0]);
  assert.ok(user.includes(longPrompt), 'the whole prompt');
  assert.ok(user.includes(longAnswer), 'the whole answer, not cut at 1,500 characters');
  assert.match(user, /<input_file path="data\/input.csv">\na,b\n1,2\n\n<\/input_file>/);
  assert.match(user, /<reference_answer>\nthe reference answer\n<\/reference_answer>/);
  assert.match(user, /<failed_checks>\n- \[hard, failed\] It is correct — wrong answer/);
  assert.doesNotMatch(user, /left out here/);
});

test('the slow-update comparison keeps whole prompts and answers, the checks with their reasons and the reference answer', async () => {
  const optimizer = new ScriptedChatModel([JSON.stringify({ reasoning: 'r', previous_guidance_verdict: 'v', guidance: '- G.' })]);
  const pairs = comparisonPairs([rich('t1', 1)], [rich('t1', 0)]);
  await rewriteSlowUpdateRegion({ previousEpochSkill: 'p', currentSkill: 'c', pairs, optimizer });
  const user = userMessage(optimizer.calls[0]);
  assert.ok(user.includes(longPrompt), 'no 600-character cut of the prompt');
  assert.equal(user.split(longAnswer).length - 1, 2, 'both answers whole, no 1,500-character cut');
  assert.match(user, /<previous_epoch verdict="PASS[^"]*">[\s\S]*<checks>\n- \[hard, passed\] It is correct — fine/);
  assert.match(user, /<current_epoch verdict="FAIL[^"]*">[\s\S]*<checks>\n- \[hard, failed\] It is correct — wrong answer/);
  assert.match(user, /<reference_answer>\nthe reference answer\n<\/reference_answer>/);
  assert.match(user, /<input_file path="data\/input.csv">/);
});

test('evidence over its token budget is shortened longest field first, and every cut says so', () => {
  const blocks = [rolloutEvidence(rich('t1', 0), true), rolloutEvidence({ ...result('t2', 0), output: 'short' }, true)];
  const whole = fitEvidence(blocks);
  assert.equal(whole.shortened, 0);
  const fitted = fitEvidence(blocks, 2_000);
  assert.ok(fitted.shortened > 0);
  const text = fitted.texts.join('\n');
  assert.ok(text.length / 4 <= 2_000 * 1.05, `about 2,000 tokens, got ${Math.round(text.length / 4)}`);
  assert.match(text, /\[… \d+ characters left out here so the prompt fits its evidence budget of 2000 tokens\]/);
  assert.match(fitted.texts[1], /<answer>\nshort\n<\/answer>/, 'short fields are left whole');
  assert.match(formatComparison(comparisonPairs([rich('a', 1)], [rich('a', 0)]), 1_500), /left out here/);
});
