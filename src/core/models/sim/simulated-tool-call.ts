import type { ChatRequest, ToolCall, ToolDefinition } from '../chat-model';

/**
 * The simulated target's call when its request gives tools (and does not forbid them):
 * the tool the choice names, else the first one, with arguments that match its schema.
 * The first text argument carries the target's answer, so a skill still changes what
 * the call says; every other required argument gets the simplest value of its type.
 * Deterministic: the same request always makes the same call.
 */
export function simulatedToolCall(request: Pick<ChatRequest, 'tools' | 'toolChoice'>, answer: string): ToolCall | undefined {
  const tools = request.tools ?? [];
  if (tools.length === 0 || request.toolChoice === 'none') return undefined;
  const choice = request.toolChoice;
  const named = typeof choice === 'object' ? tools.find((tool) => tool.name === choice.name) : undefined;
  const tool = named ?? tools[0]!;
  return { id: 'call_sim_0', name: tool.name, arguments: JSON.stringify(simulatedArguments(tool, answer)) };
}

function simulatedArguments(tool: ToolDefinition, answer: string): Record<string, unknown> {
  const properties = (tool.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(tool.parameters.required) ? (tool.parameters.required as unknown[]).filter((name): name is string => typeof name === 'string') : Object.keys(properties).slice(0, 1);
  const args: Record<string, unknown> = {};
  let answered = false;
  for (const name of required) {
    const schema = properties[name] ?? {};
    if (Array.isArray(schema.enum) && schema.enum.length > 0) {
      args[name] = schema.enum[0];
      continue;
    }
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'string' || type === undefined) {
      args[name] = answered ? name : answer;
      answered = true;
    } else args[name] = simplestValue(type, schema);
  }
  return args;
}

function simplestValue(type: unknown, schema: Record<string, unknown>): unknown {
  switch (type) {
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    case 'null':
      return null;
    default:
      return '';
  }
}
