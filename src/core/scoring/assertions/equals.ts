import { isDeepStrictEqual } from 'node:util';
import { type LocalAssertionDefinition, binaryOutcome, quote } from './assertion-definition';

/**
 * `equals`: the output is exactly the value, ignoring leading and trailing whitespace
 * (models end replies with a newline more often than not). An object or array value
 * is compared with the output parsed as JSON.
 */
export const equalsAssertion: LocalAssertionDefinition = {
  type: 'equals',
  valueHelp: 'the exact expected output (a string; or a JSON object/array compared with the parsed output)',
  checkValue(value) {
    if (value === undefined || value === null) return 'needs "value": the exact text the output must equal, e.g. "value": "42"';
    return undefined;
  },
  evaluate(output, value) {
    if (typeof value === 'object' && value !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(output);
      } catch {
        return binaryOutcome(false, `equal the JSON ${quote(JSON.stringify(value))}`, 'the output is not JSON');
      }
      const pass = isDeepStrictEqual(parsed, value);
      return binaryOutcome(pass, `equal the JSON ${quote(JSON.stringify(value))}`, pass ? 'it does' : `it is ${quote(JSON.stringify(parsed))}`);
    }
    const expected = String(value);
    const pass = output.trim() === expected.trim();
    return binaryOutcome(pass, `equal ${quote(expected)}`, pass ? 'it does' : `it is ${quote(output.trim())}`);
  },
};
