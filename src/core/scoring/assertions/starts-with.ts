import { type LocalAssertionDefinition, binaryOutcome, checkTextValue, quote } from './assertion-definition';

/** `starts-with`: the output begins with the text (leading whitespace of the output is ignored). */
export const startsWithAssertion: LocalAssertionDefinition = {
  type: 'starts-with',
  valueHelp: 'a string the output must begin with (leading whitespace ignored)',
  checkValue: (value) => checkTextValue(value, 'Summary:'),
  evaluate(output, value) {
    const prefix = String(value);
    // Models often open with a newline; that is not what an author means by "starts with".
    const pass = output.trimStart().startsWith(prefix);
    return binaryOutcome(pass, `start with ${quote(prefix)}`, pass ? 'it does' : `it starts with ${quote(output.trimStart().slice(0, prefix.length + 20))}`);
  },
};
