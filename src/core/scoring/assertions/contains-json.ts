import { findJsonValues } from '../../models/structured-reply';
import { type LocalAssertionDefinition, binaryOutcome } from './assertion-definition';
import { checkJsonSchema, schemaErrors } from './json-schema-validator';

/**
 * `contains-json`: somewhere in the output (a ```json fence or prose around it) is a
 * JSON object or array — one that matches the JSON Schema in `value`, when given.
 */
export const containsJsonAssertion: LocalAssertionDefinition = {
  type: 'contains-json',
  valueHelp: 'optional: a JSON Schema that at least one JSON value in the output must match',
  checkValue: checkJsonSchema,
  evaluate(output, value) {
    const expectation = value === undefined ? 'contain a JSON object or array' : 'contain JSON matching the schema';
    const candidates = findJsonValues(output);
    if (candidates.length === 0) return binaryOutcome(false, expectation, 'it contains no parsable JSON object or array');
    if (value === undefined) return binaryOutcome(true, expectation, `it does (${candidates.length} found)`);
    let firstErrors = '';
    for (const candidate of candidates) {
      const errors = schemaErrors(value as object, candidate);
      if (errors === undefined) return binaryOutcome(true, expectation, 'it does');
      firstErrors ||= errors;
    }
    return binaryOutcome(false, expectation, `it contains JSON, but none matches: ${firstErrors}`);
  },
};
