import { type LocalAssertionDefinition, type AssertionOutcome, checkTextListValue, quote } from './assertion-definition';
import { indexOfText } from './contains';

/**
 * Passes only when every string occurs. The score is the fraction found, so a
 * `threshold` (e.g. 0.75) can accept partial coverage and the soft score sees progress.
 */
function containsAll(output: string, value: unknown, ignoreCase: boolean): AssertionOutcome {
  const needles = (value as unknown[]).map(String);
  const missing = needles.filter((needle) => indexOfText(output, needle, ignoreCase) < 0);
  const expectation = `contain all of ${needles.map((needle) => quote(needle, 40)).join(', ')}${ignoreCase ? ' (any case)' : ''}`;
  return {
    pass: missing.length === 0,
    score: (needles.length - missing.length) / needles.length,
    expectation,
    observation:
      missing.length === 0 ? 'it contains all of them' : `it is missing ${missing.map((needle) => quote(needle, 40)).join(', ')}`,
  };
}

/** `contains-all`: every string occurs, case-sensitively. */
export const containsAllAssertion: LocalAssertionDefinition = {
  type: 'contains-all',
  valueHelp: 'a list of strings; the output must contain every one (case-sensitive)',
  checkValue: checkTextListValue,
  evaluate: (output, value) => containsAll(output, value, false),
};

/** `icontains-all`: as `contains-all`, ignoring case (promptfoo has it too). */
export const icontainsAllAssertion: LocalAssertionDefinition = {
  type: 'icontains-all',
  valueHelp: 'a list of strings; the output must contain every one (case ignored)',
  checkValue: checkTextListValue,
  evaluate: (output, value) => containsAll(output, value, true),
};
