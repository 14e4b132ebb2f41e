import { z } from 'zod';

/** A call's `Usage` as read back from disk or from another process. */
export const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
  costUsd: z.number().nullable(),
  latencyMs: z.number(),
  turns: z.number().optional(),
});
