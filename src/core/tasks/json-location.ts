/**
 * Where things are in a JSON file, so that an error can say `evals.json:14:9` and
 * `evals[3].rubric.soft[0].weight` instead of "invalid input".
 */

export type JsonPathSegment = string | number;

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

/** `evals[3].rubric.soft[0].weight`; keys that are not identifiers are quoted (`vars["two words"]`). */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

/** The 1-based line and column of a character offset. */
export function offsetToPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let index = 0; index < end; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * Position of a JSON.parse failure. V8 reports `at position N` (Node 20) and sometimes
 * `(line L column C)` (Node 22); "Unexpected end of JSON input" has neither and means
 * the end of the text.
 */
export function jsonSyntaxErrorPosition(text: string, error: unknown): TextPosition {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  return offsetToPosition(text, position ? Number(position[1]) : text.length);
}

/**
 * Position of the value at `path` in a JSON text that JSON.parse accepts. Object
 * members point at their key. When the path does not exist (a missing required key),
 * the deepest existing ancestor is returned, which is where the fix goes.
 */
export function locateJsonPath(text: string, path: readonly PropertyKey[]): TextPosition {
  const scanner = new JsonScanner(text, path);
  try {
    scanner.scanValue(0);
  } catch (error) {
    if (error !== targetReached) throw error;
  }
  return offsetToPosition(text, scanner.bestOffset);
}

/** Thrown to stop scanning once the whole target path was found (nothing after it matters). */
const targetReached = Symbol('target reached');

/** A minimal scanner over valid JSON that records where the target path's prefixes start. */
class JsonScanner {
  bestOffset = 0;
  private bestDepth = -1;
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly target: readonly PropertyKey[],
  ) {}

  /** Scans one value whose path has `depth` segments matching the target; returns nothing, advances `index`. */
  scanValue(depth: number, memberOffset?: number): void {
    this.skipWhitespace();
    if (depth > this.bestDepth) {
      this.bestDepth = depth;
      this.bestOffset = memberOffset ?? this.index;
      if (depth === this.target.length) throw targetReached;
    }
    const onTarget = depth >= 0 && depth < this.target.length;
    const char = this.text[this.index];
    if (char === '{') {
      this.index++;
      this.skipWhitespace();
      if (this.text[this.index] === '}') return void this.index++;
      for (;;) {
        this.skipWhitespace();
        const keyOffset = this.index;
        const key = this.readString();
        this.skipWhitespace();
        this.index++; // ':'
        const matches = onTarget && String(this.target[depth]) === key && depth + 1 > this.bestDepth;
        if (matches) this.scanValue(depth + 1, keyOffset);
        else this.scanValue(-1);
        this.skipWhitespace();
        if (this.text[this.index++] === '}') return;
      }
    }
    if (char === '[') {
      this.index++;
      this.skipWhitespace();
      if (this.text[this.index] === ']') return void this.index++;
      for (let element = 0; ; element++) {
        const matches = onTarget && this.target[depth] === element && depth + 1 > this.bestDepth;
        this.scanValue(matches ? depth + 1 : -1);
        this.skipWhitespace();
        if (this.text[this.index++] === ']') return;
      }
    }
    if (char === '"') return void this.readString();
    // Numbers and literals: everything up to the next delimiter.
    while (this.index < this.text.length && !isDelimiter(this.text.charCodeAt(this.index))) this.index++;
  }

  private readString(): string {
    const start = this.index;
    this.index++; // opening quote
    for (;;) {
      const quote = this.text.indexOf('"', this.index);
      if (quote === -1) {
        this.index = this.text.length;
        break;
      }
      this.index = quote + 1;
      // A quote preceded by an odd number of backslashes is escaped: keep looking.
      let backslashes = 0;
      while (this.text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) break;
    }
    const raw = this.text.slice(start, this.index);
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  private skipWhitespace(): void {
    while (this.index < this.text.length && isJsonWhitespace(this.text.charCodeAt(this.index))) this.index++;
  }
}

/** Space, tab, line feed, carriage return: the only white space JSON allows between tokens. */
function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** What ends a number or literal: white space, `,`, `]` or `}`. */
function isDelimiter(code: number): boolean {
  return isJsonWhitespace(code) || code === 44 || code === 93 || code === 125;
}
