import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { CallAbortedError } from '../../../src/core/models/model-errors';
import { combineChecks, NOTHING_TO_SCORE_REASON, scoreTask } from '../../../src/core/scoring/score-task';
import { JudgeRequiredError } from '../../../src/core/scoring/scoring-errors';
import type { EvalTask } from '../../../src/core/tasks/eval-task';
import type { CheckResult } from '../../../src/core/scoring/task-score';

const base: EvalTask = { id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [] };

test('assertions alone: hard needs every assertion, soft is the weighted mean', async () => {
  const task: EvalTask = {
    ...base,
    assert: [
      { type: 'contains', value: 'refund', weight: 3 },
      { type: 'max-words', value: 3 },
      { type: 'contains-all', value: ['a', 'b', 'z', 'q'] },
    ],
  };
  const score = await scoreTask(task, 'refund a b', { trusted: true });
  assert.equal(score.taskId, 't');
  assert.equal(score.hard, 0);
  // (3×1 + 1×1 + 1×0.5) / 5
  assert.equal(score.soft, 4.5 / 5);
  const passing = await scoreTask({ ...task, assert: task.assert.slice(0, 2) }, 'refund a b', { trusted: true });
  assert.deepEqual([passing.hard, passing.soft], [1, 1]);
});

test('assertions and rubric together, in one score', async () => {
  const task: EvalTask = { ...base, rubric: { hard: ['Polite'], soft: [{ criterion: 'Brief', weight: 2 }] }, assert: [{ type: 'icontains', value: 'thanks' }] };
  const judge = new ScriptedChatModel([
    JSON.stringify({ verdicts: [{ criterion: '1. Polite', pass: true, score: 1, evidence: '' }, { criterion: '2. Brief', pass: false, score: 0.25, evidence: '' }] }),
  ]);
  const score = await scoreTask(task, 'Thanks for asking, here is a very long answer', { judge, trusted: true });
  assert.equal(score.hard, 1);
  assert.equal(score.soft, (1 + 1 + 2 * 0.25) / 4);
  assert.deepEqual(score.checks.map((check) => check.kind), ['assertion', 'hard', 'soft']);
});

test('a javascript check skipped for trust counts in neither hard nor soft', async () => {
  const task: EvalTask = { ...base, assert: [{ type: 'contains', value: 'ok' }, { type: 'javascript', value: 'false' }] };
  const score = await scoreTask(task, 'ok', { trusted: false });
  assert.deepEqual([score.hard, score.soft], [1, 1]);
  assert.ok(score.checks[1].skipped);
  const trusted = await scoreTask(task, 'ok', { trusted: true });
  assert.deepEqual([trusted.hard, trusted.soft], [0, 0.5]);
});

test('rubric criteria without a judge are a configuration error, not a failed task', async () => {
  await assert.rejects(scoreTask({ ...base, rubric: { hard: ['Polite'], soft: [] } }, 'x', { trusted: true }), (error: unknown) => {
    assert.ok(error instanceof JudgeRequiredError);
    assert.equal(error.code, 'judge_required');
    assert.match(error.message, /Task 't' has 1 rubric criterion to grade but no judge model is set/);
    return true;
  });
});

test('a task with nothing to score scores 0 and says why', async () => {
  const score = await scoreTask(base, 'anything', { trusted: true });
  assert.deepEqual([score.hard, score.soft], [0, 0]);
  assert.equal(score.checks[0].reason, NOTHING_TO_SCORE_REASON);
});

test('a cancelled scoring throws before calling the judge', async () => {
  const judge = new ScriptedChatModel([]);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    scoreTask({ ...base, rubric: { hard: ['x'], soft: [] } }, 'o', { judge, trusted: true, signal: controller.signal }),
    CallAbortedError,
  );
  assert.equal(judge.calls.length, 0);
});

test('the judge request carries the caller\'s abort signal', async () => {
  const controller = new AbortController();
  const judge = new ScriptedChatModel([JSON.stringify({ verdicts: [{ criterion: '1', pass: true, score: 1, evidence: '' }] })]);
  await scoreTask({ ...base, rubric: { hard: ['x'], soft: [] } }, 'o', { judge, trusted: true, signal: controller.signal });
  assert.equal(judge.calls[0].signal, controller.signal);
});

test('weights of 0 everywhere fall back to an unweighted mean', () => {
  const checks: CheckResult[] = [
    { kind: 'assertion', name: 'a', pass: true, score: 1, weight: 0, reason: '' },
    { kind: 'assertion', name: 'b', pass: false, score: 0, weight: 0, reason: '' },
  ];
  assert.deepEqual([combineChecks(checks).hard, combineChecks(checks).soft], [0, 0.5]);
  assert.deepEqual([combineChecks([]).hard, combineChecks([]).soft], [0, 0]);
});
