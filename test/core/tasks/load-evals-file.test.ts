import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inspectTaskSet, loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { TaskFileError } from '../../../src/core/tasks/task-file-error';
import { evalsJson, makeSkillFolder } from './task-file-helpers';

const fixtures = 'test/fixtures/tasks';

test('a full evals.json loads with numeric ids as strings, rubric defaults, expectations as hard criteria and sim hints', async () => {
  const taskSet = await loadTaskSet(join(fixtures, 'refund-helper'));
  assert.equal(taskSet.skillName, 'refund-helper');
  assert.equal(taskSet.source, join(fixtures, 'refund-helper/evals/evals.json'));
  assert.deepEqual(taskSet.sim, { difficulty: 'easy' });
  assert.deepEqual(taskSet.tasks.map((task) => task.id), ['1', 'late-return', '3', '4']);
  const [first, second, third, fourth] = taskSet.tasks;
  assert.equal(first.split, 'train');
  assert.deepEqual(first.files, ['evals/files/policy.md']);
  assert.deepEqual(first.rubric, {
    hard: ['States that the 30-day window has not passed'],
    soft: [
      { criterion: 'Mentions the receipt requirement', weight: 2 },
      { criterion: 'Friendly tone', weight: 1 },
    ],
  });
  assert.deepEqual(first.assert[1], { type: 'not-contains', value: 'As an AI', weight: 0.5 });
  assert.equal(second.split, undefined);
  assert.deepEqual(second.rubric.hard, ['Explains that the return window has passed']);
  assert.deepEqual(second.sim, { needs: ['policy-window'] });
  assert.deepEqual(third.rubric, { hard: [], soft: [] });
  assert.equal(fourth.expectedOutput, '30 days.');
  // Only the expected-output-only task draws a (non-fatal) note.
  assert.deepEqual(
    taskSet.warnings?.map((warning) => warning.path),
    ['evals[3]'],
  );
});

test('a JSON syntax error names the file with line and column', async () => {
  const skillDir = makeSkillFolder({ 'evals/evals.json': '{\n  "evals": [\n    {"id": 1, "prompt": "x",}\n  ]\n}\n' });
  await assert.rejects(loadTaskSet(skillDir), (error: unknown) => {
    assert.ok(error instanceof TaskFileError);
    assert.equal(error.code, 'task_file_invalid');
    assert.equal(error.line, 3);
    assert.match(error.message, /evals\/evals\.json:3:29: is not valid JSON/);
    assert.match(error.message, /fix the syntax/);
    return true;
  });
});

test('a truncated file points at its end', async () => {
  const skillDir = makeSkillFolder({ 'evals/evals.json': '{\n  "evals": [\n' });
  const { problems } = await inspectTaskSet(skillDir);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].line, 3);
  assert.equal(problems[0].column, 1);
});

test('schema errors carry the JSON path, the line and a fix, all of them at once', async () => {
  const text = evalsJson([
    { id: 1, prompt: 'ok', assert: [{ type: 'contains', value: 'x' }] },
    { id: 2, prompt: 'ok', rubric: { soft: [{ criterion: 'Polite', weight: 1 }, { criterion: 'Brief', weight: -2 }] } },
    { id: 3, prompt: '', split: 'validation', assert: [{ type: 'contians', value: 'x' }] },
    { prompt: 'no id', assert: [{ type: 'regex', value: '([a-z' }] },
  ]);
  const skillDir = makeSkillFolder({ 'evals/evals.json': text });
  const { problems, taskSet } = await inspectTaskSet(skillDir);
  assert.equal(taskSet, undefined);
  const byPath = new Map(problems.map((problem) => [problem.path, problem]));
  const weight = byPath.get('evals[1].rubric.soft[1].weight');
  assert.ok(weight, JSON.stringify(problems, null, 1));
  assert.equal(weight.severity, 'error');
  assert.match(weight.message, /greater than 0/);
  assert.equal(weight.line, text.split('\n').findIndex((line) => line.includes('-2')) + 1);
  assert.match(byPath.get('evals[2].prompt')?.message ?? '', /is empty/);
  assert.match(byPath.get('evals[2].split')?.message ?? '', /"train", "val" or "test"/);
  assert.match(byPath.get('evals[2].assert[0].type')?.message ?? '', /unknown assertion type 'contians'; did you mean 'contains'\?/);
  assert.match(byPath.get('evals[3].id')?.message ?? '', /is missing: give every task a unique "id"/);
  assert.match(byPath.get('evals[3].assert[0].value')?.message ?? '', /not a valid regular expression/);
  // Problems come in file order, so `validate` output reads top to bottom.
  const lines = problems.map((problem) => problem.line ?? 0);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
});

test('the thrown error names the first error and how many more there are', async () => {
  const skillDir = makeSkillFolder({
    'evals/evals.json': evalsJson([
      { id: 1, prompt: 'a', assert: [{ type: 'max-length', value: 'short' }] },
      { id: 2, prompt: 'b', assert: [{ type: 'contains' }] },
    ]),
  });
  await assert.rejects(loadTaskSet(skillDir), (error: unknown) => {
    assert.ok(error instanceof TaskFileError);
    assert.equal(error.jsonPath, 'evals[0].assert[0].value');
    assert.match(error.message, /at evals\[0\]\.assert\[0\]\.value: 'max-length' needs "value" set to a whole number of characters/);
    assert.match(error.message, /\(and 1 more error; run 'skill-trainer validate' to list them\)/);
    assert.equal(error.problems.length, 2);
    return true;
  });
});

test('duplicate ids are errors, also when a number and a string collide', async () => {
  const skillDir = makeSkillFolder({
    'evals/evals.json': evalsJson([
      { id: 7, prompt: 'a', assert: [{ type: 'contains', value: 'x' }] },
      { id: '7', prompt: 'b', assert: [{ type: 'contains', value: 'x' }] },
    ]),
  });
  const { problems } = await inspectTaskSet(skillDir);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, 'evals[1].id');
  assert.match(problems[0].message, /duplicate id "7" \(evals\[0\] has it too\)/);
});

test('unknown keys, missing input files, a foreign skill_name and unscorable tasks are warnings', async () => {
  const skillDir = makeSkillFolder({
    'evals/evals.json': evalsJson(
      [
        { id: 1, prompt: 'a', asserts: [], files: ['evals/files/missing.csv'], rubric: { hard: ['Polite'], sof: [] } },
        { id: 2, prompt: 'b', assert: [{ type: 'contains', value: 'x', metric: 'm' }] },
      ],
      { skill_name: 'other-name', version: 2 },
    ),
  });
  const taskSet = await loadTaskSet(skillDir);
  assert.equal(taskSet.tasks.length, 2);
  const messages = (taskSet.warnings ?? []).map((warning) => `${warning.path}: ${warning.message}`);
  assert.ok(messages.some((message) => /^version: unknown key "version"/.test(message)), messages.join('\n'));
  assert.ok(messages.some((message) => /^evals\[0\]\.asserts: unknown key "asserts": it is ignored; did you mean "assert"\?/.test(message)));
  assert.ok(messages.some((message) => /^evals\[0\]\.rubric\.sof: .*did you mean "soft"\?/.test(message)));
  assert.ok(messages.some((message) => /^evals\[0\]\.files\[0\]: input file "evals\/files\/missing\.csv" does not exist/.test(message)));
  assert.ok(messages.some((message) => /^evals\[1\]\.assert\[0\]\.metric: unknown key/.test(message)));
  assert.ok(messages.some((message) => /^skill_name: "other-name" differs from the skill folder name "demo-skill"/.test(message)));
  assert.ok(taskSet.warnings?.every((warning) => warning.severity === 'warning'));
});

test('a task with nothing to score against is warned about', async () => {
  const skillDir = makeSkillFolder({ 'evals/evals.json': evalsJson([{ id: 1, prompt: 'a' }]) });
  const taskSet = await loadTaskSet(skillDir);
  assert.match(taskSet.warnings?.[0].message ?? '', /has nothing to score against: add "rubric", "assert" or "expected_output"/);
});

test('an empty or wrongly shaped file says what the file must look like', async () => {
  for (const [text, pattern] of [
    ['[]', /must be a JSON object/],
    ['{"skill_name": "demo-skill"}', /at evals: is missing: the file needs "evals"/],
    ['{"evals": []}', /at evals: has no tasks/],
    ['{"evals": [{"id": 1, "prompt": "x", "rubric": {"hard": "Polite"}}]}', /at evals\[0\]\.rubric\.hard: must be a list of criteria/],
  ] as const) {
    const skillDir = makeSkillFolder({ 'evals/evals.json': text });
    await assert.rejects(loadTaskSet(skillDir), pattern, text);
  }
});

test('a BOM at the start of the file is fine', async () => {
  const skillDir = makeSkillFolder({ 'evals/evals.json': `\uFEFF${evalsJson([{ id: 1, prompt: 'a', expected_output: 'b' }])}` });
  const taskSet = await loadTaskSet(skillDir);
  assert.equal(taskSet.tasks[0].id, '1');
});

test('a skill without a task file is told where to put one', async () => {
  const skillDir = makeSkillFolder({ 'SKILL.md': '---\nname: demo-skill\n---\n' });
  await assert.rejects(loadTaskSet(skillDir), (error: unknown) => {
    assert.ok(error instanceof TaskFileError);
    assert.match(error.message, /no eval tasks found: create evals\/evals\.json/);
    return true;
  });
});
