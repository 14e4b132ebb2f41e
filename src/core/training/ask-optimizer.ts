/**
 * One structured optimizer call of a training stage: a system prompt and a user prompt,
 * the reply validated by its zod schema (with `completeStructured`'s one corrective
 * retry that shows the model its parse error). A reply that still cannot be used is
 * not an error for the run: the stage falls back (keeps the proposals, applies
 * nothing, ...), so it comes back as a value; provider errors still throw.
 */
import type { z } from 'zod';
import type { ChatModel } from '../models/chat-model';
import { StructuredReplyError } from '../models/model-errors';
import { completeStructured } from '../models/structured-reply';

export interface OptimizerCall {
  /** What the call is for (`reflect`, `merge`, `rank`, ...): usage accounting and logs. */
  label: string;
  system: string;
  user: string;
  signal?: AbortSignal;
}

/** The validated reply, or why there is none. */
export type OptimizerAnswer<T> = { ok: true; reply: T } | { ok: false; error: StructuredReplyError };

export async function askOptimizer<Schema extends z.ZodType>(
  optimizer: ChatModel,
  call: OptimizerCall,
  schema: Schema,
  schemaName: string,
): Promise<OptimizerAnswer<z.output<Schema>>> {
  const messages = [
    { role: 'system' as const, content: call.system },
    { role: 'user' as const, content: call.user },
  ];
  try {
    return { ok: true, reply: await completeStructured(optimizer, { label: call.label, signal: call.signal, messages }, schema, schemaName) };
  } catch (error) {
    if (error instanceof StructuredReplyError) return { ok: false, error };
    throw error;
  }
}
