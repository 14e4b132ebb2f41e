/**
 * The one base error of Skill Trainer. Every error a user can cause or meet carries a
 * stable `code` (for tests, logs and the UI) and a message that says what failed,
 * where, and how to fix it.
 */
export class SkillTrainerError extends Error {
  readonly code: string;
  /**
   * The message as parts, when it names options or the resume step; a front end words
   * them with `wordMessage` (`message` is the command line's wording).
   */
  readonly parts?: readonly MessagePart[];

  constructor(code: string, message: string | readonly MessagePart[], options?: { cause?: unknown }) {
    super(typeof message === 'string' ? message : wordMessage(message, CLI_WORDING), options);
    this.name = new.target.name;
    this.code = code;
    if (typeof message !== 'string') this.parts = message;
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

/**
 * A configuration option a message names. Each front end spells it its own way: the
 * command line as a flag (`--max-cost`), VS Code as a setting (`skillTrainer.maxCostUsd`).
 */
export type OptionName = 'maxCostUsd' | 'maxTokens' | 'judge' | 'embedding' | 'timeout' | 'learningRateMax' | 'learningRateMin' | 'gateRule' | 'gateMetric' | 'gateTrials' | 'gateSignificance';

/** Where a front end lists things in full: every problem of a task file, or the runs of a store. */
export type ListingName = 'task_problems' | 'runs';

/**
 * A piece of a message for a person: plain text, an option to spell, the step that
 * resumes a stopped run (`when` adds a condition, e.g. "once the cause is fixed"), or
 * where the full list of something is.
 */
export type MessagePart =
  | string
  | { readonly option: OptionName }
  | { readonly resume: string; readonly when?: string }
  | { readonly listing: ListingName };

/** How one front end words the options, the resume step and the listings of a message. */
export interface MessageWording {
  option(name: OptionName): string;
  /** A whole sentence that says how to continue run `runId`. */
  resume(runId: string, when?: string): string;
  /** A clause that says where the list is, e.g. "run 'skill-trainer runs' to list them". */
  listing(name: ListingName): string;
}

const CLI_FLAGS: Record<OptionName, string> = {
  maxCostUsd: '--max-cost',
  maxTokens: '--max-tokens',
  judge: '--judge',
  embedding: '--embedding',
  timeout: '--timeout',
  learningRateMax: '--lr',
  learningRateMin: '--lr-min',
  gateRule: '--gate-rule',
  gateMetric: '--gate-metric',
  gateTrials: '--trials',
  gateSignificance: '--gate-significance',
};

/** The command line's wording; `Error.message` uses it. */
export const CLI_WORDING: MessageWording = {
  option: (name) => CLI_FLAGS[name],
  // No full stop right after the id: it would be copied with the command.
  resume: (runId, when) => `Resume it with: skill-trainer resume ${runId}${when ? ` ${when}.` : ''}`,
  listing: (name) => (name === 'runs' ? "run 'skill-trainer runs' to list them" : "run 'skill-trainer validate' to list them"),
};

/** The text of message parts in one front end's wording. */
export function wordMessage(parts: readonly MessagePart[], wording: MessageWording): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      if ('option' in part) return wording.option(part.option);
      if ('listing' in part) return wording.listing(part.listing);
      return wording.resume(part.resume, part.when);
    })
    .join('');
}

/** The parts of any thrown value: an error's own parts, else its message as one text part. */
export function messageParts(error: unknown): readonly MessagePart[] {
  if (error instanceof SkillTrainerError && error.parts) return error.parts;
  return [errorMessage(error)];
}
