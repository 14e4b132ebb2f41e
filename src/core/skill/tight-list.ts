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
  const lines = content.split(/\r?\n/);
  if (!LIST_ITEM.test(lines[0]!) || lines.some((line) => line.trim() === '' || !(LIST_ITEM.test(line) || /^[ \t]/.test(line)))) return false;
  const before = body.slice(0, insertAt).replace(/\r?\n$/, '');
  const targetLine = before.slice(before.lastIndexOf('\n') + 1);
  if (!LIST_ITEM.test(targetLine)) return false;
  const previous = before.slice(0, Math.max(0, before.lastIndexOf('\n'))).replace(/\r$/, '');
  const previousLine = previous.slice(previous.lastIndexOf('\n') + 1);
  const nextLine = body.slice(insertAt).split(/\r?\n/, 1)[0] ?? '';
  const listContinues = insertAt < body.length && nextLine.trim() !== '';
  return listContinues || (before.includes('\n') && LIST_ITEM.test(previousLine));
}
