import { type LocalAssertionDefinition, checkCountValue } from './assertion-definition';
import { boundsOutcome, wordCount } from './count-bounds';

/** `min-words`: the output has at least N words (runs of non-whitespace). */
export const minWordsAssertion: LocalAssertionDefinition = {
  type: 'min-words',
  valueHelp: 'a whole number: at least N words (runs of non-whitespace)',
  checkValue: (value) => checkCountValue(value, 'words'),
  evaluate: (output, value) => boundsOutcome(wordCount(output), { min: value as number }, 'words'),
};
