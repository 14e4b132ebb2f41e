import { distance as editDistance } from 'fastest-levenshtein';
import { type LocalAssertionDefinition, checkTextValue, quote } from './assertion-definition';

/** promptfoo's most edits allowed when the assertion sets no threshold. */
const DEFAULT_MAX_DISTANCE = 5;

/**
 * `levenshtein`: the output is at most `threshold` single-character edits (insertions,
 * deletions, substitutions, counted in UTF-16 code units; default 5) from the text in
 * `value`, computed with promptfoo's package (fastest-levenshtein, bit-parallel, so long
 * replies stay quick). As in promptfoo the threshold is a distance, not a 0..1 score,
 * and the score is 1 or 0. `not-levenshtein`
 * passes when the output is further away than that.
 */
export const levenshteinAssertion: LocalAssertionDefinition = {
  type: 'levenshtein',
  valueHelp: 'the text the output should be close to; "threshold" is the most edits allowed (default 5)',
  checkValue: (value) => checkTextValue(value, 'hello world'),
  ownThreshold: {
    default: DEFAULT_MAX_DISTANCE,
    check: (threshold) =>
      typeof threshold === 'number' && threshold >= 0
        ? undefined
        : 'threshold is the most single-character edits the output may be from "value": a number ≥ 0 (default 5), e.g. "threshold": 3',
  },
  evaluate(output, value, _context, threshold = DEFAULT_MAX_DISTANCE) {
    const distance = editDistance(output, String(value));
    const pass = distance <= threshold;
    const plural = threshold === 1 ? 'edit' : 'edits';
    return { pass, score: pass ? 1 : 0, expectation: `be within ${threshold} ${plural} of ${quote(String(value))}`, observation: `it is ${distance} ${distance === 1 ? 'edit' : 'edits'} away` };
  },
};
