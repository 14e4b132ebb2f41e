/**
 * Request shaping shared by the vendor adapters: the system text apart from the
 * conversation, and the instruction that stands in for a JSON mode where a vendor
 * has none.
 */
import type { ChatMessage, ChatRequest } from '../chat-model';

export interface SplitConversation {
  /** Every system message, joined by a blank line; '' when there is none. */
  system: string;
  /** User and assistant turns, consecutive turns of one role merged (some vendors require alternation). */
  turns: { role: 'user' | 'assistant'; content: string }[];
}

export function splitSystemMessages(messages: ChatMessage[]): SplitConversation {
  const system: string[] = [];
  const turns: SplitConversation['turns'] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const previous = turns[turns.length - 1];
    if (previous && previous.role === message.role) previous.content = `${previous.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  return { system: system.join('\n\n'), turns };
}

/**
 * For vendors without a JSON mode: the system text that asks for JSON matching the
 * schema. Callers still validate (and retry once) through `completeStructured`.
 */
export function jsonReplyInstruction(jsonSchema: NonNullable<ChatRequest['jsonSchema']>): string {
  return [
    `Reply with one JSON value that matches the JSON Schema "${jsonSchema.name}" below.`,
    'Write only the JSON: no explanation before or after it, no Markdown code fence.',
    JSON.stringify(jsonSchema.schema),
  ].join('\n');
}

/** Milliseconds since `startedAt` (a `performance.now()` reading), rounded. */
export function elapsedMs(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
