import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToolCall } from '../../../src/core/models/chat-model';
import { normalizeFinishReason } from '../../../src/core/models/chat-tools';
import { scoreTask } from '../../../src/core/scoring/score-task';
import { outputText, toolCallOutput } from '../../../src/core/scoring/tool-call-output';
import type { EvalTask, ToolOutputShape } from '../../../src/core/tasks/eval-task';

const parameters = { type: 'object', properties: { city: { type: 'string' }, units: { type: 'string', enum: ['metric', 'imperial'] } }, required: ['city'] };

function taskWith(shape: ToolOutputShape, assert: EvalTask['assert']): EvalTask {
  return { id: 't', prompt: 'Forecast for Oslo', rubric: { hard: [], soft: [] }, assert, tools: { definitions: [{ name: 'forecast', parameters }], outputShape: shape } };
}

/** Scores a reply of `calls` (and `text`) the way evaluateSkill hands it to the checks. */
function score(task: EvalTask, calls: ToolCall[], options: { text?: string; finishReason?: string } = {}) {
  const shaped = toolCallOutput(task.tools!.outputShape, options.text ?? '', calls);
  return scoreTask(task, outputText(shaped), { trusted: true, outputValue: shaped, finishReason: options.finishReason });
}

const goodCall: ToolCall = { id: 'call_1', name: 'forecast', arguments: '{"city":"Oslo","units":"metric"}' };

test("each provider family's output shape is what promptfoo's provider gives", () => {
  assert.deepEqual(toolCallOutput('openai-tools', '', [goodCall]), [{ id: 'call_1', type: 'function', function: { name: 'forecast', arguments: goodCall.arguments } }]);
  assert.deepEqual(toolCallOutput('openai-tools', 'Checking.', [goodCall]), {
    role: 'assistant',
    content: 'Checking.',
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'forecast', arguments: goodCall.arguments } }],
  });
  assert.deepEqual(toolCallOutput('openai-functions', '', [goodCall]), { name: 'forecast', arguments: goodCall.arguments });
  assert.deepEqual(toolCallOutput('google', '', [goodCall]), [{ functionCall: { name: 'forecast', args: { city: 'Oslo', units: 'metric' } } }]);
  assert.equal(toolCallOutput('anthropic', 'Checking.', [goodCall]), `Checking.\n\n${JSON.stringify({ type: 'tool_use', id: 'call_1', name: 'forecast', input: { city: 'Oslo', units: 'metric' } })}`);
  assert.equal(toolCallOutput('openai-tools', 'plain answer', []), 'plain answer');
});

test('is-valid-openai-tools-call passes calls that match their schema and says what is wrong otherwise', async () => {
  const task = taskWith('openai-tools', [{ type: 'is-valid-openai-tools-call' }]);
  assert.equal((await score(task, [goodCall])).hard, 1);
  const wrongEnum = await score(task, [{ name: 'forecast', arguments: '{"city":"Oslo","units":"kelvin"}' }]);
  assert.equal(wrongEnum.hard, 0);
  assert.match(wrongEnum.checks[0]!.reason, /the call of "forecast" does not match its parameters: \/units must be equal to one of the allowed values/);
  const unknown = await score(task, [{ name: 'climate', arguments: '{}' }]);
  assert.match(unknown.checks[0]!.reason, /it called "climate", but the task gives no tool of that name \(it gives forecast\)/);
  const notJson = await score(task, [{ name: 'forecast', arguments: '{city: Oslo' }]);
  assert.match(notJson.checks[0]!.reason, /the arguments of "forecast" are not JSON/);
  const text = await scoreTask(task, 'It is sunny.', { trusted: true });
  assert.match(text.checks[0]!.reason, /it is not a list of \{type: function, function: \{name, arguments\}\}: It is sunny\./);
});

test('is-valid-function-call reads calls in every shape; is-valid-openai-function-call the legacy one', async () => {
  for (const shape of ['openai-tools', 'openai-functions', 'google', 'anthropic'] as const) {
    const good = await score(taskWith(shape, [{ type: 'is-valid-function-call' }]), [goodCall], { text: shape === 'anthropic' ? 'Let me check.' : '' });
    assert.equal(good.hard, 1, `${shape}: ${good.checks[0]!.reason}`);
    const bad = await score(taskWith(shape, [{ type: 'is-valid-function-call' }]), [{ name: 'forecast', arguments: '{"units":"metric"}' }]);
    assert.match(bad.checks[0]!.reason, /must have required property 'city'/, shape);
  }
  const legacy = await score(taskWith('openai-functions', [{ type: 'is-valid-openai-function-call' }, { type: 'not-is-valid-openai-function-call', weight: 0 }]), [goodCall]);
  assert.deepEqual(legacy.checks.map((check) => check.pass), [true, false]);
});

test('a task without tools fails a tool-call check with the reason', async () => {
  const task: EvalTask = { id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [{ type: 'is-valid-function-call' }] };
  const result = await scoreTask(task, '{"name":"forecast","arguments":"{}"}', { trusted: true });
  assert.match(result.checks[0]!.reason, /this task gives the target no tools/);
});

test('code checks and transforms read the shaped output; text checks read it as JSON text', async () => {
  const task = taskWith('openai-tools', [
    { type: 'javascript', value: "output[0].function.name === 'forecast' && JSON.parse(output[0].function.arguments).city === 'Oslo'" },
    { type: 'equals', value: 'forecast', transform: 'output[0].function.name' },
    { type: 'contains', value: '"name":"forecast"' },
    { type: 'is-json' },
  ]);
  const result = await score(task, [goodCall]);
  assert.deepEqual(result.checks.map((check) => [check.name, check.pass]), [
    ['javascript', true],
    ['equals', true],
    ['contains', true],
    ['is-json', true],
  ]);
  const google = await score(taskWith('google', [{ type: 'equals', value: 'Oslo', transform: 'output[0].functionCall.args.city' }]), [goodCall]);
  assert.equal(google.hard, 1);
  const legacy = await score(taskWith('openai-functions', [{ type: 'javascript', value: "output.name === 'forecast'" }]), [goodCall]);
  assert.equal(legacy.hard, 1);
});

test('finish-reason compares the normalized reason, ignoring case; a target that reports none is not checked', async () => {
  const task: EvalTask = { id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [{ type: 'finish-reason', value: 'Tool_Calls' }] };
  assert.equal((await scoreTask(task, '', { trusted: true, finishReason: 'tool_calls' })).hard, 1);
  const stopped = await scoreTask(task, 'hi', { trusted: true, finishReason: 'stop' });
  assert.equal(stopped.hard, 0);
  assert.match(stopped.checks[0]!.reason, /expected to stop for the reason 'tool_calls'; it stopped for 'stop'/);
  const unknown = await scoreTask(task, 'hi', { trusted: true });
  assert.match(unknown.checks[0]!.skipped ?? '', /does not report why it stopped/);
  // promptfoo's example suites also write Anthropic's own words.
  assert.equal((await scoreTask({ ...task, assert: [{ type: 'finish-reason', value: 'end_turn' }] }, 'hi', { trusted: true, finishReason: 'stop' })).hard, 1);
});

test("vendors' stop reasons normalize as promptfoo's do", () => {
  assert.deepEqual(['end_turn', 'stop_sequence', 'max_tokens', 'tool_use', 'function_call', 'STOP', 'content_filter', 'something_new', '', undefined].map(normalizeFinishReason), [
    'stop',
    'stop',
    'length',
    'tool_calls',
    'tool_calls',
    'stop',
    'content_filter',
    'something_new',
    undefined,
    undefined,
  ]);
});
