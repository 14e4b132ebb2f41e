/**
 * A Gemini CLI session read from its `--output-format stream-json` events: `message`
 * (the assistant's text, streamed in pieces), `tool_use` and `tool_result` (paired by
 * `tool_id`), `error` (warnings and errors along the way) and the closing `result`
 * with the session's status, error and token counts.
 */
import { z } from 'zod';
import type { TrajectoryStep } from '../../agent-trajectory';
import { toolInputText } from './agent-cli-output';

const messageSchema = z.object({ role: z.string(), content: z.string() });
const toolUseSchema = z.object({ tool_name: z.string(), tool_id: z.string().optional(), parameters: z.unknown().optional() });
const toolResultSchema = z.object({
  tool_id: z.string().optional(),
  status: z.string(),
  output: z.string().nullish(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).nullish(),
});
const noticeSchema = z.object({ severity: z.string().optional(), message: z.string() });
const resultSchema = z.object({
  status: z.string(),
  error: z.object({ type: z.string().optional(), message: z.string().optional() }).nullish(),
  stats: z
    .object({
      total_tokens: z.number().optional(),
      input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
      cached: z.number().optional(),
    })
    .nullish(),
});

export type GeminiStreamResult = z.infer<typeof resultSchema>;

export interface GeminiSession {
  /** The closing `result` event; undefined when the stream has none (a crash, another format). */
  result?: GeminiStreamResult;
  /** Every piece of assistant text, joined, as `--output-format json` gives it in `response`. */
  text: string;
  steps: TrajectoryStep[];
  /** Model replies: runs of assistant text and tool calls between tool results. */
  turns: number;
  /** Events of a known type that could not be read. */
  unreadable: number;
}

export function readGeminiStream(events: readonly Record<string, unknown>[]): GeminiSession {
  const session: GeminiSession = { text: '', steps: [], turns: 0, unreadable: 0 };
  const toolNames = new Map<string, string>();
  // Whether the model is replying (text or tool calls) since the last tool result.
  let replying = false;
  const startReply = () => {
    if (!replying) session.turns += 1;
    replying = true;
  };
  const read = <T>(schema: z.ZodType<T>, event: unknown): T | undefined => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) session.unreadable += 1;
    return parsed.success ? parsed.data : undefined;
  };
  for (const event of events) {
    switch (event.type) {
      case 'message': {
        const message = read(messageSchema, event);
        if (!message || message.role !== 'assistant') break;
        startReply();
        session.text += message.content;
        const last = session.steps.at(-1);
        // Pieces of one reply arrive one after another: they make one text step.
        if (last?.type === 'text') last.text += message.content;
        else session.steps.push({ type: 'text', text: message.content });
        break;
      }
      case 'tool_use': {
        const call = read(toolUseSchema, event);
        if (!call) break;
        startReply();
        if (call.tool_id) toolNames.set(call.tool_id, call.tool_name);
        session.steps.push({ type: 'tool_call', name: call.tool_name, input: toolInputText(call.parameters), ...(call.tool_id ? { callId: call.tool_id } : {}) });
        break;
      }
      case 'tool_result': {
        const result = read(toolResultSchema, event);
        if (!result) break;
        replying = false;
        const name = result.tool_id ? toolNames.get(result.tool_id) : undefined;
        const error = result.status === 'error' ? [result.error?.type, result.error?.message].filter(Boolean).join(': ') || 'the tool failed' : undefined;
        session.steps.push({
          type: 'tool_result',
          ...(name ? { name } : {}),
          output: result.output ?? '',
          ...(error ? { error } : {}),
          ...(result.tool_id ? { callId: result.tool_id } : {}),
        });
        break;
      }
      case 'error': {
        const notice = read(noticeSchema, event);
        if (notice) session.steps.push({ type: 'notice', message: notice.severity ? `${notice.severity}: ${notice.message}` : notice.message });
        break;
      }
      case 'result': {
        const result = read(resultSchema, event);
        if (result) session.result = result;
        break;
      }
    }
  }
  return session;
}
