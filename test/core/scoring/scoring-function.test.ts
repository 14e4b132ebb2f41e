import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUsage } from '../../../src/core/models/chat-model';
import { pythonInterpreter } from '../../../src/core/scoring/code/run-python';
import { scoreTask } from '../../../src/core/scoring/score-task';
import type { AssertionSpec, EvalTask } from '../../../src/core/tasks/eval-task';
import { makeSkillFolder } from '../tasks/task-file-helpers';

// promptfoo's assertScoringFunction, as its documentation describes it: the function gets
// the named scores (metric → score) and a context (threshold, component results, tokens)
// and returns {pass, score, reason}, which decide the test in place of the weighted mean.

const skillDirectory = makeSkillFolder({
  // The weakest named score decides; the context is echoed so the test can read it.
  'evals/weakest.js':
    'module.exports = (namedScores, context) => {\n' +
    '  const weakest = Math.min(...Object.values(namedScores));\n' +
    '  const threshold = context.threshold ?? 0.5;\n' +
    '  return { pass: weakest >= threshold, score: weakest, reason: JSON.stringify({ namedScores, threshold: context.threshold, types: context.componentResults.map((r) => r.assertion.type + ":" + r.pass), tokens: context.tokensUsed }) };\n' +
    '};\n',
  'evals/lenient.mjs': 'export function forgiving(namedScores) { return { pass: (namedScores.accuracy ?? 0) > 0, score: 0.9, reason: "accuracy is enough" }; }\n',
  'evals/broken.js': 'module.exports = { throws: () => { throw new Error("no metrics to score"); }, shapeless: () => "fine" };\n',
  'evals/scoring.py':
    'def func(named_scores, context):\n' +
    '    accuracy = named_scores.get("accuracy", 0)\n' +
    '    return {"pass": accuracy >= context.get("threshold", 0.7), "score": accuracy / 2, "reason": "python saw " + ",".join(sorted(named_scores))}\n' +
    '\n' +
    'def strict(named_scores, context):\n' +
    '    return {"pass": False, "score": 0, "reason": "strict"}\n',
});

const task = (assertions: AssertionSpec[], extra: Partial<EvalTask> = {}): EvalTask => ({
  id: 'refund',
  prompt: 'Can I get a refund?',
  rubric: { hard: [], soft: [] },
  assert: assertions,
  ...extra,
});

const checks: AssertionSpec[] = [
  { type: 'contains', value: 'refund', metric: 'accuracy' },
  { type: 'contains', value: '30 days', metric: 'accuracy' },
  { type: 'icontains', value: 'sorry', metric: 'tone' },
  { type: 'max-length', value: 500 },
];
const reply = 'Sorry for the trouble: you can get a refund within two weeks.';

test('a JavaScript scoring function decides hard and soft from the named scores, with the threshold, results and tokens in its context', async () => {
  const usage = { ...emptyUsage(), inputTokens: 120, outputTokens: 30 };
  const score = await scoreTask(task(checks, { scoringFunction: 'file://evals/weakest.js', threshold: 0.8 }), reply, { trusted: true, skillDirectory, usage });
  // Without the function: 3 of 4 checks pass, soft 0.75, below the 0.8 threshold → hard 0.
  assert.equal(score.hard, 1);
  assert.equal(score.soft, 1);
  const verdict = score.checks.at(-1)!;
  assert.equal(verdict.name, 'assertScoringFunction');
  assert.equal(verdict.weight, 0);
  const seen = JSON.parse(verdict.reason.replace(/^expected to pass the scoring function evals\/weakest\.js; it returned pass=true, score=1: /, ''));
  assert.deepEqual(seen, {
    namedScores: { accuracy: 1, tone: 1 },
    threshold: 0.8,
    types: ['contains:true', 'contains:false', 'icontains:true', 'max-length:true'],
    tokens: { total: 150, prompt: 120, completion: 30 },
  });
  assert.equal(score.checks.length, 5);
});

test('a named export can pass a task whose checks fail; without a threshold none is given', async () => {
  const score = await scoreTask(task(checks.slice(0, 2), { scoringFunction: 'file://evals/lenient.mjs:forgiving' }), 'No refunds after two weeks.', { trusted: true, skillDirectory });
  assert.deepEqual([score.hard, score.soft], [1, 0.9]);
  assert.match(score.checks.at(-1)!.reason, /returned pass=true, score=0\.9: accuracy is enough$/);
  const weakest = await scoreTask(task([{ type: 'contains', value: 'refund', metric: 'accuracy' }, { type: 'contains', value: 'sorry', metric: 'tone' }], { scoringFunction: 'file://evals/weakest.js' }), 'A refund.', { trusted: true, skillDirectory });
  assert.deepEqual([weakest.hard, weakest.soft], [0, 0]);
  assert.equal(JSON.parse(weakest.checks.at(-1)!.reason.split(': ').slice(1).join(': ')).threshold, undefined);
});

test('scores sharing a metric add up (as in promptfoo); checks that did not run are left out', async () => {
  // A cost check with no known price is skipped (see call-usage-assertions).
  const score = await scoreTask(
    task([{ type: 'contains', value: 'refund', metric: 'accuracy' }, { type: 'icontains', value: 'SORRY', metric: 'accuracy' }, { type: 'cost', value: 0.01, metric: 'budget' }], { scoringFunction: 'file://evals/weakest.js' }),
    reply,
    { trusted: true, skillDirectory, usage: { ...emptyUsage(), costUsd: null } },
  );
  assert.ok(score.checks[2].skipped);
  assert.deepEqual(JSON.parse(score.checks.at(-1)!.reason.split(': ').slice(1).join(': ')).namedScores, { accuracy: 2 });
});

test('a scoring function that throws or returns something else fails the task and says why', async () => {
  const thrown = await scoreTask(task(checks, { scoringFunction: 'file://evals/broken.js:throws' }), reply, { trusted: true, skillDirectory });
  assert.deepEqual([thrown.hard, thrown.soft], [0, 0]);
  assert.match(thrown.checks.at(-1)!.reason, /^expected to pass the scoring function evals\/broken\.js:throws; it threw Error: no metrics to score$/);
  const shapeless = await scoreTask(task(checks, { scoringFunction: 'file://evals/broken.js:shapeless' }), reply, { trusted: true, skillDirectory });
  assert.deepEqual([shapeless.hard, shapeless.soft], [0, 0]);
  assert.match(shapeless.checks.at(-1)!.reason, /it returned fine; make the code return true\/false, a number from 0 to 1, or \{pass, score, reason\}/);
  const missing = await scoreTask(task(checks, { scoringFunction: 'file://evals/gone.js' }), reply, { trusted: true, skillDirectory });
  assert.match(missing.checks.at(-1)!.reason, /gone\.js does not exist/);
});

test('in an untrusted workspace the function does not run: the checks combine as usual, and a skipped entry says so', async () => {
  const score = await scoreTask(task(checks, { scoringFunction: 'file://evals/weakest.js', threshold: 0.7 }), reply, { trusted: false, skillDirectory });
  assert.deepEqual([score.hard, score.soft], [1, 0.75]);
  const note = score.checks.at(-1)!;
  assert.equal(note.name, 'assertScoringFunction');
  assert.match(note.skipped ?? '', /^not run: the scoring function evals\/weakest\.js is code from the eval file, and this workspace is not trusted\. Trust the workspace .*; the checks are combined as usual \(weighted mean against the threshold\)$/);
});

test('a Python scoring function gets the named scores and the context', { skip: pythonInterpreter() === null && 'no python3 on this machine' }, async () => {
  const score = await scoreTask(task(checks, { scoringFunction: 'file://evals/scoring.py' }), reply, { trusted: true, skillDirectory });
  // No threshold: context has none, and the function's own default (0.7) applies.
  assert.deepEqual([score.hard, score.soft], [1, 0.5]);
  assert.match(score.checks.at(-1)!.reason, /returned pass=true, score=0\.5: python saw accuracy,tone$/);
  const strict = await scoreTask(task(checks, { scoringFunction: 'file://evals/scoring.py:strict' }), reply, { trusted: true, skillDirectory });
  assert.deepEqual([strict.hard, strict.soft], [0, 0]);
});
