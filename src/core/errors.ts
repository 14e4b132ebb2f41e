/**
 * The one base error of Skill Trainer. Every error a user can cause or meet carries a
 * stable `code` (for tests, logs and the UI) and a message that says what failed,
 * where, and how to fix it.
 */
export class SkillTrainerError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** True for any error raised by Skill Trainer itself (as opposed to a bug). */
export function isSkillTrainerError(error: unknown): error is SkillTrainerError {
  return error instanceof SkillTrainerError;
}

/** The message of any thrown value, for logs and the UI. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
