/**
 * Tight Markdown lists (no blank line between items), for the `keepListsTight` option of
 * applyEdits: SkillOpt puts a blank line on each side of inserted text, which splits
 * such a list in two and makes it loose; with the option the inserted items join it.
 */

/** A Markdown list item's first line: `- `, `* `, `+ `, `1. ` or `1) `, maybe indented. */
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]/;

/**
 * True when `content` is a block of list items (continuation lines indented, no blank
 * line) and the line ending at `insertAt` is an item of a tight list: the line after it
 * is not blank, or the line before it is an item too.
 */
export function continuesTightList(body: string, insertAt: number, content: string): boolean {
  if (!isListItems(content)) return false;
  const { before, targetLine } = lineBefore(body, insertAt);
  if (!LIST_ITEM.test(targetLine)) return false;
  const previous = before.slice(0, Math.max(0, before.lastIndexOf('\n'))).replace(/\r$/, '');
  const previousLine = previous.slice(previous.lastIndexOf('\n') + 1);
  const nextLine = body.slice(insertAt).split(/\r?\n/, 1)[0] ?? '';
  const listContinues = insertAt < body.length && nextLine.trim() !== '';
  return listContinues || (before.includes('\n') && LIST_ITEM.test(previousLine));
}

/**
 * Where a tight list starts when the text at `insertAt` is blank lines and then that
 * list (e.g. under a heading an edit inserts after), and `content` is list items:
 * inserted there, the items join the list at its top instead of standing apart.
 * Undefined otherwise.
 */
export function tightListStartAfter(body: string, insertAt: number, content: string): number | undefined {
  if (!isListItems(content)) return undefined;
  // After an item (or its continuation) the list is loose: a blank line parts its items.
  const { targetLine } = lineBefore(body, insertAt);
  if (LIST_ITEM.test(targetLine) || /^[ \t]/.test(targetLine)) return undefined;
  const blank = /^(?:[ \t]*\r?\n)+/.exec(body.slice(insertAt));
  if (!blank) return undefined;
  const listStart = insertAt + blank[0].length;
  const lines = body.slice(listStart).split(/\r?\n/);
  if (!LIST_ITEM.test(lines[0] ?? '')) return undefined;
  // A loose list (its items apart by blank lines) keeps SkillOpt's blank lines.
  let next = 1;
  while (next < lines.length && /^[ \t]+\S/.test(lines[next]!) && !LIST_ITEM.test(lines[next]!)) next += 1;
  if (lines[next]?.trim() === '') {
    const following = lines.slice(next).find((line) => line.trim() !== '');
    if (following !== undefined && LIST_ITEM.test(following)) return undefined;
  }
  return listStart;
}

/** The text before `insertAt` (its line break dropped) and the last line of it: the line an insert goes after. */
function lineBefore(body: string, insertAt: number): { before: string; targetLine: string } {
  const before = body.slice(0, insertAt).replace(/\r?\n$/, '');
  return { before, targetLine: before.slice(before.lastIndexOf('\n') + 1) };
}

/** `content` is a block of list items: continuation lines indented, no blank line. */
function isListItems(content: string): boolean {
  const lines = content.split(/\r?\n/);
  return LIST_ITEM.test(lines[0]!) && lines.every((line) => line.trim() !== '' && (LIST_ITEM.test(line) || /^[ \t]/.test(line)));
}
