/** The line break a document uses: LF (Unix, macOS) or CRLF (Windows). */
export type LineEnding = '\n' | '\r\n';

/**
 * The line ending most lines of `text` use. Text without any line break counts as LF.
 * A tie goes to LF, the form every tool in the SkillOpt chain emits.
 */
export function detectLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    if (index > 0 && text[index - 1] === '\r') crlf += 1;
    else lf += 1;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Rewrites every LF or CRLF line break in `text` as `lineEnding`. Lone CRs are left alone. */
export function normalizeLineEndings(text: string, lineEnding: LineEnding): string {
  return text.replace(/\r?\n/g, lineEnding);
}

/** 1-based line number of the character at `offset` (lines are split on LF). */
export function lineNumberAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let index = text.indexOf('\n'); index !== -1 && index < end; index = text.indexOf('\n', index + 1)) {
    line += 1;
  }
  return line;
}

/** Number of lines in `text` as an editor shows them (an empty text has one line). */
export function countLines(text: string): number {
  return lineNumberAt(text, text.length);
}
