/** The score of one output of one task, with the reasons a person can act on. */

export interface CheckResult {
  /** `assertion` for deterministic checks, `hard`/`soft` for rubric criteria. */
  kind: 'assertion' | 'hard' | 'soft';
  /** Assertion type or criterion text. */
  name: string;
  pass: boolean;
  /** 0..1 */
  score: number;
  /** Weight in the soft score. */
  weight: number;
  /** Why it passed or failed ("expected to contain 'free trial'; it did not"). */
  reason: string;
  /** Set when the check did not run (e.g. `javascript` in an untrusted workspace). */
  skipped?: string;
}

export interface TaskScore {
  taskId: string;
  /** 1 when every hard criterion and every assertion passed, else 0. */
  hard: 0 | 1;
  /** Weighted mean over all criteria and assertions, 0..1. */
  soft: number;
  checks: CheckResult[];
}

/** Mean scores over a set of tasks. */
export interface AggregateScore {
  hard: number;
  soft: number;
  count: number;
}

export type GateMetric = 'hard' | 'soft' | 'mixed';
