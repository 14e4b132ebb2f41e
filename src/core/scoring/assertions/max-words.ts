import { type LocalAssertionDefinition, checkCountValue } from './assertion-definition';
import { boundsOutcome, wordCount } from './count-bounds';

/** `max-words`: the output has at most N words (runs of non-whitespace). */
export const maxWordsAssertion: LocalAssertionDefinition = {
  type: 'max-words',
  valueHelp: 'a whole number: at most N words (runs of non-whitespace)',
  checkValue: (value) => checkCountValue(value, 'words'),
  evaluate: (output, value) => boundsOutcome(wordCount(output), { max: value as number }, 'words'),
};
