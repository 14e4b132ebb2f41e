import { type LocalAssertionDefinition, binaryOutcome, quote } from './assertion-definition';

/** A regex value: a pattern string, or `{pattern, flags}` for flags such as `i` or `m`. */
function toRegExp(value: unknown): RegExp {
  if (typeof value === 'string') return new RegExp(value);
  const { pattern, flags } = value as { pattern: string; flags?: string };
  return new RegExp(pattern, flags);
}

/** `regex`: the output matches the JavaScript regular expression somewhere. */
export const regexAssertion: LocalAssertionDefinition = {
  type: 'regex',
  valueHelp: 'a JavaScript regular expression as a string, or {"pattern": "...", "flags": "i"}',
  checkValue(value) {
    const isPatternObject =
      typeof value === 'object' && value !== null && typeof (value as { pattern?: unknown }).pattern === 'string';
    if (typeof value !== 'string' && !isPatternObject) {
      return 'needs "value" set to a regular expression string, e.g. "value": "\\\\d{3}-\\\\d{4}", or {"pattern": "refund", "flags": "i"}';
    }
    try {
      toRegExp(value);
      return undefined;
    } catch (error) {
      return `has a "value" that is not a valid regular expression (${(error as Error).message}); escape special characters such as ( [ { . * + ? with a backslash`;
    }
  },
  evaluate(output, value) {
    const expression = toRegExp(value);
    const match = expression.exec(output);
    return binaryOutcome(
      match !== null,
      `match /${expression.source}/${expression.flags}`,
      match === null ? 'it did not' : `it did (${quote(match[0], 60)} at character ${match.index + 1})`,
    );
  },
};
