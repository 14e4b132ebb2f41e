import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest } from '../../../src/core/models/chat-model';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { scoreTask } from '../../../src/core/scoring/score-task';
import type { AssertionSpec, EvalTask } from '../../../src/core/tasks/eval-task';

const baseTask: EvalTask = {
  id: 'capital',
  prompt: 'What is the capital of France?',
  rubric: { hard: [], soft: [] },
  assert: [],
  vars: { query: 'capital of France', context: 'Paris is the capital and largest city of France.' },
};

/** A judge that answers every numbered criterion with the verdicts given, in order. */
function judgeWith(...verdicts: { pass: boolean; score: number; evidence?: string }[][]) {
  return new ScriptedChatModel(
    verdicts.map((list) => (request: ChatRequest) => {
      const lines = /<criteria>\n([\s\S]*?)\n<\/criteria>/.exec(request.messages[1].content)![1].split('\n');
      return JSON.stringify({ verdicts: lines.map((line, index) => ({ criterion: line, evidence: 'because', ...list[index] })) });
    }),
  );
}

function criteriaOf(request: ChatRequest): string[] {
  return /<criteria>\n([\s\S]*?)\n<\/criteria>/.exec(request.messages[1].content)![1].split('\n');
}

test("promptfoo's model-graded checks become criteria of one judge call, phrased for the judge", async () => {
  const assertions: AssertionSpec[] = [
    { type: 'llm-rubric', value: 'Names Paris' },
    { type: 'factuality', value: 'Paris is the capital of France' },
    { type: 'model-graded-closedqa', value: 'Answers in one sentence' },
    { type: 'answer-relevance' },
    { type: 'context-faithfulness' },
    { type: 'similar', value: 'The capital is Paris.' },
    { type: 'contains', value: 'Paris' },
  ];
  const judge = judgeWith(Array.from({ length: 6 }, () => ({ pass: true, score: 1 })));
  const score = await scoreTask({ ...baseTask, assert: assertions }, 'Paris.', { judge, trusted: true });
  assert.equal(judge.calls.length, 1);
  assert.deepEqual(criteriaOf(judge.calls[0]), [
    '1. Names Paris',
    '2. Is consistent with this reference answer, which is correct: "Paris is the capital of France". Leaving details out or adding details that agree with it is fine; contradicting it is not.',
    '3. Answers in one sentence',
    '4. Is relevant to this question and answers it directly: "capital of France"',
    '5. Every claim it makes is supported by this context: "Paris is the capital and largest city of France."',
    '6. Says the same thing as this text (wording may differ): "The capital is Paris."',
  ]);
  // Checks keep the order of the suite's assertions.
  assert.deepEqual(score.checks.map((check) => check.name), ['llm-rubric', 'factuality', 'model-graded-closedqa', 'answer-relevance', 'context-faithfulness', 'similar', 'contains']);
  assert.equal(score.hard, 1);
  // A check graded by the judge in place of an embedding model says so.
  assert.match(score.checks[5].reason, /graded by the judge: no embedding model is configured/);
});

test('thresholds: the judge score decides where promptfoo scores on a scale; not- inverts; weights count', async () => {
  const assertions: AssertionSpec[] = [
    { type: 'g-eval', value: 'Coherent' }, // passes at 0.7 by default
    { type: 'similar', value: 'Paris', threshold: 0.9 },
    { type: 'not-llm-rubric', value: 'Apologises' },
    { type: 'llm-rubric', value: 'Is short', weight: 3 },
  ];
  const judge = judgeWith([
    { pass: true, score: 0.65 },
    { pass: true, score: 0.95 },
    { pass: false, score: 0 },
    { pass: true, score: 1 },
  ]);
  const score = await scoreTask({ ...baseTask, assert: assertions }, 'Paris.', { judge, trusted: true });
  assert.deepEqual(score.checks.map((check) => [check.name, check.pass, check.score]), [
    ['g-eval', false, 0.65],
    ['similar', true, 0.95],
    ['not-llm-rubric', true, 1],
    ['llm-rubric', true, 1],
  ]);
  assert.match(score.checks[0].reason, /\(score 0\.65, threshold 0\.7\)/);
  assert.equal(score.hard, 0);
  assert.equal(score.soft, (0.65 + 0.95 + 1 + 3) / 6);
});

test("a task's threshold passes it on the weighted mean, as promptfoo's test threshold does", async () => {
  const task = { ...baseTask, assert: [{ type: 'contains', value: 'Paris' }, { type: 'contains', value: 'Lyon' }], threshold: 0.5 };
  assert.equal((await scoreTask(task, 'Paris', { trusted: true })).hard, 1);
  assert.equal((await scoreTask({ ...task, threshold: 0.6 }, 'Paris', { trusted: true })).hard, 0);
});

test("an llm-rubric with the suite's own grading prompt is asked as written, in a call of its own", async () => {
  const rubricPrompt = [
    { role: 'system' as const, content: 'Grade strictly. Award points for {{topic}}.' },
    { role: 'user' as const, content: 'Rubric: {{rubric}}\nOutput: {{ output }}' },
  ];
  const judge = new ScriptedChatModel([JSON.stringify({ pass: true, score: 3, reason: 'three points' })]);
  const task: EvalTask = { ...baseTask, vars: { topic: 'geography' }, assert: [{ type: 'llm-rubric', value: 'Names the city', rubricPrompt }] };
  // The output is graded as text: template tags in it are not rendered.
  const score = await scoreTask(task, 'Paris {{topic}}', { judge, trusted: true });
  assert.deepEqual(judge.calls[0].messages, [
    { role: 'system', content: 'Grade strictly. Award points for geography.' },
    { role: 'user', content: 'Rubric: Names the city\nOutput: Paris {{topic}}' },
  ]);
  assert.equal(judge.calls[0].label, 'judge');
  // Points beyond 1 are a full score.
  assert.deepEqual([score.checks[0].pass, score.checks[0].score], [true, 1]);
  assert.match(score.checks[0].reason, /three points/);
});

test('a check with its own transform is graded on what the transform returns', async () => {
  const judge = judgeWith([{ pass: true, score: 1 }], [{ pass: false, score: 0 }]);
  const task: EvalTask = {
    ...baseTask,
    outputFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' } },
    assert: [
      { type: 'llm-rubric', value: 'Is a city' },
      { type: 'llm-rubric', value: 'Names a country', transform: 'output.country' },
    ],
  };
  const score = await scoreTask(task, '{"city": "Paris", "country": "France"}', { judge, trusted: true });
  assert.equal(judge.calls.length, 2);
  assert.match(judge.calls[0].messages[1].content, /<output>\n\{"city": "Paris", "country": "France"\}\n<\/output>/);
  assert.match(judge.calls[1].messages[1].content, /<output>\nFrance\n<\/output>/);
  assert.deepEqual(score.checks.map((check) => check.pass), [true, false]);
});

test('judged checks need a judge; the error says so before any call', async () => {
  await assert.rejects(scoreTask({ ...baseTask, assert: [{ type: 'factuality', value: 'x' }] }, 'y', { trusted: true }), { code: 'judge_required' });
});
