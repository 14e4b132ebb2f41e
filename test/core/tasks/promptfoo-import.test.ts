import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { inspectTaskSet, loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { assertionFromShorthand } from '../../../src/core/tasks/promptfoo/csv-row-test';
import { parseCsv } from '../../../src/core/tasks/promptfoo/parse-csv';
import { expandVars } from '../../../src/core/tasks/promptfoo/promptfoo-vars';
import { makeSkillFolder } from './task-file-helpers';

const suiteDir = 'test/fixtures/tasks/translate-suite';

test('every prompt × every expanded test becomes a task, with defaultTest merged in', async () => {
  const taskSet = await loadTaskSet(suiteDir);
  assert.equal(taskSet.source, join(suiteDir, 'promptfooconfig.yaml'));
  // 3 prompts (one inline, two from prompts.txt split on ---) × 6 tests (greeting, 2 languages, YAML file, 2 CSV rows).
  assert.equal(taskSet.tasks.length, 18);
  const byId = new Map(taskSet.tasks.map((task) => [task.id, task]));

  const greeting = byId.get('prompt-1/test-1');
  assert.ok(greeting);
  assert.equal(greeting.prompt, 'Translate into French: Hello');
  assert.equal(greeting.description, 'greeting');
  assert.deepEqual(greeting.vars, { language: 'French', input: 'Hello' });
  // llm-rubric is graded by the judge as an assertion; latency's threshold (ms) is its limit.
  assert.deepEqual(greeting.assert, [
    { type: 'not-icontains', value: 'as an AI' },
    { type: 'icontains', value: 'French', weight: 2 },
    { type: 'llm-rubric', value: 'Keeps the greeting informal' },
    { type: 'latency', value: 3000 },
  ]);
  assert.deepEqual(greeting.rubric, { hard: [], soft: [] });
  assert.equal(byId.get('prompt-2/test-1')?.prompt, 'You are a translator. Say "Hello" in French.');
  assert.equal(byId.get('prompt-3/test-1')?.prompt, 'French please: Hello');

  assert.equal(byId.get('prompt-1/test-2')?.prompt, 'Translate into German: Goodbye');
  assert.equal(byId.get('prompt-1/test-3')?.prompt, 'Translate into Spanish: Goodbye');
  assert.equal(byId.get('prompt-1/test-3')?.split, 'test');

  assert.deepEqual(byId.get('prompt-1/test-4')?.assert.slice(1), [{ type: 'g-eval', value: 'Sounds natural to a native speaker', weight: 3 }]);
  assert.equal(byId.get('prompt-1/test-4')?.description, 'from a YAML file');

  const csvRow = byId.get('prompt-1/test-5');
  assert.equal(csvRow?.prompt, 'Translate into French: Good night, friends');
  assert.equal(csvRow?.split, 'val');
  assert.equal(csvRow?.description, 'csv row');
  assert.deepEqual(csvRow?.assert.slice(1), [
    { type: 'contains', value: 'nuit' },
    { type: 'max-words', value: 8 },
  ]);
  assert.deepEqual(byId.get('prompt-1/test-6')?.assert.slice(1), [{ type: 'javascript', value: 'output.length < 40' }]);

  assert.deepEqual(taskSet.warnings ?? [], []);
});

test('loadTaskSet prefers evals/evals.json over a promptfoo config', async () => {
  const skillDir = makeSkillFolder({
    'evals/evals.json': JSON.stringify({ evals: [{ id: 'from-evals', prompt: 'p', expected_output: 'x' }] }),
    'promptfooconfig.yaml': 'prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n',
  });
  assert.deepEqual((await loadTaskSet(skillDir)).tasks.map((task) => task.id), ['from-evals']);
});

test('promptfoo problems are located in the YAML with line numbers and fixes', async () => {
  const skillDir = makeSkillFolder({
    'promptfooconfig.yaml': [
      'prompts:',
      '  - "Answer: {{question}}"',
      'tests:',
      '  - vars:',
      '      question: What is 2+2?',
      '    assert:',
      '      - type: contians',
      '        value: "4"',
      '      - type: regex',
      '        value: "(unclosed"',
      '  - vars:',
      '      question: x',
      '    metadata:',
      '      split: validation',
    ].join('\n'),
  });
  const { problems, taskSet } = await inspectTaskSet(skillDir);
  assert.equal(taskSet, undefined);
  const summary = problems
    .filter((problem) => problem.severity === 'error')
    .map((problem) => `${problem.line}: ${problem.path}: ${problem.message}`);
  assert.equal(summary.length, 3, summary.join('\n'));
  assert.match(summary[0], /^7: tests\[0\]\.assert\[0\]\.type: unknown assertion type 'contians'; did you mean 'contains'\?/);
  assert.match(summary[1], /^10: tests\[0\]\.assert\[1\]\.value: 'regex' has a "value" that is not a valid regular expression/);
  assert.match(summary[2], /^14: tests\[1\]\.metadata\.split: is "validation"; it must be "train", "val" or "test"/);
});

test('YAML syntax errors give line and column', async () => {
  const skillDir = makeSkillFolder({ 'promptfooconfig.yaml': 'prompts:\n  - "a\ntests: [\n' });
  const { problems } = await inspectTaskSet(skillDir);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, /is not valid YAML/);
  assert.equal(typeof problems[0].line, 'number');
  assert.equal(typeof problems[0].column, 'number');
});

test('a suite without prompts or tests, and unsupported prompt files, are errors that say what to write', async () => {
  let result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'tests:\n  - vars: {a: 1}\n' }));
  assert.match(result.problems[0].message, /is missing: the suite needs "prompts" .* or tests that set the "prompt" variable/);
  // Without prompts, promptfoo sends each test's "prompt" variable.
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'tests:\n  - vars: {prompt: Hi}\n    assert: [{type: contains, value: a}]\n' }));
  assert.equal(result.taskSet?.tasks[0]?.prompt, 'Hi');
  // Without tests, promptfoo runs each prompt once.
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["{{a}}"]\n' }));
  assert.match(result.problems[0].message, /renders as empty text/);
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["Say hi", "Say bye"]\ndefaultTest: {assert: [{type: icontains, value: say}]}\n' }));
  assert.deepEqual(result.taskSet?.tasks.map((task) => [task.id, task.prompt]), [['prompt-1/test-1', 'Say hi'], ['prompt-2/test-1', 'Say bye']]);
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["file://prompt.js"]\ntests: [{vars: {a: 1}}]\n' }));
  assert.match(result.problems[0].message, /builds the prompt with code, but it points to prompt\.js, which does not exist/);
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["file://nope.yaml"]\ntests: [{vars: {a: 1}}]\n' }));
  assert.match(result.problems[0].message, /points to nope\.yaml, which cannot be read \(ENOENT/);
  result = await inspectTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["file://nope.txt"]\ntests: [{vars: {a: 1}}]\n' }));
  assert.match(result.problems[0].message, /cannot be read/);
});

test('warnings: missing template variables, test-level threshold, unknown keys, nothing to score', async () => {
  const taskSet = await loadTaskSet(
    makeSkillFolder({
      'promptfooconfig.yaml': [
        'prompts: ["{{greeting}}, {{name}}"]',
        'retries: 3',
        'tests:',
        '  - vars: {greeting: Hi}',
        '    threshold: 0.5',
        '    assert: [{type: contains, value: Hi}]',
      ].join('\n'),
    }),
  );
  assert.equal(taskSet.tasks[0].prompt, 'Hi, ');
  const messages = (taskSet.warnings ?? []).map((warning) => warning.message).join('\n');
  assert.match(messages, /unknown key "retries"/);
  assert.match(messages, /prompt 1 uses \{\{name\}\}, which this test does not set/);
  assert.equal(taskSet.tasks[0].threshold, 0.5);

  const bare = await loadTaskSet(makeSkillFolder({ 'promptfooconfig.yaml': 'prompts: ["{{a}}"]\ntests: [{vars: {a: 1}}, {vars: {a: 2}, assert: [{type: contains, value: x}]}]\n' }));
  assert.deepEqual(
    bare.warnings?.map((warning) => warning.message),
    ["1 of 2 tasks has nothing to check ('test-1'): no assertions, or only ones that were skipped; they always score 0, and train refuses to start until every task has a check"],
  );
});

test('file:// variables load text, JSON and YAML relative to the config', async () => {
  const skillDir = makeSkillFolder({
    'evals/promptfooconfig.yaml': 'prompts: ["{{doc}} | {{data.k}}"]\ntests:\n  - vars: {doc: "file://doc.txt", data: "file://data.json"}\n    assert: [{type: is-json}]\n',
    'evals/doc.txt': 'Document text',
    'evals/data.json': '{"k": "v"}',
  });
  const taskSet = await loadTaskSet(skillDir);
  assert.equal(taskSet.tasks[0].prompt, 'Document text | v');
});

test('CSV: quotes, doubled quotes, line breaks inside cells, CRLF, and ragged rows', () => {
  const table = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n"multi\nline",2\n\n3\n');
  assert.deepEqual(table.header, ['a', 'b']);
  assert.deepEqual(
    table.rows.map((row) => [row.line, row.cells]),
    [
      [2, { a: 'x, y', b: 'say "hi"' }],
      [3, { a: 'multi\nline', b: '2' }],
      [6, { a: '3', b: '' }],
    ],
  );
  assert.throws(() => parseCsv('a\n"open'), /never closed/);
  assert.throws(() => parseCsv('a\n1,2'), /has 2 cells but the header has 1 columns/);
});

test('__expected shorthand maps to assertion types', () => {
  assert.deepEqual(assertionFromShorthand('contains: refund'), { type: 'contains', value: 'refund' });
  assert.deepEqual(assertionFromShorthand('not-icontains: sorry'), { type: 'not-icontains', value: 'sorry' });
  assert.deepEqual(assertionFromShorthand('contains-any: a, b,c'), { type: 'contains-any', value: ['a', 'b', 'c'] });
  assert.deepEqual(assertionFromShorthand('grade: is polite'), { type: 'llm-rubric', value: 'is polite' });
  assert.deepEqual(assertionFromShorthand('fn: output.length > 2'), { type: 'javascript', value: 'output.length > 2' });
  assert.deepEqual(assertionFromShorthand('is-json:'), { type: 'is-json' });
  assert.deepEqual(assertionFromShorthand('word-count: 12'), { type: 'word-count', value: 12 });
  assert.deepEqual(assertionFromShorthand('Paris'), { type: 'equals', value: 'Paris' });
  assert.deepEqual(assertionFromShorthand('note: not a type'), { type: 'equals', value: 'note: not a type' });
});

test('list-valued vars expand into one test per combination', () => {
  assert.deepEqual(expandVars({ a: ['1', '2'], b: 'x', c: ['p', 'q'] }), [
    { a: '1', b: 'x', c: 'p' },
    { a: '1', b: 'x', c: 'q' },
    { a: '2', b: 'x', c: 'p' },
    { a: '2', b: 'x', c: 'q' },
  ]);
  // As in promptfoo, only lists of strings expand: a conversation's messages stay one value.
  const turns = [{ user: 'hi' }, { assistant: 'hello' }];
  assert.deepEqual(expandVars({ turns, n: [1, 2] }), [{ turns, n: [1, 2] }]);
  assert.deepEqual(expandVars({ empty: [] }), [{ empty: [] }]);
});
