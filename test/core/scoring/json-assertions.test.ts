import { test } from 'node:test';
import assert from 'node:assert/strict';
import { check } from './assertion-helpers';

const schema = { type: 'object', required: ['days'], properties: { days: { type: 'number' } } };

test('is-json: the whole output must parse', async () => {
  assert.equal((await check({ type: 'is-json' }, ' {"days": 30}\n')).reason, 'expected to be valid JSON; it is');
  const failed = (await check({ type: 'is-json' }, 'Sure! {"days": 30}'));
  assert.equal(failed.pass, false);
  assert.match(failed.reason, /^expected to be valid JSON; it is not \(Unexpected token/);
  assert.equal((await check({ type: 'not-is-json' }, 'plain text')).pass, true);
});

test('is-json with a JSON Schema reports what does not match', async () => {
  assert.equal((await check({ type: 'is-json', value: schema }, '{"days": 30}')).pass, true);
  const wrongType = (await check({ type: 'is-json', value: schema }, '{"days": "thirty"}'));
  assert.equal(wrongType.pass, false);
  assert.equal(wrongType.reason, 'expected to be valid JSON matching the schema; it is JSON, but /days must be number');
  assert.match((await check({ type: 'is-json', value: schema }, '{}')).reason, /\(root\) must have required property 'days'/);
});

test('is-json understands 2020-12 schemas', async () => {
  const modern = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }] };
  assert.equal((await check({ type: 'is-json', value: modern }, '["a", 1]')).pass, true);
  assert.equal((await check({ type: 'is-json', value: modern }, '[1]')).pass, false);
});

test('contains-json finds JSON in fences or prose, optionally matching a schema', async () => {
  const fenced = 'Here you go:\n```json\n{"days": 30}\n```\nAnything else?';
  assert.equal((await check({ type: 'contains-json' }, fenced)).reason, 'expected to contain a JSON object or array; it does (1 found)');
  assert.equal((await check({ type: 'contains-json', value: schema }, 'Result: {"note": "x"} and {"days": 14}.')).pass, true);
  assert.equal(
    (await check({ type: 'contains-json', value: schema }, 'Result: {"days": "14"}')).reason,
    'expected to contain JSON matching the schema; it contains JSON, but none matches: /days must be number',
  );
  assert.equal((await check({ type: 'contains-json' }, 'no braces {here')).reason, 'expected to contain a JSON object or array; it contains no parsable JSON object or array');
  assert.equal((await check({ type: 'not-contains-json' }, 'just words')).pass, true);
});
