import { type LocalAssertionDefinition, checkCountValue } from './assertion-definition';
import { boundsOutcome, characterCount } from './count-bounds';

/** `min-length`: the output has at least N characters (Unicode code points). */
export const minLengthAssertion: LocalAssertionDefinition = {
  type: 'min-length',
  valueHelp: 'a whole number: at least N characters (Unicode code points)',
  checkValue: (value) => checkCountValue(value, 'characters'),
  evaluate: (output, value) => boundsOutcome(characterCount(output), { min: value as number }, 'characters'),
};
