/**
 * Per-role generation options (SkillOpt's `reasoning_effort` and output limits): the
 * reasoning effort, the output token limit and the temperature each role's calls are
 * sent with. They go into every request of the role before the call journal keys it,
 * so a resumed run asks exactly the same questions.
 */
import { z } from 'zod';
import { reasoningEfforts, type ChatModel, type ChatRequest, type ReasoningEffort } from '../models/chat-model';
import { withComplete } from './with-complete';

export const roleCallOptionsSchema = z.object({
  /** Absent: the vendor's default effort (OpenAI's reasoning models default to medium). */
  reasoningEffort: z.enum(reasoningEfforts as [ReasoningEffort, ...ReasoningEffort[]]).optional(),
  /** Tokens; null or absent: the vendor's default limit. */
  maxOutputTokens: z.number().int().min(1).nullable().optional(),
  /** 0..2; absent: what the call asks for (the judge asks for 0), else the vendor's default. */
  temperature: z.number().min(0).max(2).optional(),
});

export type RoleCallOptions = z.infer<typeof roleCallOptionsSchema>;

/** SkillOpt's optimizer output limit (`max_completion_tokens`), tokens. */
export const DEFAULT_OPTIMIZER_MAX_OUTPUT_TOKENS = 16_384;

/** The request with the role's options laid over it (a role option wins over the call's own). */
export function applyRoleCallOptions(request: ChatRequest, options: RoleCallOptions): ChatRequest {
  return {
    ...request,
    ...(options.reasoningEffort !== undefined ? { reasoningEffort: options.reasoningEffort } : {}),
    ...(options.maxOutputTokens != null ? { maxOutputTokens: options.maxOutputTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
}

/** `model` sending every call with the role's options; the model itself when there are none. */
export function withRoleCallOptions(model: ChatModel, options: RoleCallOptions): ChatModel {
  if (options.reasoningEffort === undefined && options.maxOutputTokens == null && options.temperature === undefined) return model;
  return withComplete(model, (request) => model.complete(applyRoleCallOptions(request, options)));
}
