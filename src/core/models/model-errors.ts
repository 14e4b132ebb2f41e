import { SkillTrainerError, type MessagePart } from '../errors';

/** Why a provider call failed; decides whether the retry policy tries again. */
export type ProviderFailureKind =
  | 'rate_limit' // 429
  | 'timeout' // 408 or our own per-call timeout
  | 'conflict' // 409
  | 'server' // 5xx
  | 'network' // connection refused/reset, DNS, truncated body
  | 'auth' // 401, 403
  | 'bad_request' // 400, 404, 413, 422, and a 3xx redirect (never followed)
  | 'malformed_response' // a body that is not the vendor's format
  | 'process' // an agent CLI that failed or printed garbage
  | 'other';

/**
 * A model call that failed for infrastructure reasons. This is never a task failure:
 * the trainer and the scorers report it separately.
 */
export class ProviderCallError extends SkillTrainerError {
  readonly provider: string;
  readonly kind: ProviderFailureKind;
  /** HTTP status, when there was one. */
  readonly status?: number;
  /** From a `retry-after` (or `retry-after-ms`) header, in ms. */
  readonly retryAfterMs?: number;
  /** Response body or CLI output, truncated, for the log. Never contains secrets. */
  readonly body?: string;

  constructor(options: {
    provider: string;
    kind: ProviderFailureKind;
    /** Parts when the message names an option (see `wordMessage`). */
    message: string | readonly MessagePart[];
    status?: number;
    retryAfterMs?: number;
    body?: string;
    cause?: unknown;
  }) {
    super(`provider_${options.kind}`, options.message, { cause: options.cause });
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.body = options.body;
  }
}

/** No key for a provider; the message says how to set one. */
export class MissingApiKeyError extends SkillTrainerError {
  readonly provider: string;
  readonly environmentVariable: string;

  constructor(provider: string, environmentVariable: string) {
    super(
      'missing_api_key',
      `No API key for ${provider}: run 'Skill Trainer: Set API Key' in VS Code or set ${environmentVariable} in the environment.`,
    );
    this.provider = provider;
    this.environmentVariable = environmentVariable;
  }
}

/** The call was cancelled through its AbortSignal. */
export class CallAbortedError extends SkillTrainerError {
  constructor(what = 'Model call') {
    super('aborted', `${what} was cancelled.`);
  }
}

/** A structured (JSON) reply that still failed validation after one corrective retry. */
export class StructuredReplyError extends SkillTrainerError {
  readonly provider: string;
  /** The model's raw reply, truncated for the log. */
  readonly rawReply: string;
  readonly validationError: string;

  constructor(options: { provider: string; schemaName: string; rawReply: string; validationError: string }) {
    super(
      'structured_reply_invalid',
      `${options.provider} returned a reply that does not match the ${options.schemaName} schema, twice: ${options.validationError}. ` +
        'Try a stronger model for this role, or check the model supports JSON output.',
    );
    this.provider = options.provider;
    this.rawReply = options.rawReply.length > 2000 ? `${options.rawReply.slice(0, 2000)}… (truncated)` : options.rawReply;
    this.validationError = options.validationError;
  }
}
