/**
 * An eval task as the rest of the core sees it, whatever file it was loaded from
 * (`evals/evals.json` or a promptfoo suite).
 */

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
}
