import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateTrials, measureJudgeNoise, summarizeTrials, isScoredTask } from '../../../src/core/evaluation';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import type { EvalTask } from '../../../src/core/tasks';

const task: EvalTask = { id: 'polite', prompt: 'Greet Ada politely.', rubric: { hard: ['The greeting is polite'], soft: [] }, assert: [] };

/** A judge that passes the first grading of an output and fails any later one: pure judge noise. */
function noisyJudge() {
  return new ScriptedChatModel([], {
    spec: 'scripted:judge',
    fallback: (request) => JSON.stringify({ verdicts: [{ criterion: '1. The greeting is polite', pass: (request.sampleIndex ?? 0) === 0, score: 1, evidence: '' }] }),
  });
}

test('the judge grades the same output twice, as separate samples, and the changed verdict is counted', async () => {
  const target = new ScriptedChatModel([], { fallback: () => 'Hello, Ada!' });
  const judge = noisyJudge();
  const trials = await evaluateTrials({ skill: { name: 's', text: 'Be polite.' }, tasks: [task], target, judge, trusted: true, trials: 2 });
  assert.deepEqual(target.calls.map((call) => call.sampleIndex ?? 0), [0, 1], 'each trial samples the target anew');
  assert.deepEqual(judge.calls.map((call) => call.sampleIndex ?? 0), [0, 1], 'and the judge too');
  const [summary] = summarizeTrials(['polite'], trials);
  assert.equal(summary!.flaky, true, 'the same answer passed once and failed once');
  const first = trials[0]!.filter(isScoredTask);
  const noise = await measureJudgeNoise({ tasks: [task], outputs: first, judge });
  assert.deepEqual({ regraded: noise.regraded, verdicts: noise.verdicts, changed: noise.changedVerdicts }, { regraded: 1, verdicts: 1, changed: 1 });
  assert.deepEqual(noise.tasks[0]!.changed, ['The greeting is polite']);
  assert.equal(judge.calls.at(-1)!.sampleIndex, 1);
  assert.match(judge.calls.at(-1)!.messages.at(-1)!.content, /Hello, Ada!/, 'the first trial\'s output was graded again');
});
