import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

const load = (config: string, files: Record<string, string> = {}) => loadPromptfooSuite(config, files);

const citySchema = { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['metric', 'imperial'] } }, required: ['city'] };

const suite = (providers: string[], assertions = '[{type: is-valid-function-call}]') =>
  ['prompts: ["Forecast for {{city}}"]', 'providers:', ...providers, 'tests:', `  - {vars: {city: Oslo}, assert: ${assertions}}`, ''].join('\n');

test('OpenAI tools load onto every task with their schema, and the checks on tool calls are kept', async () => {
  const { tasks, errors, warnings } = await load(
    suite(
      [
        '  - id: openai:chat:gpt-4.1-mini',
        '    config:',
        `      tools: [{type: function, function: {name: forecast, description: Weather forecast, parameters: ${JSON.stringify(citySchema)}}}]`,
        '      tool_choice: required',
      ],
      "[{type: is-valid-openai-tools-call}, {type: javascript, value: \"output[0].function.name === 'forecast'\"}, {type: finish-reason, value: tool_calls}]",
    ),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(tasks[0]?.tools, { definitions: [{ name: 'forecast', description: 'Weather forecast', parameters: citySchema }], outputShape: 'openai-tools', choice: 'required' });
  assert.deepEqual(tasks[0]?.assert.map((spec) => spec.type), ['is-valid-openai-tools-call', 'javascript', 'finish-reason']);
});

test('legacy functions, inline or in a YAML file, give the function_call shape', async () => {
  const functions = `- name: forecast\n  parameters: ${JSON.stringify(citySchema)}\n`;
  const { tasks, errors } = await load(
    suite(['  - id: openai:gpt-4o-mini', '    config: {functions: file://functions.yaml, function_call: {name: forecast}}'], "[{type: is-valid-openai-function-call}, {type: equals, value: forecast, transform: output.name}]"),
    { 'evals/functions.yaml': functions },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.tools, { definitions: [{ name: 'forecast', parameters: citySchema }], outputShape: 'openai-functions', choice: { name: 'forecast' } });
  assert.equal(tasks[0]?.assert.length, 2);
});

test("Anthropic tools (input_schema) give Anthropic's shape; tool_choice any means a call is required", async () => {
  const { tasks, errors } = await load(
    suite(['  - id: anthropic:messages:claude-sonnet-4-5', '    config:', `      tools: [{name: forecast, description: Forecast, input_schema: ${JSON.stringify(citySchema)}}]`, '      tool_choice: {type: any}']),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.tools, { definitions: [{ name: 'forecast', description: 'Forecast', parameters: citySchema }], outputShape: 'anthropic', choice: 'required' });
});

test("Google functionDeclarations in a JSON file load with their capital types made JSON Schema's, and tool_config becomes the choice", async () => {
  const tools = JSON.stringify([{ functionDeclarations: [{ name: 'forecast', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } }] }]);
  const { tasks, errors } = await load(
    suite(['  - id: vertex:gemini-2.5-flash', '    config:', '      tools: file://tools.json', '      tool_config: {function_calling_config: {mode: ANY, allowed_function_names: [forecast]}}'], "[{type: is-valid-function-call}, {type: equals, value: forecast, transform: 'output[0].functionCall.name'}]"),
    { 'evals/tools.json': tools },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.tools, {
    definitions: [{ name: 'forecast', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
    outputShape: 'google',
    choice: { name: 'forecast' },
  });
  assert.equal(tasks[0]?.assert.length, 2);
});

test("Google's snake_case object form of tools loads too", async () => {
  const { tasks, errors } = await load(suite(['  - id: google:gemini-2.5-pro', '    config:', `      tools: {function_declarations: [{name: verify, parameters: ${JSON.stringify(citySchema)}}]}`]));
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.tools?.definitions.map((tool) => tool.name), ['verify']);
});

test("tools that run on the vendor's side are named in a warning and left out; functions beside them are kept", async () => {
  const { tasks, warnings } = await load(
    suite(['  - id: openai:responses:gpt-4.1', '    config:', `      tools: [{type: web_search_preview}, {type: function, function: {name: forecast, parameters: ${JSON.stringify(citySchema)}}}]`]),
  );
  assert.deepEqual(tasks[0]?.tools?.definitions.map((tool) => tool.name), ['forecast']);
  assert.match(warnings.join('\n'), /providers\[0\]\.config\.tools\[0\]: is the vendor's own tool 'web_search_preview', which runs on the vendor's servers/);

  const grounded = await load(suite(['  - id: google:gemini-2.5-flash', '    config: {tools: [{googleSearch: {}}]}'], '[{type: contains, value: Oslo}]'));
  assert.equal(grounded.tasks[0]?.tools, undefined);
  assert.match(grounded.warnings.join('\n'), /config\.tools\[0\]: is the vendor's own tool 'googleSearch'/);
});

test('a tool-call check on a task that gives the target no tools (only vendor-side ones) is skipped and said, never left to fail', async () => {
  const { tasks, warnings } = await load(suite(['  - id: openai:responses:gpt-4.1', '    config: {tools: [{type: mcp, server_label: docs, server_url: "https://example.com/mcp"}]}'], '[{type: is-valid-openai-tools-call}, {type: contains, value: Oslo}]'));
  assert.equal(tasks[0]?.tools, undefined);
  assert.deepEqual(tasks[0]?.assert.map((spec) => spec.type), ['contains']);
  assert.match(warnings.join('\n'), /promptfoo assertion 'is-valid-openai-tools-call' cannot be checked by Skill Trainer: it checks the target's tool calls, and this task gives the target no tools it can call/);
});

test('the first provider decides the tools, as it does the reply format; a provider that differs is said to', async () => {
  const { tasks, warnings } = await load(
    suite([
      '  - {id: openai:gpt-4o, config: {tools: [{type: function, function: {name: forecast}}]}}',
      '  - {id: anthropic:claude-sonnet-4-5, config: {tools: [{name: climate, input_schema: {type: object}}]}}',
    ]),
  );
  assert.deepEqual(tasks[0]?.tools?.definitions, [{ name: 'forecast', parameters: { type: 'object', properties: {} } }]);
  assert.equal(tasks[0]?.tools?.outputShape, 'openai-tools');
  assert.match(warnings.join('\n'), /providers\[1\]\.config: gives the model the tools climate, but every task gives the target the tools forecast as openai:gpt-4o does/);

  // A suite comparing a model with tools against one without runs as the first does.
  const withoutFirst = await load(suite(['  - openai:gpt-4o-mini', '  - {id: openai:gpt-4o, config: {tools: [{type: function, function: {name: forecast}}]}}'], '[{type: contains, value: Oslo}]'));
  assert.equal(withoutFirst.tasks[0]?.tools, undefined);
  assert.match(withoutFirst.warnings.join('\n'), /providers\[1\]\.config: gives the model the tools forecast, but every task gives the target no tools as openai:gpt-4o-mini does/);
});

test('a list of tool files loads each; callbacks that would run the tools are said not to run', async () => {
  const { tasks, errors, warnings } = await load(
    suite([
      '  - id: openai:gpt-4.1-mini',
      '    config:',
      '      tools: [file://tools/forecast.json, file://tools/alerts.yaml]',
      '      functionToolCallbacks: {forecast: file://callbacks.js:forecast}',
    ]),
    {
      'evals/tools/forecast.json': JSON.stringify({ type: 'function', function: { name: 'forecast', parameters: citySchema } }),
      'evals/tools/alerts.yaml': 'type: function\nfunction:\n  name: alerts\n  parameters: {type: object}\n',
    },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.tools?.definitions.map((tool) => tool.name), ['forecast', 'alerts']);
  assert.match(warnings.join('\n'), /providers\[0\]\.config\.functionToolCallbacks: are not run: Skill Trainer does not execute the tools/);
});

test('tools that are not a list, or a file that is missing, are errors that name the fix', async () => {
  const notList = await load(suite(['  - {id: openai:gpt-4o, config: {tools: forecast}}']));
  assert.match(notList.errors.join('\n'), /providers\[0\]\.config\.tools: must be a list of tool definitions/);
  const missing = await load(suite(['  - {id: openai:gpt-4o, config: {tools: file://nowhere.json}}']));
  assert.match(missing.errors.join('\n'), /providers\[0\]\.config\.tools: refers to nowhere\.json, which cannot be read/);
});
