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
   * When the file has no frontmatter at its start but one begins after blank lines,
   * the 1-based line of that late `---` (agents ignore such a block); otherwise 0.
   */
  readonly lateOpeningLine: number;
}

/** A delimiter line: `---` (or `...` to close, as YAML allows), trailing blanks tolerated. */
const openingLine = /^---[ \t]*(?:\r?\n|$)/;
const closingLineContent = /^(?:---|\.\.\.)[ \t]*$/;
const blankLinesThenOpening = /^((?:[ \t]*\r?\n)+)---[ \t]*\r?\n/;

/** Splits `text` into BOM, frontmatter delimiters and YAML, and body. Never throws. */
export function splitFrontmatter(text: string): FrontmatterSlices {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const rest = text.slice(bom.length);
  const none = { bom, open: '', source: '', close: '', body: rest, lateOpeningLine: 0 } as const;

  const opening = openingLine.exec(rest);
  if (!opening) {
    const late = blankLinesThenOpening.exec(rest);
    const lateOpeningLine = late ? late[1]!.split('\n').length : 0;
    return { ...none, status: 'absent', lateOpeningLine };
  }

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
      };
    }
    lineStart = lineEnd;
  }
  return { ...none, status: 'unterminated' };
}
