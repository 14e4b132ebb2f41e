/**
 * Tools (functions) a target may call, and the calls it made, in one vendor-neutral
 * form. Adapters translate to and from their vendor's wire format; promptfoo suites'
 * tool definitions load into it (see tasks/promptfoo/promptfoo-tools.ts).
 */
import type { ChatResponse } from './chat-model';

/** A function the model may call instead of (or besides) answering in text. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
}

/**
 * How the model may use its tools: as it likes (`auto`), it must call one
 * (`required`), it must not (`none`), or it must call the one named.
 */
export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };

/** One call of a tool in a reply. */
export interface ToolCall {
  /** The vendor's id of the call, when it gives one. */
  id?: string;
  name: string;
  /** The arguments as the model wrote them: JSON text, normally of an object (`'{"city":"Paris"}'`). */
  arguments: string;
}

/**
 * Why the model stopped, normalized as promptfoo does: `stop`, `length`,
 * `content_filter`, `tool_calls`; any other vendor value is kept, lower-cased.
 */
export type FinishReason = string;

/** Vendors' stop reasons that mean one of the four normalized ones. */
const finishReasons: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  content_filter: 'content_filter',
  tool_calls: 'tool_calls',
  // OpenAI's legacy function calling.
  function_call: 'tool_calls',
  // Anthropic.
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  // Google (upper case on the wire).
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
  spii: 'content_filter',
  image_safety: 'content_filter',
  // Gemini's "the reply's language is not supported": withheld as well.
  language: 'content_filter',
};

/** The normalized finish reason of a vendor's value; undefined when there is none. */
export function normalizeFinishReason(raw: unknown): FinishReason | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const key = raw.trim().toLowerCase();
  return finishReasons[key] ?? key;
}

/**
 * The tool calls and finish reason of a reply, for whatever stores or moves it (the
 * response cache, the run's journal, the queue): only the fields that are set.
 */
export function replyToolFields(response: Pick<ChatResponse, 'toolCalls' | 'finishReason'>): Pick<ChatResponse, 'toolCalls' | 'finishReason'> {
  return {
    ...(response.toolCalls && response.toolCalls.length > 0 && { toolCalls: response.toolCalls }),
    ...(response.finishReason !== undefined && { finishReason: response.finishReason }),
  };
}

/** Arguments as JSON text, whether a vendor gave an object (Anthropic, Google) or text (OpenAI). */
export function argumentsText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value ?? {});
}

/** The arguments parsed, or the text itself when it is not JSON. */
export function parsedArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
