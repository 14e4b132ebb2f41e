import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkEvalsText } from '../../../src/core/tasks/load-evals-file';
import { TaskFileProblems } from '../../../src/core/tasks/task-file-problems';
import { evalsJson } from './task-file-helpers';

const file = '/skills/demo-skill/evals/evals.json';

test('skill-creator "assertions" (strings or {text} records) become hard criteria', () => {
  const result = checkEvalsText(
    evalsJson([
      { id: 1, prompt: 'Do the alpha thing.', assertions: ['Alpha is reported'] },
      { id: 2, prompt: 'Do beta.', expectations: ['Beta ran'], assertions: [{ text: 'Output has a findings table', passed: null, evidence: '' }] },
    ]),
    file,
  );
  assert.deepEqual(result.taskSet?.tasks.map((task) => task.rubric.hard), [['Alpha is reported'], ['Beta ran', 'Output has a findings table']]);
  assert.ok(!result.problems.some((problem) => problem.message.includes('unknown key')));

  const typed = checkEvalsText(evalsJson([{ id: 1, prompt: 'x', assertions: [{ type: 'contains', value: 'a' }] }]), file);
  assert.equal(typed.taskSet, undefined);
  assert.match(typed.problems[0]?.message ?? '', /typed checks such as \{"type": "contains"\} go in "assert"/);
  assert.equal(typed.problems[0]?.path, 'evals[0].assertions[0]');
});

test('an empty id says so in words', () => {
  const result = checkEvalsText(evalsJson([{ id: '  ', prompt: 'x', expected_output: 'y' }]), file);
  assert.equal(result.problems[0]?.path, 'evals[0].id');
  assert.match(result.problems[0]?.message ?? '', /is empty; give every task a unique non-empty "id"/);
});

test('thousands of broken tasks are reported quickly, capped with a closing note', () => {
  const evals = Array.from({ length: 5000 }, (_, index) => ({ id: index, prompt: '', assert: [{ type: 'containz' }] }));
  const started = Date.now();
  const result = checkEvalsText(evalsJson(evals), file);
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  assert.equal(result.taskSet, undefined);
  assert.equal(result.problems.length, TaskFileProblems.MAX_PROBLEMS + 1);
  const last = result.problems.at(-1);
  assert.equal(last?.severity, 'error');
  assert.match(last?.message ?? '', /^has \d+ more problems not listed; fix the ones above/);
});
