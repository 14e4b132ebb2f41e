/**
 * An eval task as the rest of the core sees it, whatever file it was loaded from
 * (`evals/evals.json` or a promptfoo suite).
 */

import type { ChatMessage, ToolChoice, ToolDefinition } from '../models/chat-model';
import type { TaskFileProblem } from './task-file-error';

export type Split = 'train' | 'val' | 'test';

export interface SoftCriterion {
  criterion: string;
  /** Relative weight in the soft score; > 0. */
  weight: number;
}

export interface Rubric {
  /** Pass/fail criteria; every one must pass for hard = 1. Each weighs 1 in soft. */
  hard: string[];
  /** Partial-credit criteria. */
  soft: SoftCriterion[];
}

/** A deterministic check, promptfoo style (`contains`, `not-regex`, `is-json`, ...). */
export interface AssertionSpec {
  type: string;
  value?: unknown;
  /** Weight in the soft score; default 1. */
  weight?: number;
  /** Minimum score for the assertion to pass, for assertions that score 0..1. */
  threshold?: number;
  /**
   * Code that turns the task's output into what this one check sees (promptfoo's
   * assertion-level `transform`): a JavaScript expression or function body over `output`
   * and `context`, or `file://path.js[:function]` relative to the skill folder. Runs only
   * in trusted workspaces.
   */
  transform?: string;
  /**
   * For `llm-rubric`: the suite's own grading prompt (promptfoo `rubricPrompt`), a
   * template over `{{output}}`, `{{rubric}}` and the task's vars; a string or a list of
   * chat messages. The judge answers it with `{pass, score, reason}`.
   */
  rubricPrompt?: string | ChatMessage[];
  /**
   * For `similar`: the embedding model the suite names for this check (a model spec such
   * as `openai:text-embedding-3-large`, mapped from promptfoo's provider id). Absent: the
   * run's embedding model (`--embedding`, the `embedding` setting), else the judge.
   */
  embeddingModel?: string;
  /**
   * The name the check's score goes by (promptfoo's `metric`), which a task's
   * {@link EvalTask.scoringFunction} reads; checks sharing a name add up.
   */
  metric?: string;
}

/**
 * What the target is asked to reply with (promptfoo's `response_format`). `json` asks
 * for any JSON object; `json-schema` for JSON matching `schema`, and the reply is parsed
 * before checks that read fields (`javascript`, transforms) see it.
 */
export type OutputFormat = { type: 'json' } | { type: 'json-schema'; name: string; schema: Record<string, unknown> };

/**
 * How a reply with tool calls reaches the checks: the shape promptfoo's provider of the
 * suite gives its output. `openai-tools`: the `tool_calls` array (the whole message when
 * the model also wrote text); `openai-functions`: the legacy `function_call` object;
 * `anthropic`: text, each `tool_use` block as JSON; `google`: the reply's parts
 * (`[{functionCall: {name, args}}]`).
 */
export type ToolOutputShape = 'openai-tools' | 'openai-functions' | 'anthropic' | 'google';

/** The tools a task gives the target (promptfoo's provider `tools` / `functions`). */
export interface TaskTools {
  definitions: ToolDefinition[];
  choice?: ToolChoice;
  outputShape: ToolOutputShape;
}

export interface EvalTask {
  /** Unique within its file; numeric ids are turned into strings. */
  id: string;
  prompt: string;
  expectedOutput?: string;
  /** Input files, relative to the skill folder. */
  files?: string[];
  /** Explicit split; when absent a seeded split assigns one. */
  split?: Split;
  rubric: Rubric;
  assert: AssertionSpec[];
  /** Free-form hints for the simulated world (`sim:` models); validated there. */
  sim?: unknown;
  /** A short human label (promptfoo `description`, or evals.json `description`). */
  description?: string;
  /** Drafted by a model and not yet reviewed by a person (`"draft": true` in evals.json). */
  draft?: boolean;
  /** Template variables the prompt was rendered from (promptfoo suites); given to `javascript` checks. */
  vars?: Record<string, unknown>;
  /**
   * A conversation to send instead of `prompt` alone (promptfoo chat prompts): system,
   * user and assistant turns, ending with the turn the target answers. The skill stays
   * the system context; the conversation's own system text follows it. `prompt` then
   * holds a readable transcript of the conversation (for the judge and the optimizer).
   */
  messages?: ChatMessage[];
  /** The reply format asked of the target; see {@link OutputFormat}. */
  outputFormat?: OutputFormat;
  /** Functions the target may call; its calls reach the checks as {@link TaskTools.outputShape} says. */
  tools?: TaskTools;
  /**
   * Code applied to the output before every check, in order (promptfoo's provider
   * `transformResponse` and test `options.transform`); same forms as
   * {@link AssertionSpec.transform}. Runs only in trusted workspaces.
   */
  transforms?: string[];
  /**
   * With a threshold the task passes (hard = 1) when the weighted mean of its checks
   * reaches it, even if some check failed (promptfoo's test-level `threshold`).
   */
  threshold?: number;
  /**
   * Code that decides the task's result from its checks' named scores (promptfoo's
   * `assertScoringFunction`): `file://path.js[:function]` or `file://path.py[:function]`
   * relative to the skill folder, called with `(namedScores, context)` and returning
   * `{pass, score, reason}`; `pass` becomes hard, `score` soft. Runs only in trusted
   * workspaces; elsewhere the checks are combined as without it.
   */
  scoringFunction?: string;
}

/**
 * A report formula over the eval's named scores (promptfoo's `derivedMetrics`): the
 * sums, over a prompt's tasks, of the scores of checks with each `metric` name, and the
 * derived metrics before it. Reported by `eval`; training does not use it.
 */
export interface DerivedMetric {
  name: string;
  /** Arithmetic over those names, e.g. `2 * precision * recall / (precision + recall)`. */
  formula: string;
}

/** Tasks of one skill, with where they came from (for error messages). */
export interface TaskSet {
  skillName?: string;
  /** File the tasks were read from. */
  source: string;
  tasks: EvalTask[];
  /** Free-form, file-level hints for the simulated world. */
  sim?: unknown;
  /** Problems that did not stop loading (unknown keys, missing input files, ...). */
  warnings?: TaskFileProblem[];
  /** promptfoo suites' `derivedMetrics`, in order. */
  derivedMetrics?: DerivedMetric[];
}
