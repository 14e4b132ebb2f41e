import { type LocalAssertionDefinition, type AssertionOutcome, binaryOutcome, checkTextListValue, quote } from './assertion-definition';
import { indexOfText } from './contains';

function containsAny(output: string, value: unknown, ignoreCase: boolean): AssertionOutcome {
  const needles = (value as unknown[]).map(String);
  const found = needles.find((needle) => indexOfText(output, needle, ignoreCase) >= 0);
  const expectation = `contain at least one of ${needles.map((needle) => quote(needle, 40)).join(', ')}${ignoreCase ? ' (any case)' : ''}`;
  return binaryOutcome(found !== undefined, expectation, found === undefined ? 'it contains none of them' : `it contains ${quote(found)}`);
}

/** `contains-any`: at least one of the strings occurs, case-sensitively. */
export const containsAnyAssertion: LocalAssertionDefinition = {
  type: 'contains-any',
  valueHelp: 'a list of strings; the output must contain at least one (case-sensitive)',
  checkValue: checkTextListValue,
  evaluate: (output, value) => containsAny(output, value, false),
};

/** `icontains-any`: as `contains-any`, ignoring case (promptfoo has it too). */
export const icontainsAnyAssertion: LocalAssertionDefinition = {
  type: 'icontains-any',
  valueHelp: 'a list of strings; the output must contain at least one (case ignored)',
  checkValue: checkTextListValue,
  evaluate: (output, value) => containsAny(output, value, true),
};
