/** Assertions shared by the tests of the three OpenAI-style providers. */
import assert from 'node:assert/strict';
import type { MockRequest } from '../../../support/mock-llm-server';

/** How every OpenAI-style provider asks for JSON: json_schema, not strict. */
export function assertOpenAiJsonSchemaRequested(request: MockRequest, schemaName: string): void {
  const format = (request.body as { response_format?: { type: string; json_schema: { name: string; strict: boolean; schema: unknown } } })
    .response_format;
  assert.equal(format?.type, 'json_schema');
  assert.equal(format?.json_schema.name, schemaName);
  assert.equal(format?.json_schema.strict, false);
  assert.deepEqual(request.jsonSchema, format?.json_schema.schema);
  assert.equal(request.jsonMode, true);
}

/** The key of an `Authorization: Bearer <key>` header, if one was sent. */
export function readBearer(request: MockRequest): string | undefined {
  const header = request.headers.authorization;
  return typeof header === 'string' ? header.replace(/^Bearer /, '') : undefined;
}
