/**
 * The steps of a Claude Code session from its `--output-format stream-json --verbose`
 * messages (the same messages `--output-format json --verbose` prints as one array).
 * An `assistant` message holds text and `tool_use` blocks; the `user` message after it
 * holds the `tool_result` blocks, each with the id of its call and `is_error` when the
 * tool failed. Thinking blocks are left out: they say what the agent meant to do, the
 * other blocks what it did. Sub-agents' messages (Task tool) are steps like any other.
 */
import { z } from 'zod';
import type { TrajectoryStep } from '../../agent-trajectory';
import { toolInputText } from './agent-cli-output';

const messageEventSchema = z.object({
  type: z.enum(['assistant', 'user']),
  message: z.object({ content: z.union([z.string(), z.array(z.unknown())]) }),
});

const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() });
const toolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string().optional(), name: z.string(), input: z.unknown().optional() });
const toolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().optional(),
  content: z.union([z.string(), z.array(z.unknown())]).nullish(),
  is_error: z.boolean().nullish(),
});

/** A tool result's content: a string, or blocks of which the text ones are kept. */
function resultText(content: z.infer<typeof toolResultBlockSchema>['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((block) => {
      const text = textBlockSchema.safeParse(block);
      if (text.success) return text.data.text;
      const type = (block as { type?: unknown } | null)?.type;
      return `[${typeof type === 'string' ? type : 'unknown'} block]`;
    })
    .join('\n');
}

/**
 * The trajectory steps of Claude Code's messages, and how many could not be read (an
 * `assistant` or `user` message, or a block in one, with missing or mistyped fields).
 */
export function claudeTrajectorySteps(events: readonly Record<string, unknown>[]): { steps: TrajectoryStep[]; unreadable: number } {
  const steps: TrajectoryStep[] = [];
  const toolNames = new Map<string, string>();
  let unreadable = 0;
  for (const event of events) {
    if (event.type !== 'assistant' && event.type !== 'user') continue;
    const message = messageEventSchema.safeParse(event);
    if (!message.success) {
      unreadable += 1;
      continue;
    }
    // A user message with plain text is the prompt (or a sub-agent's), not a step.
    if (typeof message.data.message.content === 'string') continue;
    for (const block of message.data.message.content) {
      const type = (block as { type?: unknown } | null)?.type;
      if (event.type === 'assistant' && type === 'text') {
        const text = textBlockSchema.safeParse(block);
        if (text.success) steps.push({ type: 'text', text: text.data.text });
        else unreadable += 1;
      } else if (event.type === 'assistant' && type === 'tool_use') {
        const call = toolUseBlockSchema.safeParse(block);
        if (!call.success) {
          unreadable += 1;
          continue;
        }
        if (call.data.id) toolNames.set(call.data.id, call.data.name);
        steps.push({ type: 'tool_call', name: call.data.name, input: toolInputText(call.data.input), ...(call.data.id ? { callId: call.data.id } : {}) });
      } else if (event.type === 'user' && type === 'tool_result') {
        const result = toolResultBlockSchema.safeParse(block);
        if (!result.success) {
          unreadable += 1;
          continue;
        }
        const callId = result.data.tool_use_id;
        const name = callId ? toolNames.get(callId) : undefined;
        const text = resultText(result.data.content);
        // A failed tool's content is its error message.
        steps.push({
          type: 'tool_result',
          ...(name ? { name } : {}),
          ...(result.data.is_error ? { output: '', error: text || 'the tool reported an error' } : { output: text }),
          ...(callId ? { callId } : {}),
        });
      }
    }
  }
  return { steps, unreadable };
}
