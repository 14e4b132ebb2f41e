/**
 * The malformed-proposal guard: an edit whose text is broken is rejected before the
 * gate, whatever it would score, because it corrupts the skill for every later step.
 * Three faults a model's reply shows when it was cut off or leaked its reasoning:
 * - an unclosed code fence (the rest of the skill would render as code),
 * - a `<think>` / `<thinking>` block (the model's reasoning, not guidance),
 * - a truncated sentence (the text stops on "the", a comma, an open parenthesis, …).
 * Only faults the edit brings in count: a skill that already holds a `<think>` tag, or a
 * rewrite ending the way the skill already ends, is not the edit's doing.
 */

/** A fence line: up to any indentation (fences inside list items are indented), then ``` or ~~~ and an optional info string. */
const FENCE_LINE = /^\s*(`{3,}|~{3,})(.*)$/;
/** A reasoning tag outside code: what reasoning models wrap their thoughts in. */
const THINK_TAG = /<\/?(think|thinking)\b[^>]*>/i;
/**
 * Words English sentences do not end on: a text stopping on one of them was cut off.
 * (Prepositions that may end a sentence — "to", "on", "in", "for" — are left out.)
 */
const DANGLING_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'nor', 'of', 'with', 'than', 'because', 'whose', 'your', 'their', 'its', 'our', 'my']);

/**
 * The text's lines outside fenced code blocks, and whether it ends inside one. As in
 * CommonMark, a fence closes only with the same character, at least as long, and
 * nothing after it; a fence of ``` inside a ```` block is content.
 */
function scanFences(text: string): { prose: string[]; open: boolean } {
  const prose: string[] = [];
  let open: { char: string; length: number } | undefined;
  for (const line of text.split(/\r?\n/)) {
    const found = FENCE_LINE.exec(line);
    // A backtick fence's info string has no backticks: "```a``` b" is inline code.
    const fence = found && !(found[1]![0] === '`' && found[2]!.includes('`')) ? found : null;
    if (fence) {
      const marker = fence[1]!;
      if (!open) {
        open = { char: marker[0]!, length: marker.length };
        continue;
      }
      if (marker[0] === open.char && marker.length >= open.length && fence[2]!.trim() === '') {
        open = undefined;
        continue;
      }
    }
    if (!open) prose.push(line);
  }
  return { prose, open: open !== undefined };
}

/** Prose lines with inline code spans blanked out (their text is code, not sentences). */
function proseLines(text: string): string[] {
  return scanFences(text).prose.map((line) => line.replace(/`[^`\n]*`/g, '``'));
}

function hasThinkTag(text: string): boolean {
  return proseLines(text).some((line) => THINK_TAG.test(line));
}

/**
 * Why the text's ending looks cut off, or undefined. Looks at its last paragraph (lines
 * are often wrapped, so a sentence may run over several): an open parenthesis or inline
 * code, or a last character or word no sentence ends on.
 */
export function truncationProblem(text: string): string | undefined {
  const trimmed = text.trimEnd();
  // Ending in a code block: code has no sentences to cut.
  if (trimmed === '' || FENCE_LINE.test(trimmed.split(/\r?\n/).at(-1) ?? '')) return undefined;
  const lines = scanFences(trimmed).prose;
  const paragraph: string[] = [];
  for (let index = lines.length - 1; index >= 0 && lines[index]!.trim() !== ''; index--) paragraph.unshift(lines[index]!.trim());
  const last = paragraph.at(-1);
  if (!last || /^#{1,6}\s/.test(last) || /^\|.*\|$/.test(last) || /^<[^>]+>$/.test(last)) return undefined;
  const joined = paragraph.join(' ');
  if ((joined.match(/`/g) ?? []).length % 2 === 1) return 'its last sentence leaves inline code open';
  const code = joined.replace(/`[^`]*`/g, '``');
  if ((code.match(/\(/g) ?? []).length > (code.match(/\)/g) ?? []).length) return 'its last sentence leaves a parenthesis open';
  const bare = last.replace(/[*_]+$/, '');
  // A closing quote ends a quotation; an opening one or a comma leaves the sentence open.
  // (Not a semicolon or a colon: list items in a series end on them, and lead-ins on a colon.)
  if (/[,(\[{“‘]$/.test(bare)) return `it stops on "${bare.slice(-1)}", mid-sentence`;
  if (/\s[-–—]$/.test(bare)) return 'it stops on a dash, mid-sentence';
  // Only in lower case: "option A" or "Vitamin A" end a sentence well enough.
  const lastWord = /([\p{L}]+)$/u.exec(bare)?.[1];
  if (lastWord && lastWord === lastWord.toLowerCase() && DANGLING_WORDS.has(lastWord)) return `it stops on "${lastWord}", mid-sentence`;
  return undefined;
}

/** Whether the text ends inside a code block it opened (or, from inside one, closes it). */
function leavesFenceOpen(text: string | undefined): boolean {
  return scanFences(text ?? '').open;
}

/** The edit as the guard reads it. `rewrite` carries a whole skill; `suggestion` a revision suggestion. */
export interface GuardedEdit {
  op: string;
  target?: string;
  content?: string;
}

/**
 * Why the edit is malformed, or undefined. `skill` is the text it would change: faults
 * already in it are not the edit's.
 */
export function malformedProblem(edit: GuardedEdit, skill: string): string | undefined {
  const content = edit.content ?? '';
  // A replace may swap one fence line for another; only a change in openness breaks the skill.
  const unclosed = edit.op === 'delete' ? leavesFenceOpen(edit.target) : edit.op === 'replace' ? leavesFenceOpen(content) !== leavesFenceOpen(edit.target) : leavesFenceOpen(content);
  if (unclosed && (edit.op !== 'rewrite' || !leavesFenceOpen(skill))) {
    return edit.op === 'delete' ? 'it deletes one fence of a code block and leaves the other' : 'it leaves a code fence (```) unclosed';
  }
  if (hasThinkTag(content) && !hasThinkTag(skill)) return 'it contains a <think> block (the model\'s reasoning, not guidance)';
  if (edit.op === 'delete') return undefined;
  const truncated = truncationProblem(content);
  if (truncated && !(edit.op === 'rewrite' && truncationProblem(skill) === truncated)) return `it looks cut off: ${truncated}`;
  return undefined;
}
