import { type LocalAssertionDefinition, binaryOutcome, checkTextValue, quote } from './assertion-definition';
import { indexOfText, presenceObservation } from './contains';

/** `icontains`: the output contains the text, ignoring case. */
export const icontainsAssertion: LocalAssertionDefinition = {
  type: 'icontains',
  valueHelp: 'a string the output must contain (case ignored)',
  checkValue: (value) => checkTextValue(value, 'free trial'),
  evaluate(output, value) {
    const needle = String(value);
    const index = indexOfText(output, needle, true);
    return binaryOutcome(index >= 0, `contain ${quote(needle)} (any case)`, presenceObservation(index));
  },
};
