import { type LocalAssertionDefinition, binaryOutcome } from './assertion-definition';
import { checkJsonSchema, schemaErrors } from './json-schema-validator';

/**
 * `is-json`: the whole output (surrounding whitespace ignored) is one JSON value,
 * optionally matching the JSON Schema in `value`.
 */
export const isJsonAssertion: LocalAssertionDefinition = {
  type: 'is-json',
  valueHelp: 'optional: a JSON Schema the parsed output must match',
  checkValue: checkJsonSchema,
  evaluate(output, value) {
    const expectation = value === undefined ? 'be valid JSON' : 'be valid JSON matching the schema';
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch (error) {
      return binaryOutcome(false, expectation, `it is not (${(error as Error).message})`);
    }
    if (value === undefined) return binaryOutcome(true, expectation, 'it is');
    const errors = schemaErrors(value as object, parsed);
    return binaryOutcome(errors === undefined, expectation, errors === undefined ? 'it is' : `it is JSON, but ${errors}`);
  },
};
