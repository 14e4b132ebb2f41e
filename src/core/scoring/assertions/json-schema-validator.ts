import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';

/**
 * JSON Schema checks for `is-json` and `contains-json`. Schemas are compiled once per
 * schema object. Draft-07 by default; a schema whose `$schema` names 2020-12 gets the
 * 2020-12 validator.
 */

const draft7 = new Ajv({ allErrors: true, strict: false });
const draft2020 = new Ajv2020({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const dialect = (schema as { $schema?: unknown }).$schema;
    const ajv = typeof dialect === 'string' && dialect.includes('2020-12') ? draft2020 : draft7;
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** What is wrong with a schema (and the fix), or undefined when it compiles. */
export function checkJsonSchema(schema: unknown): string | undefined {
  if (schema === undefined) return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return 'has a "value" that is not a JSON Schema object; give a schema such as {"type": "object", "required": ["name"]}, or leave "value" out';
  }
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    return `has a JSON Schema in "value" that does not compile (${(error as Error).message}); fix the schema`;
  }
}

/** Undefined when `data` matches `schema`; otherwise the validator's errors in one line. */
export function schemaErrors(schema: object, data: unknown): string | undefined {
  const validate = validatorFor(schema);
  if (validate(data)) return undefined;
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`).join('; ');
}
