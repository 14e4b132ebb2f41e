import { type LocalAssertionDefinition, checkCountValue } from './assertion-definition';
import { boundsOutcome, characterCount } from './count-bounds';

/** `max-length`: the output has at most N characters (Unicode code points). */
export const maxLengthAssertion: LocalAssertionDefinition = {
  type: 'max-length',
  valueHelp: 'a whole number: at most N characters (Unicode code points)',
  checkValue: (value) => checkCountValue(value, 'characters'),
  evaluate: (output, value) => boundsOutcome(characterCount(output), { max: value as number }, 'characters'),
};
