/**
 * The exact slices of a SKILL.md file around its YAML frontmatter. Concatenating
 * `bom + open + source + close + body` always gives back the original text, which is
 * what makes the byte-for-byte round trip hold by construction.
 */
export interface FrontmatterSlices {
  readonly bom: '' | '\uFEFF';
  /** `present`: both delimiters found; `absent`: the file does not open with `---`; `unterminated`: it does, but no closing line follows. */
  readonly status: 'present' | 'absent' | 'unterminated';
  /** The opening `---` line with its line break ('' unless `present`). */
  readonly open: string;
  /** The YAML between the delimiter lines, exactly as written ('' unless `present`). */
  readonly source: string;
  /** The closing `---` or `...` line with its line break, if any ('' unless `present`). */
  readonly close: string;
  /** Everything after the frontmatter; the whole text after the BOM when there is none. */
  readonly body: string;
  /**
   * When the file has no frontmatter at its start but one begins after blank lines or
   * HTML comments, the 1-based line of that late `---` (agents ignore such a block); otherwise 0.
   */
  readonly lateOpeningLine: number;
  /** What stands above a late `---`: only blank lines, or at least one HTML comment. */
  readonly lateOpeningAfter: 'blank-lines' | 'comment' | undefined;
}

/** A delimiter line: `---` (or `...` to close, as YAML allows), trailing blanks tolerated. */
const openingLine = /^---[ \t]*(?:\r?\n|$)/;
const closingLineContent = /^(?:---|\.\.\.)[ \t]*$/;

/** Splits `text` into BOM, frontmatter delimiters and YAML, and body. Never throws. */
export function splitFrontmatter(text: string): FrontmatterSlices {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const rest = text.slice(bom.length);
  const none = { bom, open: '', source: '', close: '', body: rest, lateOpeningLine: 0, lateOpeningAfter: undefined } as const;

  const opening = openingLine.exec(rest);
  if (!opening) return { ...none, status: 'absent', ...findLateOpening(rest) };

  const open = opening[0];
  let lineStart = open.length;
  while (lineStart < rest.length) {
    const newline = rest.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? rest.length : newline + 1;
    const content = rest.slice(lineStart, lineEnd).replace(/\r?\n$/, '');
    if (closingLineContent.test(content)) {
      return {
        bom,
        status: 'present',
        open,
        source: rest.slice(open.length, lineStart),
        close: rest.slice(lineStart, lineEnd),
        body: rest.slice(lineEnd),
        lateOpeningLine: 0,
        lateOpeningAfter: undefined,
      };
    }
    lineStart = lineEnd;
  }
  return { ...none, status: 'unterminated' };
}

/**
 * Finds a `---` line preceded only by blank lines and whole-line HTML comments (a licence
 * banner or "generated file" note above the frontmatter is common in published skills).
 * Reads line by line and stops at the first other line, so any input stays linear.
 */
function findLateOpening(text: string): Pick<FrontmatterSlices, 'lateOpeningLine' | 'lateOpeningAfter'> {
  const none = { lateOpeningLine: 0, lateOpeningAfter: undefined };
  let sawComment = false;
  let inComment = false;
  let lineNumber = 1;
  for (let start = 0; ; lineNumber += 1) {
    const newline = text.indexOf('\n', start);
    // The `---` needs a line after it to open a block, so the last line never counts.
    if (newline === -1) return none;
    const raw = text.slice(start, newline).replace(/\r$/, '');
    const line = raw.trim();
    start = newline + 1;
    if (inComment) {
      const close = line.indexOf('-->');
      if (close !== -1 && close !== line.length - 3) return none;
      inComment = close === -1;
    } else if (line.startsWith('<!--')) {
      sawComment = true;
      const close = line.indexOf('-->', 4);
      if (close !== -1 && close !== line.length - 3) return none;
      inComment = close === -1;
    } else if (/^---[ \t]*$/.test(raw)) {
      // A `---` that is a Markdown rule under a comment is not a misplaced frontmatter.
      const opensMapping = /^[A-Za-z_][\w-]*[ \t]*:/.test(text.slice(start));
      if (lineNumber === 1 || !opensMapping) return none;
      return { lateOpeningLine: lineNumber, lateOpeningAfter: sawComment ? 'comment' : 'blank-lines' };
    } else if (line !== '') {
      return none;
    }
  }
}
