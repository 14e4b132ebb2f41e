import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

async function load(config: string, files: Record<string, string> = {}, options: { runCode?: boolean } = { runCode: true }) {
  const suite = await loadPromptfooSuite(config, files, options);
  return { tasks: suite.tasks, ...suite.located };
}

test('scenarios run each of their tests once per config entry, vars and assertions merged', async () => {
  const { tasks, errors, warnings } = await load(
    [
      'prompts: ["Translate {{input}} into {{language}}"]',
      'scenarios:',
      '  - config:',
      '      - vars: {language: French, hello: Bonjour}',
      '      - vars: {language: German, hello: Hallo}',
      '        assert: [{type: not-icontains, value: sorry}]',
      '    tests:',
      '      - vars: {input: Hello}',
      '        assert: [{type: icontains, value: "{{hello}}"}]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(errors, []);
  // The key is read: no "unknown key" warning and no "not imported" one.
  assert.deepEqual(warnings, []);
  assert.deepEqual(
    tasks.map((task) => [task.prompt, task.assert]),
    [
      ['Translate Hello into French', [{ type: 'icontains', value: 'Bonjour' }]],
      ['Translate Hello into German', [{ type: 'not-icontains', value: 'sorry' }, { type: 'icontains', value: 'Hallo' }]],
    ],
  );
});

test('$ref assertion templates are resolved; a missing one is named as such', async () => {
  const config = (name: string) =>
    [
      'assertionTemplates:',
      '  noApology: {type: not-icontains, value: sorry}',
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: hi}',
      '    assert:',
      `      - $ref: '#/assertionTemplates/${name}'`,
      '      - {$ref: "#/assertionTemplates/noApology", weight: 2}',
      '',
    ].join('\n');
  const { tasks, errors } = await load(config('noApology'));
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'not-icontains', value: 'sorry' },
    { type: 'not-icontains', value: 'sorry', weight: 2 },
  ]);
  const missing = await load(config('polite'));
  assert.deepEqual(missing.errors, [
    "promptfooconfig.yaml:7 tests[0].assert[0]: $ref #/assertionTemplates/polite names nothing in this file; define it (e.g. assertionTemplates: {polite: {type: contains, value: ...}}) or fix the name",
  ]);
});

test('JSONL tests, vars from a glob of files, and vars from YAML files load as in promptfoo', async () => {
  const jsonl = await load('prompts: ["{{q}}"]\ntests: file://cases.jsonl\n', {
    'evals/cases.jsonl': '{"vars": {"q": "one"}, "assert": [{"type": "contains", "value": "1"}]}\n\n{"q": "two", "expected": "2"}\n{broken\n',
  });
  assert.equal(jsonl.errors.length, 1);
  assert.match(jsonl.errors[0], /^cases\.jsonl:4 : is not valid JSON \(.*\); each line of a \.jsonl file is one test as a JSON object$/);

  const rows = await load('prompts: ["{{q}}"]\ndefaultTest: {assert: [{type: equals, value: "{{expected}}"}]}\ntests: file://cases.jsonl\n', {
    'evals/cases.jsonl': '{"q": "one", "expected": "1"}\n{"q": "two", "expected": "2"}\n',
  });
  assert.deepEqual(rows.errors, []);
  assert.deepEqual(rows.tasks.map((task) => [task.prompt, task.assert[0]?.value]), [['one', '1'], ['two', '2']]);
  assert.match(rows.warnings.join('\n'), /every row of this file holds no test keys \(vars, assert, \.\.\.\), so each is read as the variables of one test/);

  const globbed = await load('prompts: ["Summarise: {{article}}"]\ntests:\n  - vars: {article: "file://articles/*.txt"}\n    assert: [{type: max-words, value: 50}]\n', {
    'evals/articles/a.txt': 'First article.',
    'evals/articles/b.txt': 'Second article.',
  });
  assert.deepEqual(globbed.tasks.map((task) => task.prompt), ['Summarise: First article.', 'Summarise: Second article.']);

  const varFiles = await load('prompts: ["{{greeting}} {{name}}"]\ntests:\n  - vars: [file://vars/*.yaml]\n    assert: [{type: contains, value: Ada}]\n', {
    'evals/vars/a.yaml': 'greeting: Hello\n',
    'evals/vars/b.yaml': 'name: Ada\n',
  });
  assert.deepEqual(varFiles.tasks.map((task) => task.prompt), ['Hello Ada']);
});

test('CSV columns: __expected shorthand with thresholds, __config, __threshold, __metric, __prefix and __metadata lists', async () => {
  const { tasks, errors, warnings } = await load('prompts: ["Tell me about {{topic}}"]\ntests: file://tests.csv\n', {
    'evals/tests.csv': [
      'topic,__expected1,__expected2,__config:__expected2:threshold,__threshold,__prefix,__metadata:tags[],__note',
      'tides,contains: moon,similar(0.9): gravity pulls the sea,0.6,0.5,Briefly: ,"a,b\\,c",x',
      'stars,llm-rubric: mentions fusion,,,,,,',
    ].join('\n'),
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'contains', value: 'moon' },
    { type: 'similar', value: 'gravity pulls the sea', threshold: 0.6 },
  ]);
  assert.equal(tasks[0]?.threshold, 0.5);
  assert.equal(tasks[0]?.prompt, 'Briefly: Tell me about tides');
  assert.deepEqual(tasks[1]?.assert, [{ type: 'llm-rubric', value: 'mentions fusion' }]);
  // One message for the unknown column, not one per row.
  assert.deepEqual(warnings, ['tests.csv:2 : column "__note" is not a promptfoo column Skill Trainer reads (it reads __expected, __config:__expectedN:threshold, __threshold, __metric, __description, __metadata:*, __prefix, __suffix); it is ignored']);
});

test('tests from the web, datasets and missing or TypeScript generators are refused with one message each; their keys are not called unknown', async () => {
  const sources = [
    ['huggingface://datasets/cais/mmlu?split=test', /loads tests from a Hugging Face dataset .*download the rows once/],
    ['https://docs.google.com/spreadsheets/d/abc/edit', /loads tests from a Google Sheet .*export the sheet as CSV/],
    ['file://generate.py:make_tests', /generates tests with code, but it points to generate\.py, which does not exist/],
  ] as const;
  for (const [source, pattern] of sources) {
    const { errors, warnings } = await load(`prompts: ["{{q}}"]\ntests:\n  - ${source}\n`);
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], pattern);
    assert.deepEqual(warnings, []);
  }
  const withConfig = await load('prompts: ["{{q}}"]\ntests:\n  - path: file://dataset_loader.ts:generate_tests\n    config: {dataset: truthful_qa, filter: easy}\n');
  assert.equal(withConfig.errors.length, 1);
  assert.match(withConfig.errors[0], /tests\[0\]\.path: generates tests with code/);
  assert.deepEqual(withConfig.warnings, []);
});

test('red-team configs and outputs stored for later tests are named', async () => {
  const redteam = await load('targets: [openai:gpt-4o]\nredteam:\n  plugins: [harmful]\n');
  assert.match(redteam.errors[0], /redteam: is a red-team configuration: promptfoo generates its tests/);

  const stored = await load('prompts: ["{{m}}"]\ntests:\n  - vars: {m: hi}\n    options: {storeOutputAs: reply}\n    assert: [{type: contains, value: x}]\n');
  assert.match(stored.errors[0], /options\.storeOutputAs: keeps this test's output for later tests/);

});

test('a check type that cannot be run is reported once per file with its count, and so are the tasks left with no check', async () => {
  const { tasks, warnings } = await load(
    [
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: a}',
      '    assert: [{type: select-best, value: funniest}]',
      '  - vars: {q: b}',
      '    assert: [{type: select-best, value: funniest}, {type: contains, value: b}]',
      '  - vars: {q: c}',
      '    assert: [{type: finish-reason, value: stop}]',
      '',
    ].join('\n'),
  );
  assert.equal(tasks.length, 3);
  assert.deepEqual(warnings, [
    "promptfooconfig.yaml:1 : 2 of 3 tasks have nothing to check ('test-1', 'test-3'): no assertions, or only ones that were skipped; they always score 0, and train refuses to start until every task has a check",
    "promptfooconfig.yaml:4 tests[0].assert[0].type: promptfoo assertion 'select-best' cannot be checked by Skill Trainer: it compares the outputs of several prompts or models, and a task has one output; all 2 uses in this file are skipped (this is the first)",
    "promptfooconfig.yaml:8 tests[2].assert[0].type: promptfoo assertion 'finish-reason' cannot be checked by Skill Trainer: model calls do not record the reply's finish reason; it is skipped",
  ]);
});

test("a suite's own code that builds its tasks runs only when the workspace is trusted", async () => {
  const config = 'prompts: ["{{q}} {{extra}}"]\ntests:\n  - vars: {q: hi}\n    options: {transformVars: "({...vars, extra: vars.q.toUpperCase()})"}\n    assert: [{type: contains, value: x}]\n';
  const trusted = await load(config);
  assert.deepEqual(trusted.errors, []);
  assert.equal(trusted.tasks[0]?.prompt, 'hi HI');
  const untrusted = await load(config, {}, { runCode: false });
  assert.match(untrusted.errors[0], /options\.transformVars: runs code to build the test's variables, which Skill Trainer does not run here: the suite's code runs only in a trusted workspace/);

  const filters = 'nunjucksFilters: {shout: ./shout.js}\nprompts: ["{{ q | shout }}"]\ntests:\n  - vars: {q: hi}\n    assert: [{type: contains, value: x}]\n';
  const files = { 'evals/shout.js': 'module.exports = (text) => String(text).toUpperCase() + "!";\n' };
  assert.equal((await load(filters, files)).tasks[0]?.prompt, 'HI!');
  assert.match((await load(filters, files, { runCode: false })).errors[0], /nunjucksFilters\.shout: is a filter written in JavaScript/);
});

test('variable files a tests file names are relative to that file, as in promptfoo; the config\'s own are relative to the config', async () => {
  const { tasks, errors } = await load(
    ['prompts: ["Write about {{topic}} as {{style}}"]', 'defaultTest:', '  vars: file://vars/style.yaml', 'tests: file://tests/cases.yaml', ''].join('\n'),
    {
      'evals/vars/style.yaml': 'style: a haiku\n',
      'evals/vars/topic_a.yaml': 'topic: rain\n',
      'evals/tests/cases.yaml': ['- vars: ../vars/topic_*.yaml', '  assert: [{type: icontains, value: rain}]', ''].join('\n'),
    },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => task.prompt), ['Write about rain as a haiku']);
  const wrong = await load(['prompts: ["{{topic}}"]', 'tests: file://tests/cases.yaml', ''].join('\n'), {
    'evals/tests/cases.yaml': ['- vars: vars/topic_*.yaml', '  assert: [{type: icontains, value: rain}]', ''].join('\n'),
    'evals/vars/topic_a.yaml': 'topic: rain\n',
  });
  assert.match(wrong.errors.join('\n'), /cases\.yaml:1 \[0\]\.vars: refers to vars\/topic_\*\.yaml, which matches no files; check the pattern \(it is relative to the file that names it\)/);
});
