import { type LocalAssertionDefinition, binaryOutcome, checkTextValue, quote } from './assertion-definition';

/** Where `needle` first occurs in `haystack` (−1 when absent), optionally ignoring case. */
export function indexOfText(haystack: string, needle: string, ignoreCase: boolean): number {
  return ignoreCase ? haystack.toLowerCase().indexOf(needle.toLowerCase()) : haystack.indexOf(needle);
}

/** "it did (at character 12)" / "it did not" — the observation every contains-family check uses. */
export function presenceObservation(index: number): string {
  return index >= 0 ? `it did (at character ${index + 1})` : 'it did not';
}

/** `contains`: the output contains the text, case-sensitively. */
export const containsAssertion: LocalAssertionDefinition = {
  type: 'contains',
  valueHelp: 'a string the output must contain (case-sensitive)',
  checkValue: (value) => checkTextValue(value, 'free trial'),
  evaluate(output, value) {
    const needle = String(value);
    const index = indexOfText(output, needle, false);
    return binaryOutcome(index >= 0, `contain ${quote(needle)}`, presenceObservation(index));
  },
};
