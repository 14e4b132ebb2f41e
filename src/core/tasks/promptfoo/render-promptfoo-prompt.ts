import { parse as parseYaml } from 'yaml';
import type { ChatMessage } from '../../models/chat-model';
import { conversationTranscript } from '../conversation-transcript';
import { type NunjucksOptions, renderNunjucks, TemplateRenderError } from './render-nunjucks';

/** A prompt rendered for one test: plain text, or a conversation (a chat prompt). */
export interface RenderedPrompt {
  /** The text sent as the user message; for a conversation, its transcript. */
  text: string;
  messages?: ChatMessage[];
}

export interface RenderPromptOptions extends NunjucksOptions {
  /** Variables whose values are used as they are, never rendered as templates (a model's output). */
  literalVars?: readonly string[];
}

/** Why a prompt cannot be rendered for a test; the message says what to change. */
export class PromptRenderError extends Error {
  constructor(
    message: string,
    /** 1-based line in the template, when the problem is a template syntax error. */
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * Renders a promptfoo prompt the way promptfoo does before a chat model sees it:
 * - a prompt that is JSON (a chat file) has each string inside it rendered;
 * - any other prompt is rendered as one Nunjucks template, and when the result is a
 *   JSON list of messages (a chat file built with `{% for %}`) or YAML `- role:` items,
 *   it is read as a conversation.
 * Variables may themselves hold templates over other variables (rendered first), and
 * one trailing newline is cut from each text variable, as promptfoo does.
 */
export function renderPromptfooPrompt(raw: string, vars: Readonly<Record<string, unknown>>, options: RenderPromptOptions = {}): RenderedPrompt {
  const resolved = resolveVariables(vars, options);
  const json = parseJson(raw);
  if (json.ok) {
    const value = renderStrings(json.value, resolved, options);
    const messages = chatMessages(value);
    if (messages) return { text: conversationTranscript(messages), messages };
    return { text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
  }
  let text: string;
  try {
    text = renderNunjucks(raw, resolved, options);
  } catch (error) {
    if (error instanceof TemplateRenderError) throw new PromptRenderError(`has a template error: ${error.message}`, error.line);
    throw error;
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('- role:')) {
    let value: unknown;
    try {
      value = parseYaml(trimmed);
    } catch (error) {
      throw new PromptRenderError(`renders as a YAML list of messages that does not parse (${(error as Error).message.split('\n')[0]}); fix the template`);
    }
    const messages = chatMessages(value);
    if (messages) return { text: conversationTranscript(messages), messages };
  }
  const looksLikeJson = (trimmed.startsWith('[') && trimmed.endsWith(']')) || (trimmed.startsWith('{') && trimmed.endsWith('}'));
  if (looksLikeJson) {
    const rendered = parseJson(trimmed);
    if (rendered.ok) {
      const messages = chatMessages(rendered.value);
      if (messages) return { text: conversationTranscript(messages), messages };
    } else if (/"role"\s*:/.test(trimmed)) {
      throw new PromptRenderError(
        `renders as a chat prompt that is not valid JSON for this test (${rendered.reason}); check the template's commas and quotes (a text variable inside a JSON string needs "| dump")`,
      );
    }
  }
  return { text };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** promptfoo lets a variable's value use other variables (`greeting: "Hi {{name}}"`). */
function resolveVariables(vars: Readonly<Record<string, unknown>>, options: RenderPromptOptions): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vars)) resolved[name] = typeof value === 'string' ? value.replace(/\n$/, '') : value;
  // A few rounds settle chains (a uses b uses c); cycles stop at the limit.
  for (let round = 0; round < 5; round++) {
    let changed = false;
    for (const [name, value] of Object.entries(resolved)) {
      if (typeof value !== 'string' || !/\{[{%]/.test(value) || options.literalVars?.includes(name)) continue;
      let rendered: string;
      try {
        rendered = renderNunjucks(value, resolved, options);
      } catch {
        // Text that only looks like a template (code, handlebars) stays as written.
        continue;
      }
      if (rendered !== value) {
        resolved[name] = rendered;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return resolved;
}

function renderStrings(value: unknown, vars: Record<string, unknown>, options: NunjucksOptions): unknown {
  if (typeof value === 'string') {
    try {
      return renderNunjucks(value, vars, options);
    } catch (error) {
      if (error instanceof TemplateRenderError) throw new PromptRenderError(`has a template error in ${JSON.stringify(value.slice(0, 60))}: ${error.message}`);
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item) => renderStrings(item, vars, options));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderStrings(item, vars, options)]));
  }
  return value;
}

const roleOf: Record<string, ChatMessage['role'] | undefined> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant', model: 'assistant' };

/**
 * The conversation a rendered chat prompt holds: a list of `{role, content}` messages, or
 * `{messages: [...]}` (with an optional `system` text). Undefined when the value is not a
 * chat prompt. Throws PromptRenderError for messages a text model cannot be sent.
 */
export function chatMessages(value: unknown): ChatMessage[] | undefined {
  let list: unknown = value;
  let system: unknown;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { messages?: unknown }).messages)) {
    list = (value as { messages: unknown[] }).messages;
    system = (value as { system?: unknown }).system;
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  if (!list.every((item) => typeof item === 'object' && item !== null && typeof (item as { role?: unknown }).role === 'string')) return undefined;
  const messages: ChatMessage[] = [];
  if (typeof system === 'string' && system.trim() !== '') messages.push({ role: 'system', content: system });
  list.forEach((item: { role: string; content?: unknown }, index) => {
    const role = roleOf[item.role];
    if (!role) {
      throw new PromptRenderError(
        `has a message with role "${item.role}" (message ${index + 1}); only system, user and assistant turns can be sent (tool and function messages need tools, which Skill Trainer does not give the target)`,
      );
    }
    messages.push({ role, content: messageText(item.content, index) });
  });
  if (!messages.some((message) => message.role === 'user')) {
    throw new PromptRenderError('is a chat prompt without a user message; add the user turn the target should answer');
  }
  return messages;
}

/** Text of a message's content: a string, or a list of parts of which only text can be sent. */
function messageText(content: unknown, index: number): string {
  if (typeof content === 'string') return content;
  if (typeof content === 'number' || typeof content === 'boolean') return String(content);
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      if (typeof part === 'string') texts.push(part);
      else if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') texts.push((part as { text: string }).text);
      else {
        const kind = String((part as { type?: unknown } | null)?.type ?? 'non-text');
        throw new PromptRenderError(
          `sends a ${kind} part in message ${index + 1}; Skill Trainer sends text only (images, audio and files cannot be given to every target), so write what the part shows as text`,
        );
      }
    }
    return texts.join('\n');
  }
  throw new PromptRenderError(`has message ${index + 1} without text "content"; give each message its text (tool calls are not supported)`);
}
