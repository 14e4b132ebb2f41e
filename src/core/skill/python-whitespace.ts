/*
 * SkillOpt (Python) trims edit content with str.strip() and the document with
 * str.rstrip(). Python's idea of whitespace differs from JavaScript's trim(): it also
 * covers the ASCII separators U+001C–U+001F and NEL (U+0085), and it does not cover the
 * byte-order mark U+FEFF. Using Python's set keeps skills byte-identical across the two
 * tools.
 */
const pythonWhitespace =
  '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const leading = new RegExp(`^[${pythonWhitespace}]+`);
const oneCharacter = new RegExp(`^[${pythonWhitespace}]$`);

/** Python's `text.strip()`. */
export function pythonStrip(text: string): string {
  return pythonRstrip(text).replace(leading, '');
}

/** Python's `text.rstrip()`. */
export function pythonRstrip(text: string): string {
  // A linear scan: a trailing-anchored regex backtracks quadratically on long runs
  // of whitespace that are not at the end.
  let end = text.length;
  while (end > 0 && oneCharacter.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
}
