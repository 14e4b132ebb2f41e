/**
 * Errors as data that can cross a process: a worker's failure travels as JSON and
 * becomes the same kind of error on the coordinator, so a task-level failure (a
 * provider call that failed after its retries) stays task-level and anything else
 * stops the run as it would in-process.
 */
import { z } from 'zod';
import { SkillTrainerError, errorMessage } from '../errors';
import { ProviderCallError, type ProviderFailureKind } from '../models/model-errors';

const providerFailureKinds = ['rate_limit', 'timeout', 'conflict', 'server', 'network', 'auth', 'bad_request', 'malformed_response', 'process', 'other'] as const satisfies readonly ProviderFailureKind[];

export const queueErrorDataSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** Present for provider call failures. */
  provider: z.object({ name: z.string(), kind: z.enum(providerFailureKinds), status: z.number().optional(), retryAfterMs: z.number().optional(), body: z.string().optional() }).optional(),
});

export type QueueErrorData = z.infer<typeof queueErrorDataSchema>;

/** A failure that happened in a queue worker (other than a provider call failing). */
export class RemoteJobError extends SkillTrainerError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export function errorToData(error: unknown): QueueErrorData {
  if (error instanceof ProviderCallError) {
    return {
      code: error.code,
      message: error.message,
      provider: { name: error.provider, kind: error.kind, status: error.status, retryAfterMs: error.retryAfterMs, body: error.body },
    };
  }
  return { code: error instanceof SkillTrainerError ? error.code : 'worker_error', message: errorMessage(error) };
}

/** The error again, on this side: a provider failure as `ProviderCallError`, anything else as `RemoteJobError` with its code. */
export function errorFromData(data: QueueErrorData, worker: string): Error {
  if (data.provider) {
    const { name, kind, status, retryAfterMs, body } = data.provider;
    return new ProviderCallError({ provider: name, kind, status, retryAfterMs, body, message: `${data.message} (on worker ${worker})` });
  }
  return new RemoteJobError(data.code, `Queue worker ${worker}: ${data.message}`);
}
