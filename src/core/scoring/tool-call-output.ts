import { parsedArguments, type ToolCall } from '../models/chat-tools';
import type { ToolOutputShape } from '../tasks/eval-task';

/**
 * A reply with tool calls as promptfoo's provider of the suite gives it to checks,
 * whichever vendor actually answered, so suites' code (`output[0].function.name`,
 * `output.name`, `output[0].functionCall.args`) reads what it was written for:
 *
 * - `openai-tools`: the `tool_calls` array, each `{id, type: function, function: {name,
 *   arguments}}` (arguments as JSON text); when the model also wrote text, the whole
 *   message `{role: assistant, content, tool_calls}`.
 * - `openai-functions`: the first call as `{name, arguments}` (legacy `function_call`);
 *   with text, `{role: assistant, content, function_call}`.
 * - `anthropic`: text: the text, then each call as a JSON `tool_use` block
 *   `{type, id, name, input}`, blocks apart by a blank line.
 * - `google`: the reply's parts: `{text}` when there was text, then `{functionCall:
 *   {name, args}}` per call (args as an object).
 *
 * Without calls the output is the text, as for any reply.
 */
export function toolCallOutput(shape: ToolOutputShape, text: string, calls: readonly ToolCall[]): unknown {
  if (calls.length === 0) return text;
  const hasText = text.trim() !== '';
  switch (shape) {
    case 'openai-tools': {
      const toolCalls = calls.map((call, index) => ({ id: call.id ?? `call_${index}`, type: 'function', function: { name: call.name, arguments: call.arguments } }));
      return hasText ? { role: 'assistant', content: text, tool_calls: toolCalls } : toolCalls;
    }
    case 'openai-functions': {
      const functionCall = { name: calls[0]!.name, arguments: calls[0]!.arguments };
      return hasText ? { role: 'assistant', content: text, function_call: functionCall } : functionCall;
    }
    case 'anthropic': {
      const blocks = calls.map((call, index) => JSON.stringify({ type: 'tool_use', id: call.id ?? `toolu_${index}`, name: call.name, input: parsedArguments(call.arguments) }));
      return [...(hasText ? [text] : []), ...blocks].join('\n\n');
    }
    case 'google':
      return [...(hasText ? [{ text }] : []), ...calls.map((call) => ({ functionCall: { name: call.name, args: parsedArguments(call.arguments) } }))];
  }
}

/** The output as text: text checks and the judge read objects as JSON, as promptfoo does. */
export function outputText(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}
