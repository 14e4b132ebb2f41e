import type { Usage } from '../../models/chat-model';
import type { EvalTask } from '../../tasks/eval-task';

/** What an assertion may know besides the output. */
export interface AssertionContext {
  task: Pick<EvalTask, 'id' | 'prompt' | 'expectedOutput' | 'vars' | 'tools'>;
  /** The workspace is trusted: code from the eval file may run. */
  trusted: boolean;
  /** Wall-time limit for one `javascript` check (and other code checks), in ms. */
  javascriptTimeoutMs: number;
  /**
   * The output as code checks see it: the parsed JSON when the task asks for JSON with
   * a schema, or what the task's transforms returned. Undefined means the output text.
   */
  outputValue?: unknown;
  /** What the target call consumed when it was made (for `cost` and `latency`). */
  usage?: Usage;
  /** Why the target stopped, normalized (for `finish-reason`); undefined when its model does not say. */
  finishReason?: string;
  /** The skill folder, which `file://` code checks are relative to. */
  skillDirectory?: string;
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
  /**
   * Set when the check could not be decided for a reason outside the output (the
   * model's price is unknown, Python is missing): it is reported, and left out of the
   * scores like a check that did not run.
   */
  skipped?: string;
}

interface DefinitionBase {
  type: string;
  /** One line for docs and "did you mean" hints: what `value` must be. */
  valueHelp: string;
  /**
   * Checks the `value` when the eval file is loaded, so mistakes show before any model
   * is called. Returns what is wrong and the fix, or undefined when the value is usable.
   */
  checkValue(value: unknown): string | undefined;
  /** True when the check runs code from the eval file (only in trusted workspaces). */
  runsUserCode?: boolean;
  /** True when `threshold` is a limit in the check's own unit (USD, ms), not a 0..1 score. */
  thresholdIsLimit?: boolean;
  /**
   * Set when the check applies `threshold` itself, as promptfoo's text-similarity checks
   * do (`bleu` passes at a score ≥ 0.5 unless told otherwise; `levenshtein` at an edit
   * distance ≤ 5): `evaluate` gets the threshold, and `not-` passes exactly when the check
   * fails. `check` validates a threshold the file gives.
   */
  ownThreshold?: { default: number; check(threshold: unknown): string | undefined };
}

/** A check this process decides itself (`contains`, `regex`, `javascript`, ...). */
export interface LocalAssertionDefinition extends DefinitionBase {
  /**
   * Only called with a value that passed `checkValue`; code checks may be asynchronous.
   * `threshold` is given to checks with `ownThreshold` (the spec's, else their default).
   */
  evaluate(output: string, value: unknown, context: AssertionContext, threshold?: number): AssertionOutcome | Promise<AssertionOutcome>;
}

/**
 * A check the run's judge model grades (`llm-rubric`, `factuality`, `similar`, ...): it
 * becomes one numbered criterion of the task's judge call.
 */
export interface JudgedAssertionDefinition extends DefinitionBase {
  /** The criterion the judge grades, for this value and task. */
  criterion(value: unknown, task: AssertionContext['task']): string;
  /**
   * Without a `threshold` on the assertion: the judge's score at or above which it
   * passes. Undefined: the judge's pass verdict decides.
   */
  defaultThreshold?: number;
  /** Added to the check's reason, e.g. why the judge grades it. */
  note?: string;
}

/** One assertion type (`contains`, `regex`, `llm-rubric`, ...); `not-<type>` comes for free. */
export type AssertionDefinition = LocalAssertionDefinition | JudgedAssertionDefinition;

export function isJudgedDefinition(definition: AssertionDefinition): definition is JudgedAssertionDefinition {
  return 'criterion' in definition;
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

/** The check for a 0..1 score threshold (`bleu`, `rouge-n`, ...). */
export function checkScoreThreshold(threshold: unknown): string | undefined {
  if (typeof threshold === 'number' && threshold >= 0 && threshold <= 1) return undefined;
  return 'threshold must be a number from 0 to 1: the score at or above which the check passes';
}
