import type { ChatMessage } from '../models/chat-model';

/**
 * A conversation as one readable text, for the places that show a task as text (the
 * judge's `<task>`, the optimizer's view of a task, javascript checks' `context.prompt`).
 * A conversation of a single user message is that message.
 */
export function conversationTranscript(messages: readonly ChatMessage[]): string {
  if (messages.length === 1 && messages[0].role === 'user') return messages[0].content;
  const speaker = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return messages.map((message) => `${speaker[message.role]}: ${message.content}`).join('\n\n');
}
