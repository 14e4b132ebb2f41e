/**
 * Reads the tagged sections (`<skill>…</skill>`, `<task id="…">`) that the training
 * prompts put around their inputs. The simulated models answer from these; real models
 * simply read them as delimiters.
 */

/** The text inside the first `<tag>…</tag>` (or `<tag attr="…">…</tag>`), trimmed; undefined when absent. */
export function section(text: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`).exec(text);
  return match ? match[1].trim() : undefined;
}

/** Every `<tag attr="value" …>body</tag>`, with its attributes. */
export function elements(text: string, tag: string): Array<{ attributes: Record<string, string>; body: string }> {
  const found: Array<{ attributes: Record<string, string>; body: string }> = [];
  for (const match of text.matchAll(new RegExp(`<${tag}((?:\\s+[a-z_]+="[^"]*")*)\\s*>([\\s\\S]*?)</${tag}>`, 'g'))) {
    const attributes: Record<string, string> = {};
    for (const attribute of match[1].matchAll(/([a-z_]+)="([^"]*)"/g)) attributes[attribute[1]] = attribute[2];
    found.push({ attributes, body: match[2] });
  }
  return found;
}

/** Parses the JSON inside a section; undefined when absent or not JSON. */
export function jsonSection<T>(text: string, tag: string): T | undefined {
  const body = section(text, tag);
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as T;
  } catch {
    return undefined;
  }
}

/** The user message of a request (the last one). */
export function lastUserMessage(messages: ReadonlyArray<{ role: string; content: string }>): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) if (messages[index].role === 'user') return messages[index].content;
  return '';
}
