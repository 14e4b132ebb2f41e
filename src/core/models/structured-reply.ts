import { z } from 'zod';
import type { ChatModel, ChatRequest, ChatResponse } from './chat-model';
import { StructuredReplyError } from './model-errors';

/**
 * Structured (JSON) replies, for every structured call in the product: the judge and
 * each optimizer stage. One function asks, extracts, validates and retries once.
 */

/** A structured reply with what it took to get it. */
export interface StructuredReply<T> {
  value: T;
  /** The raw text of the reply that validated. */
  text: string;
  /** Every response received, in order (1, or 2 after a corrective retry). */
  responses: ChatResponse[];
}

/**
 * Asks `model` for JSON matching `schema`, and returns the validated value.
 *
 * The request carries `jsonSchema` (the caller's, or one derived from the zod schema,
 * named `schemaName`). JSON is taken from the whole reply, a ```json fence, or the
 * first parsable object/array in surrounding prose. When nothing validates, the model
 * is asked once more, shown its reply and the validation error; a second failure
 * throws {@link StructuredReplyError}. Provider errors propagate unchanged.
 */
export async function completeStructured<Schema extends z.ZodType>(
  model: ChatModel,
  request: ChatRequest,
  schema: Schema,
  schemaName: string,
): Promise<z.output<Schema>> {
  return (await completeStructuredReply(model, request, schema, schemaName)).value;
}

/** {@link completeStructured}, also returning the raw text and every response (for logs). */
export async function completeStructuredReply<Schema extends z.ZodType>(
  model: ChatModel,
  request: ChatRequest,
  schema: Schema,
  schemaName: string,
): Promise<StructuredReply<z.output<Schema>>> {
  const jsonSchema = request.jsonSchema ?? { name: schemaName, schema: jsonSchemaOf(schema) };
  const first = await model.complete({ ...request, jsonSchema });
  const firstResult = parseStructuredText(first.text, schema);
  if (firstResult.ok) return { value: firstResult.value, text: first.text, responses: [first] };

  const retryRequest: ChatRequest = {
    ...request,
    jsonSchema,
    messages: [
      ...request.messages,
      { role: 'assistant', content: first.text },
      {
        role: 'user',
        content:
          `Your reply could not be used: ${firstResult.error}\n\n` +
          `Reply again with only one JSON value that matches the ${jsonSchema.name} schema: no prose, no code fence.`,
      },
    ],
  };
  const second = await model.complete(retryRequest);
  const secondResult = parseStructuredText(second.text, schema);
  if (secondResult.ok) return { value: secondResult.value, text: second.text, responses: [first, second] };
  throw new StructuredReplyError({
    provider: model.spec,
    schemaName: jsonSchema.name,
    rawReply: second.text,
    validationError: secondResult.error,
  });
}

/** The outcome of reading one reply: the value, or a message the model can act on. */
export type StructuredParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Finds JSON in `text` and validates it with `schema`. Candidates are tried in order
 * (whole text, fenced blocks, objects/arrays found in prose); the first that validates
 * wins. The error describes the first candidate that parsed, or says none did.
 */
export function parseStructuredText<Schema extends z.ZodType>(text: string, schema: Schema): StructuredParseResult<z.output<Schema>> {
  let firstError: string | undefined;
  for (const candidate of findJsonValues(text, { includeScalars: true })) {
    const result = schema.safeParse(candidate);
    if (result.success) return { ok: true, value: result.data };
    firstError ??= describeIssues(result.error.issues);
  }
  if (firstError !== undefined) return { ok: false, error: `the JSON does not match the schema: ${firstError}` };
  const start = text.trim().slice(0, 60);
  return { ok: false, error: text.trim() === '' ? 'the reply was empty' : `the reply contains no JSON (it begins "${start}")` };
}

/** `verdicts[0].pass: expected boolean, received string; ...` (at most five issues). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`)).join('').replace(/^\./, '');
    return `${path || '(root)'}: ${issue.message}`;
  });
  return shown.join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '');
}

/**
 * Every JSON value that can be read out of `text`, in order of preference: the whole
 * text, the contents of ``` fences, then each top-level `{...}` or `[...]` in the prose
 * that parses. Objects and arrays only, unless `includeScalars` lets a whole-text or
 * fenced scalar through.
 */
export function findJsonValues(text: string, options: { includeScalars?: boolean } = {}): unknown[] {
  const values: unknown[] = [];
  const accept = (value: unknown) => options.includeScalars || (typeof value === 'object' && value !== null);
  const whole = tryParse(text.trim());
  if (whole.ok && accept(whole.value)) return [whole.value];

  // Fenced blocks that parse are taken whole; the prose scan below skips them.
  const fencedRanges: [number, number][] = [];
  for (const fence of text.matchAll(/```[\w-]*[ \t]*\r?\n([\s\S]*?)```/g)) {
    const parsed = tryParse(fence[1].trim());
    if (!parsed.ok) continue;
    if (accept(parsed.value)) values.push(parsed.value);
    fencedRanges.push([fence.index, fence.index + fence[0].length]);
  }
  let index = 0;
  while (index < text.length) {
    const open = findNextOpening(text, index);
    if (open < 0) break;
    const fenced = fencedRanges.find(([start, end]) => open >= start && open < end);
    if (fenced) {
      index = fenced[1];
      continue;
    }
    const close = findClosing(text, open);
    const parsed = close < 0 ? undefined : tryParse(text.slice(open, close + 1));
    if (parsed?.ok) {
      values.push(parsed.value);
      index = close + 1;
    } else {
      index = open + 1;
    }
  }
  return values;
}

function findNextOpening(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '{' || text[index] === '[') return index;
  }
  return -1;
}

/** Index of the bracket closing the one at `open`, skipping strings; −1 when unbalanced. */
function findClosing(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Each zod schema's JSON Schema, derived once: the optimizer's schemas are module constants asked for on every call. */
const derivedJsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * JSON Schema of what the schema accepts (its input side), for the vendor's JSON mode.
 * Deriving it walks the whole schema (about 1 ms for the reflect patch's), on the
 * optimizer call's path, so it is kept per schema; callers only read it.
 */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let derived = derivedJsonSchemas.get(schema);
  if (!derived) {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    derivedJsonSchemas.set(schema, (derived = rest));
  }
  return derived;
}
