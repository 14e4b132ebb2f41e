import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertionFromShorthand } from '../../../src/core/tasks/promptfoo/csv-row-test';
import { loadPromptfooSuite } from './task-file-helpers';

const load = (config: string, files: Record<string, string> = {}) => loadPromptfooSuite(config, files);

const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };

test("a prompt's response_format wins over the providers'; the reply format is kept on the task", async () => {
  const { tasks, errors } = await load(
    [
      'prompts:',
      '  - label: structured',
      '    raw: "Solve {{problem}}"',
      '    config:',
      '      response_format: {type: json_schema, json_schema: {name: solution, strict: true, schema: ' + JSON.stringify(schema) + '}}',
      '  - "Solve {{problem}} as JSON"',
      'providers:',
      '  - id: openai:gpt-4o-mini',
      '    config: {response_format: {type: json_object}, temperature: 0}',
      'tests:',
      '  - vars: {problem: "2x = 4"}',
      '    assert: [{type: javascript, value: "output.answer === \'2\'"}]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => task.outputFormat), [{ type: 'json-schema', name: 'solution', schema }, { type: 'json' }]);
});

test('providers that disagree on the reply format are said to; their tools reach the tasks', async () => {
  const { tasks, warnings } = await load(
    [
      'prompts: ["{{q}}"]',
      'providers:',
      '  - {id: openai:gpt-4o, config: {response_format: {type: json_object}, tools: [{type: function, function: {name: lookup}}]}}',
      '  - anthropic:claude-sonnet',
      '  - id: openai:gpt-4o-mini',
      '    transform: output.trim()',
      'tests: [{vars: {q: hi}, assert: [{type: contains, value: hi}]}]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(tasks[0]?.outputFormat, { type: 'json' });
  assert.deepEqual(tasks[0]?.transforms, ['output.trim()']);
  assert.deepEqual(tasks[0]?.tools?.definitions.map((tool) => tool.name), ['lookup']);
  assert.doesNotMatch(warnings.join('\n'), /config\.tools/);
  assert.match(warnings.join('\n'), /providers\[1\]: providers ask for different reply formats; every task asks for a JSON object as openai:gpt-4o does/);
});

test('grading prompts (rubricPrompt) reach llm-rubric from the assertion, the test options or a file; other graders say they use the judge prompt', async () => {
  const { tasks, errors, warnings } = await load(
    [
      'prompts: ["Talk about {{topic}}"]',
      'defaultTest:',
      '  options:',
      '    rubricPrompt: file://grader.yaml',
      'tests:',
      '  - vars: {topic: tides}',
      '    assert:',
      '      - type: llm-rubric',
      '      - {type: llm-rubric, value: Mentions the moon, rubricPrompt: "Grade {{output}} against {{rubric}}"}',
      '      - {type: factuality, value: The moon causes tides, rubricPrompt: "Custom {{output}}"}',
      '      - {type: llm-rubric, value: Is accurate, provider: openai:gpt-4o}',
      '',
    ].join('\n'),
    { 'evals/grader.yaml': '- role: system\n  content: Score {{topic}} answers.\n- role: user\n  content: "{{ output }}"\n' },
  );
  assert.deepEqual(errors, []);
  const [fromFile, own, factuality, withProvider] = tasks[0]!.assert;
  assert.deepEqual(fromFile, {
    type: 'llm-rubric',
    value: "Meets the suite's grading prompt",
    rubricPrompt: [
      { role: 'system', content: 'Score {{topic}} answers.' },
      { role: 'user', content: '{{ output }}' },
    ],
  });
  assert.equal(own?.rubricPrompt, 'Grade {{output}} against {{rubric}}');
  assert.equal(factuality?.rubricPrompt, undefined);
  assert.deepEqual(warnings, ["tests[0].assert[2].rubricPrompt: 'factuality' is graded with Skill Trainer's own judge prompt: a custom rubricPrompt is used for llm-rubric only"]);
  // The grader model named by the suite is replaced by the run's judge, quietly.
  assert.equal(withProvider?.rubricPrompt !== undefined, true);
});

test("cost and latency take promptfoo's threshold as their limit; context checks need the context variable", async () => {
  const { tasks, errors } = await load(
    'prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi, context: "Tides follow the moon."}\n    assert: [{type: cost, threshold: 0.002}, {type: latency, threshold: 3000}, {type: context-faithfulness, threshold: 0.8}]\n',
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'cost', value: 0.002 },
    { type: 'latency', value: 3000 },
    { type: 'context-faithfulness', threshold: 0.8 },
  ]);
  const missing = await load('prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n    assert: [{type: latency}, {type: context-recall, value: x}]\n');
  assert.deepEqual(missing.errors, [
    "tests[0].assert[0].threshold: 'latency' needs \"threshold\": the most milliseconds the call may take",
    "tests[0].assert[1]: 'context-recall' needs a \"context\" variable in the test: the retrieved text it judges (promptfoo reads it from vars.context)",
  ]);
});

test('assertion values may come from files, rendered with the vars like inline ones', async () => {
  const { tasks, errors } = await load('prompts: ["{{q}}"]\ntests:\n  - vars: {q: fruit, colour: yellow}\n    assert: [{type: contains-any, value: file://colours.yaml}, {type: llm-rubric, value: file://rubric.txt}]\n', {
    'evals/colours.yaml': '- "{{colour}}"\n- gold\n',
    'evals/rubric.txt': 'Names a {{colour}} fruit',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'contains-any', value: ['yellow', 'gold'] },
    { type: 'llm-rubric', value: 'Names a yellow fruit' },
  ]);
});

test('__expected shorthand: thresholds in brackets, code, and file:// checks', () => {
  assert.deepEqual(assertionFromShorthand('similar(0.9): the moon'), { type: 'similar', value: 'the moon', threshold: 0.9 });
  assert.deepEqual(assertionFromShorthand('similar: the moon'), { type: 'similar', value: 'the moon', threshold: 0.8 });
  // As in promptfoo, a cell that is a type name (with or without a colon) is that check; other text must be equalled.
  assert.deepEqual(assertionFromShorthand('not-is-refusal'), { type: 'not-is-refusal' });
  assert.deepEqual(assertionFromShorthand('Refusal'), { type: 'equals', value: 'Refusal' });
  assert.deepEqual(assertionFromShorthand('python: len(output) < 10'), { type: 'python', value: 'len(output) < 10' });
  assert.deepEqual(assertionFromShorthand('file://checks/grade.py:named'), { type: 'python', value: 'file://checks/grade.py:named' });
  assert.deepEqual(assertionFromShorthand('file://checks/grade.js'), { type: 'javascript', value: 'file://checks/grade.js' });
  assert.deepEqual(assertionFromShorthand('latency(500)'), { type: 'latency', threshold: 500 });
});

test('code that reads fields of a text output (written for providers that return objects) is skipped and said, not left to fail', async () => {
  const { tasks, warnings } = await load(
    [
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: weather}',
      '    assert:',
      '      - {type: javascript, value: "output.name === \'get_weather\'"}',
      '      - {type: equals, value: get_weather, transform: "output[0].function.name"}',
      '      - {type: javascript, value: "output.toLowerCase().includes(\'sun\') && output.length < 200"}',
      '  - vars: {q: rain}',
      '    options: {transform: JSON.parse(output)}',
      '    assert: [{type: javascript, value: "output.name === \'get_weather\'"}]',
      '',
    ].join('\n'),
  );
  // String methods are fine on text; a transform that parses the reply makes fields readable.
  assert.deepEqual(tasks.map((task) => task.assert.length), [1, 1]);
  assert.match(warnings.join('\n'), /tests\[0\]\.assert: 'javascript' code that reads fields of the output \(output\.name\) cannot be checked by Skill Trainer: this task's output is the model's text/);
  assert.match(warnings.join('\n'), /'equals' code that reads fields of the output \(output\[0\]\.function\)/);
});

test("JSON checks take a schema written as text; defaultTest's problems are said once; a value that renders empty says why", async () => {
  const { tasks, errors } = await load('prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n    assert:\n      - type: contains-json\n        value: |\n          {"type": "object", "required": ["name"]}\n');
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.assert, [{ type: 'contains-json', value: { type: 'object', required: ['name'] } }]);

  const defaults = await load('prompts: ["{{q}}"]\ndefaultTest:\n  assert: [{type: similar, value: "{{prompt}}"}, {type: select-best, value: x}]\ntests:\n  - vars: {q: a}\n  - vars: {q: b}\n  - vars: {q: c}\n');
  assert.deepEqual(defaults.errors, [`defaultTest.assert[0].value: 'similar' has the value "{{prompt}}", which renders as empty text for this test; set the variables it uses in the test's vars`]);
  assert.equal(defaults.warnings.filter((warning) => warning.includes('select-best')).length, 1);
});
