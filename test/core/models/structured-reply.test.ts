import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { StructuredReplyError } from '../../../src/core/models/model-errors';
import { ScriptedChatModel } from '../../../src/core/models/scripted-chat-model';
import { completeStructured, completeStructuredReply, findJsonValues, parseStructuredText } from '../../../src/core/models/structured-reply';

const patchSchema = z.object({ reasoning: z.string(), edits: z.array(z.object({ op: z.string(), content: z.string().optional() })) });
const request = { messages: [{ role: 'user' as const, content: 'Propose edits.' }], label: 'reflect' };

test('a clean JSON reply validates on the first call, with a JSON Schema derived from the zod schema', async () => {
  const model = new ScriptedChatModel(['{"reasoning": "r", "edits": [{"op": "append", "content": "x"}]}']);
  const value = await completeStructured(model, request, patchSchema, 'patch');
  assert.deepEqual(value, { reasoning: 'r', edits: [{ op: 'append', content: 'x' }] });
  assert.equal(model.calls.length, 1);
  const jsonSchema = model.calls[0].jsonSchema;
  assert.equal(jsonSchema?.name, 'patch');
  assert.equal((jsonSchema?.schema as { type?: string }).type, 'object');
  assert.deepEqual((jsonSchema?.schema as { required?: string[] }).required, ['reasoning', 'edits']);
  assert.equal(model.calls[0].label, 'reflect');
});

test('a schema asked for again sends the JSON Schema derived the first time (derived once per zod schema, not per call)', async () => {
  const model = new ScriptedChatModel(['{"reasoning": "a", "edits": []}', '{"reasoning": "b", "edits": []}', '{"reasoning": "c"}']);
  await completeStructured(model, request, patchSchema, 'patch');
  await completeStructured(model, request, patchSchema, 'patch');
  const other = z.object({ reasoning: z.string() });
  await completeStructured(model, request, other, 'other');
  const [first, second, third] = model.calls.map((call) => call.jsonSchema?.schema);
  assert.equal(second, first);
  assert.notEqual(third, first);
  assert.deepEqual((third as { required?: string[] }).required, ['reasoning']);
});

test("the caller's own jsonSchema is sent as given", async () => {
  const model = new ScriptedChatModel(['{"reasoning": "r", "edits": []}']);
  const jsonSchema = { name: 'custom', schema: { type: 'object' } };
  await completeStructured(model, { ...request, jsonSchema }, patchSchema, 'patch');
  assert.equal(model.calls[0].jsonSchema, jsonSchema);
});

test('JSON is found in a fence or in prose; the first candidate that validates wins', () => {
  assert.deepEqual(parseStructuredText('Sure:\n```json\n{"reasoning": "f", "edits": []}\n```', patchSchema), {
    ok: true,
    value: { reasoning: 'f', edits: [] },
  });
  assert.deepEqual(parseStructuredText('I considered {"note": 1} but the answer is {"reasoning": "p", "edits": []}. Done.', patchSchema), {
    ok: true,
    value: { reasoning: 'p', edits: [] },
  });
  assert.deepEqual(parseStructuredText('{"reasoning": "has } and { inside", "edits": []}', patchSchema), {
    ok: true,
    value: { reasoning: 'has } and { inside', edits: [] },
  });
});

test('parse errors say what the model must fix', () => {
  assert.deepEqual(parseStructuredText('', patchSchema), { ok: false, error: 'the reply was empty' });
  assert.deepEqual(parseStructuredText('No JSON here at all', patchSchema), { ok: false, error: 'the reply contains no JSON (it begins "No JSON here at all")' });
  const wrong = parseStructuredText('{"reasoning": 3, "edits": "none"}', patchSchema);
  assert.equal(wrong.ok, false);
  assert.match((wrong as { error: string }).error, /^the JSON does not match the schema: reasoning: Invalid input: expected string, received number; edits: /);
});

test('findJsonValues: whole text first, then fences, then top-level objects and arrays in prose', () => {
  assert.deepEqual(findJsonValues(' [1, 2] '), [[1, 2]]);
  assert.deepEqual(findJsonValues('a {"x": 1} b [2] c {broken'), [{ x: 1 }, [2]]);
  assert.deepEqual(findJsonValues('```\n{"y": 2}\n```'), [{ y: 2 }]);
  assert.deepEqual(findJsonValues('42'), []);
  assert.deepEqual(findJsonValues('42', { includeScalars: true }), [42]);
  assert.deepEqual(findJsonValues('{"outer": {"inner": 1}}'), [{ outer: { inner: 1 } }]);
});

test('a bad first reply is retried once with the reply and the error shown; the details list both responses', async () => {
  const model = new ScriptedChatModel(['{"reasoning": "r"}', '{"reasoning": "r", "edits": []}']);
  const reply = await completeStructuredReply(model, request, patchSchema, 'patch');
  assert.deepEqual(reply.value, { reasoning: 'r', edits: [] });
  assert.equal(reply.responses.length, 2);
  assert.equal(reply.text, '{"reasoning": "r", "edits": []}');
  const retry = model.calls[1];
  assert.equal(retry.messages.length, 3);
  assert.deepEqual(retry.messages[1], { role: 'assistant', content: '{"reasoning": "r"}' });
  assert.match(retry.messages[2].content, /^Your reply could not be used: the JSON does not match the schema: edits: /);
  assert.match(retry.messages[2].content, /matches the patch schema/);
  assert.equal(retry.jsonSchema?.name, 'patch');
  assert.equal(retry.label, 'reflect');
});

test('two bad replies throw StructuredReplyError with the second reply and its error', async () => {
  const model = new ScriptedChatModel(['garbage', 'still garbage']);
  await assert.rejects(completeStructured(model, request, patchSchema, 'patch'), (error: unknown) => {
    assert.ok(error instanceof StructuredReplyError);
    assert.equal(error.provider, 'scripted:model');
    assert.equal(error.rawReply, 'still garbage');
    assert.equal(error.validationError, 'the reply contains no JSON (it begins "still garbage")');
    return true;
  });
  assert.equal(model.calls.length, 2);
});

test('zod transforms and refinements count as validation (e.g. cross-field checks)', async () => {
  const evenSchema = z.object({ n: z.number() }).refine((value) => value.n % 2 === 0, { message: 'n must be even' });
  const model = new ScriptedChatModel(['{"n": 3}', '{"n": 4}']);
  assert.deepEqual(await completeStructured(model, request, evenSchema, 'even'), { n: 4 });
  assert.match(model.calls[1].messages.at(-1)?.content ?? '', /\(root\): n must be even/);
});
