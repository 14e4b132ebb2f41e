import type { EvalTask } from '../../tasks/eval-task';

/** What an assertion may know besides the output. */
export interface AssertionContext {
  task: Pick<EvalTask, 'id' | 'prompt' | 'expectedOutput' | 'vars'>;
  /** The workspace is trusted: code from the eval file may run. */
  trusted: boolean;
  /** Wall-time limit for one `javascript` check, in ms. */
  javascriptTimeoutMs: number;
}

/**
 * What one assertion found, before `not-`, `threshold` and `weight` are applied.
 * The reason a person reads is built from the two phrases:
 * "expected to <expectation>; <observation>" (or "expected not to ...").
 */
export interface AssertionOutcome {
  pass: boolean;
  /** 0..1 */
  score: number;
  /** A verb phrase that reads after "expected to" / "expected not to": "contain 'free trial'". */
  expectation: string;
  /** What the output did: "it did not", "it has 212 words". */
  observation: string;
}

/** One assertion type (`contains`, `regex`, ...); `not-<type>` comes for free. */
export interface AssertionDefinition {
  type: string;
  /** One line for docs and "did you mean" hints: what `value` must be. */
  valueHelp: string;
  /**
   * Checks the `value` when the eval file is loaded, so mistakes show before any model
   * is called. Returns what is wrong and the fix, or undefined when the value is usable.
   */
  checkValue(value: unknown): string | undefined;
  /** Only called with a value that passed `checkValue`. */
  evaluate(output: string, value: unknown, context: AssertionContext): AssertionOutcome;
  /** True when the check runs code from the eval file (only in trusted workspaces). */
  runsUserCode?: boolean;
}

/** `'free trial'`, shortened for reasons that must stay readable. */
export function quote(text: string, maxLength = 80): string {
  const shown = text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
  return `'${shown.replace(/\n/g, '\\n')}'`;
}

/** Outcome of a yes/no check. */
export function binaryOutcome(pass: boolean, expectation: string, observation: string): AssertionOutcome {
  return { pass, score: pass ? 1 : 0, expectation, observation };
}

/** The check for values that must be a non-empty string (numbers are accepted and turned into text). */
export function checkTextValue(value: unknown, example: string): string | undefined {
  if (typeof value === 'number' || (typeof value === 'string' && value.length > 0)) return undefined;
  return `needs "value" set to a non-empty string, e.g. "value": ${JSON.stringify(example)}`;
}

/** The check for values that must be a non-empty list of strings. */
export function checkTextListValue(value: unknown): string | undefined {
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return undefined;
  }
  return 'needs "value" set to a non-empty list of strings, e.g. "value": ["refund", "return"]';
}

/** The check for values that must be a whole number ≥ 0 (a count of characters or words). */
export function checkCountValue(value: unknown, unit: string): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return undefined;
  return `needs "value" set to a whole number of ${unit} (0 or more), e.g. "value": 200`;
}
