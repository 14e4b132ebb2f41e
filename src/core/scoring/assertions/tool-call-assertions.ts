import { parsedArguments } from '../../models/chat-tools';
import type { TaskTools } from '../../tasks/eval-task';
import { type AssertionContext, type AssertionOutcome, binaryOutcome, type LocalAssertionDefinition } from './assertion-definition';
import { schemaErrors } from './json-schema-validator';

/**
 * promptfoo's checks of a reply's tool calls: every call names one of the task's tools
 * and its arguments match that tool's JSON Schema. They read the output as promptfoo's
 * provider of the suite gives it (see `toolCallOutput`).
 *
 * - `is-valid-openai-tools-call`: the output is OpenAI's `tool_calls` array (or the
 *   message holding it), each `{type: function, function: {name, arguments}}`.
 * - `is-valid-openai-function-call` and `is-valid-function-call`: any form a call takes
 *   here: OpenAI's `function_call` object or `tool_calls`, Google's `functionCall`
 *   parts, Anthropic's `tool_use` blocks.
 */

/** A call found in an output: its name, and its arguments as written (text or an object). */
interface FoundCall {
  name: string;
  args: unknown;
}

const NO_VALUE = (value: unknown) => (value === undefined ? undefined : 'takes no "value": it checks the calls against the tools the suite gives the target');

export const isValidOpenAiToolsCallAssertion: LocalAssertionDefinition = {
  type: 'is-valid-openai-tools-call',
  valueHelp: 'no value: the output must be OpenAI tool calls matching the tools given',
  checkValue: NO_VALUE,
  evaluate(output, _value, context) {
    const expectation = "be OpenAI tool calls matching the task's tools";
    const value = outputValue(output, context);
    const list = isRecord(value) && Array.isArray(value.tool_calls) ? value.tool_calls : value;
    const calls = Array.isArray(list) && list.length > 0 ? list.map(openAiToolCall) : [];
    if (calls.length === 0 || calls.some((call) => call === undefined)) {
      return binaryOutcome(false, expectation, `it is not a list of {type: function, function: {name, arguments}}: ${preview(value)}`);
    }
    return checkCalls(calls as FoundCall[], context, expectation);
  },
};

function functionCallAssertion(type: string): LocalAssertionDefinition {
  return {
    type,
    valueHelp: 'no value: the output must be function calls matching the tools given',
    checkValue: NO_VALUE,
    evaluate(output, _value, context) {
      const expectation = "be function calls matching the task's tools";
      const value = outputValue(output, context);
      const calls = callsIn(value);
      if (calls.length === 0) return binaryOutcome(false, expectation, `it holds no function call: ${preview(value)}`);
      return checkCalls(calls, context, expectation);
    },
  };
}

export const isValidOpenAiFunctionCallAssertion = functionCallAssertion('is-valid-openai-function-call');
export const isValidFunctionCallAssertion = functionCallAssertion('is-valid-function-call');

function checkCalls(calls: readonly FoundCall[], context: AssertionContext, expectation: string): AssertionOutcome {
  const tools: TaskTools | undefined = context.task.tools;
  if (!tools) return binaryOutcome(false, expectation, "this task gives the target no tools (the suite's provider has no config.tools or config.functions), so no call can be valid");
  for (const call of calls) {
    const tool = tools.definitions.find((definition) => definition.name === call.name);
    if (!tool) {
      return binaryOutcome(false, expectation, `it called "${call.name}", but the task gives no tool of that name (it gives ${tools.definitions.map((definition) => definition.name).join(', ')})`);
    }
    const args = typeof call.args === 'string' ? parsedArguments(call.args) : call.args;
    if (typeof call.args === 'string' && args === call.args) return binaryOutcome(false, expectation, `the arguments of "${call.name}" are not JSON: ${preview(call.args)}`);
    let errors: string | undefined;
    try {
      errors = schemaErrors(tool.parameters, args ?? {});
    } catch (error) {
      return binaryOutcome(false, expectation, `the parameters schema of "${call.name}" does not compile (${(error as Error).message}); fix it in the suite's tools`);
    }
    if (errors !== undefined) return binaryOutcome(false, expectation, `the call of "${call.name}" does not match its parameters: ${errors}`);
  }
  const names = calls.map((call) => call.name).join(', ');
  return binaryOutcome(true, expectation, `it called ${names} with valid arguments`);
}

/** Every call in an output, whichever vendor's shape it has. */
function callsIn(value: unknown): FoundCall[] {
  if (typeof value === 'string') {
    const parsed = parsedArguments(value);
    if (parsed !== value) return callsIn(parsed);
    // Anthropic's text: blocks apart by blank lines, each tool_use block as JSON.
    return value.split('\n\n').flatMap((block) => {
      const item = parsedArguments(block.trim());
      return isRecord(item) ? callsIn([item]) : [];
    });
  }
  if (Array.isArray(value)) {
    return value.flatMap((item): FoundCall[] => {
      if (!isRecord(item)) return [];
      const openAi = openAiToolCall(item);
      if (openAi) return [openAi];
      const google = isRecord(item.functionCall) ? item.functionCall : undefined;
      if (google && typeof google.name === 'string') return [{ name: google.name, args: google.args ?? {} }];
      if (item.type === 'tool_use' && typeof item.name === 'string') return [{ name: item.name, args: item.input ?? {} }];
      return [];
    });
  }
  if (!isRecord(value)) return [];
  // One Anthropic block or Google part on its own.
  if (value.type === 'tool_use' || isRecord(value.functionCall)) return callsIn([value]);
  if (Array.isArray(value.tool_calls)) return callsIn(value.tool_calls);
  if (isRecord(value.function_call)) return callsIn(value.function_call);
  if (isRecord(value.toolCall) && Array.isArray(value.toolCall.functionCalls)) {
    return callsIn(value.toolCall.functionCalls.map((call: unknown) => ({ functionCall: call })));
  }
  if (typeof value.name === 'string' && value.arguments !== undefined) return [{ name: value.name, args: value.arguments }];
  return [];
}

function openAiToolCall(item: unknown): FoundCall | undefined {
  if (!isRecord(item) || !isRecord(item.function)) return undefined;
  const { name, arguments: args } = item.function;
  return typeof name === 'string' && typeof args === 'string' ? { name, args } : undefined;
}

/** The output as promptfoo's provider gives it: the shaped value when there is one, else the text. */
function outputValue(output: string, context: AssertionContext): unknown {
  return context.outputValue ?? output;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The checks that read the target's tool calls: they need a task that gives the target tools. */
export const toolCallCheckTypes: readonly string[] = [isValidOpenAiToolsCallAssertion.type, isValidOpenAiFunctionCallAssertion.type, isValidFunctionCallAssertion.type];
