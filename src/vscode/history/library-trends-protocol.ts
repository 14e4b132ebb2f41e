/**
 * The Library and Transfer pages of Score Trends: what the extension host sends and
 * the webview draws. Plain JSON types with no imports, shared by both sides.
 */

/** One finished run of a skill: a point of its sparkline. */
export interface LibraryTrendPoint {
  readonly runId: string;
  /** ISO 8601, when the run finished. */
  readonly date: string;
  /** Best validation score, 0..1 in the run's gate metric. */
  readonly best: number;
  readonly baseline: number | null;
}

/** One skill of the Library page. */
export interface LibraryTrendRow {
  readonly skillName: string;
  readonly skillPath: string;
  readonly metric: string;
  /** The latest finished run's best and baseline validation scores; null before one finished. */
  readonly latestBest: number | null;
  readonly latestBaseline: number | null;
  readonly delta: number | null;
  /** Test split after − before of the latest finished run. */
  readonly testDelta: number | null;
  readonly runs: number;
  readonly finishedRuns: number;
  /** ISO 8601 and "Nov 27, 06:11". */
  readonly lastTrained: string | null;
  readonly lastTrainedLabel: string | null;
  /** USD over every run; null when a price was unknown. */
  readonly totalCostUsd: number | null;
  /** Why it needs attention (the rows come in that order); null when it does not. */
  readonly attention: string | null;
  /** Every finished run, oldest first. */
  readonly series: LibraryTrendPoint[];
}

/** A score with its 95 % interval over tasks. */
export interface IntervalCell {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** Tasks scored; 0 = nothing to show. */
  readonly count: number;
}

export interface TransferMatrixRow {
  readonly target: string;
  readonly noSkill: IntervalCell;
  readonly original: IntervalCell;
  readonly trained: IntervalCell;
  /** trained − original. */
  readonly delta: IntervalCell;
  readonly failedTasks: number;
}

/** One transfer check of a run. */
export interface TransferMatrix {
  readonly runId: string;
  readonly skillName: string;
  readonly skillPath: string;
  readonly split: string;
  readonly metric: string;
  readonly taskCount: number;
  /** ISO 8601, when the check ended. */
  readonly checkedAt: string;
  readonly judge: string;
  readonly rows: TransferMatrixRow[];
}

/** Sortable columns of the Library page. */
export type LibrarySortColumn = 'attention' | 'skill' | 'best' | 'delta' | 'testDelta' | 'runs' | 'lastTrained' | 'cost';

export interface LibrarySort {
  readonly column: LibrarySortColumn;
  readonly descending: boolean;
}
