/**
 * The messages between the score-trends panel (extension host) and its webview
 * script (`media/score-trends/`). Plain JSON types with no imports, so both sides
 * compile against this one file.
 */
import type { LibrarySort, LibraryTrendRow, TransferMatrix } from './library-trends-protocol';

/** One point of a run's chart: a step (0 = the baseline). Scores are 0..1 in the run's gate metric. */
export interface TrendPoint {
  readonly step: number;
  readonly epoch: number;
  /** Score of the current skill after the step's decision. */
  readonly validation: number | null;
  /** Best score so far. */
  readonly best: number | null;
  /** Score of the step's candidate (every selected edit) on the validation split; null when there was no candidate. */
  readonly candidate: number | null;
  /**
   * Score of the person's selection when a review kept only some of the edits (the
   * selection, not the full candidate, is what the decision applies to); else null.
   */
  readonly selection: number | null;
  /** Mean score of the step's train batch. */
  readonly train: number | null;
  /** Edit budget (learning rate); null for the baseline and uncapped (autonomous) steps. */
  readonly budget: number | null;
  /** `baseline` or the gate's action (`accept_new_best`, `accept`, `reject`, `force_accept`, `skip_no_edits`, `skip_unchanged`, `skip_guarded`). */
  readonly decision: string;
  /** True when a person's review decided the step. */
  readonly reviewed: boolean;
  readonly editsApplied: number;
  /** Edits the step selected (the candidate's), for "1 of 4 edits". */
  readonly editsSelected: number;
}

/** The final skill (after the last slow update), validated at the end of a finished run. */
export interface FinalTrendPoint {
  /** The run's last step; the chart draws the point half a step after it, where its last epoch ends. */
  readonly step: number;
  /** Its validation score in the gate metric; null for runs recorded before it was kept and not promoted. */
  readonly score: number | null;
  /** The run's best score after the final validation. */
  readonly best: number;
  /** True when it beat the best and became the run's best skill. */
  readonly promoted: boolean;
}

/** One run of the skill, as the run picker and the chart show it. */
export interface RunTrend {
  readonly runId: string;
  /** "Nov 27, 06:11" style start time, formatted by the host. */
  readonly label: string;
  readonly status: string;
  /** True while this window trains it. */
  readonly live: boolean;
  readonly startedAt: string;
  readonly gateMetric: string;
  readonly baselineScore: number | null;
  readonly bestScore: number | null;
  readonly stepsDone: number;
  readonly totalSteps: number;
  readonly models: string;
  readonly points: TrendPoint[];
  /** The final skill's validation, once the run finished. */
  readonly final?: FinalTrendPoint;
  /** Steps on which an epoch ended (an epoch boundary follows each). */
  readonly epochEnds: number[];
}

/** A skill the panel can show. */
export interface TrendSkill {
  readonly name: string;
  /** Absolute path of its SKILL.md (the key of the run store). */
  readonly path: string;
  /** Path relative to the workspace, for display. */
  readonly relativePath: string;
}

/** One run on the leaderboard. */
export interface LeaderboardRow {
  readonly skillName: string;
  readonly skillPath: string;
  readonly runId: string;
  /** 1 = the skill's best run. */
  readonly rank: number;
  readonly bestValidationScore: number;
  readonly baselineScore: number | null;
  readonly testHard: number | null;
  readonly gateMetric: string;
  readonly status: string;
  readonly finishedAt: string | null;
  /** "Nov 27, 06:11", formatted like the run labels (one date format in the whole panel). */
  readonly finishedLabel: string | null;
  readonly models: string;
}

/** Everything the webview draws, sent whole on each change. */
export interface TrendsData {
  /** The skill shown; undefined when none is chosen (no SKILL.md open, no runs). */
  readonly skill?: TrendSkill;
  /** Skills with runs (for the skill picker), the shown one included. */
  readonly skills: TrendSkill[];
  /** The shown skill's runs, newest first. */
  readonly runs: RunTrend[];
  readonly leaderboard: LeaderboardRow[];
  /** The Library page: every skill with runs, what needs attention first. */
  readonly library: LibraryTrendRow[];
  /** The Transfer page: the transfer checks of this window, newest first. */
  readonly transfers: TransferMatrix[];
}

export type TrendsTab = 'trends' | 'leaderboard' | 'library' | 'transfer';

/** What the webview keeps with `setState` (and the panel serializer gets back). */
export interface TrendsViewState {
  readonly skillPath?: string;
  /** Runs drawn; empty or undefined = the newest run. */
  readonly selectedRunIds?: string[];
  readonly tab?: TrendsTab;
  /** The Library page's order. */
  readonly librarySort?: LibrarySort;
  /** The transfer check shown (a run id); default the newest. */
  readonly transferRunId?: string;
}

/** Extension host → webview. */
export type HostMessage =
  | { readonly type: 'data'; readonly data: TrendsData }
  /** Changes what is shown (from a command: a run row's "Open Score Trends", tests). */
  | { readonly type: 'show'; readonly selectedRunIds?: string[]; readonly tab?: TrendsTab; readonly transferRunId?: string };

/** What the webview reports after drawing, for the host's tests and logs. */
export interface RenderReport {
  readonly tab: TrendsTab;
  readonly skillPath?: string;
  readonly runIds: string[];
  /** Points drawn on the validation line(s), all shown runs together. */
  readonly points: number;
  /** The first run's markers by series label ("Accepted", "Final skill (after slow update)", …): step (x) and score (y) of each. */
  readonly markers?: Record<string, { x: number; y: number }[]>;
  /** Leaderboard rows drawn. */
  readonly leaderboardRows: number;
  /** Library page: skill names in the order drawn, and the sparkline points drawn per skill. */
  readonly libraryRows?: { readonly skillName: string; readonly points: number }[];
  /** Transfer page: the run shown and its targets, in the order drawn. */
  readonly transfer?: { readonly runId: string; readonly targets: string[] };
  /** What the webview showed instead of a chart (no skill, no runs), if anything. */
  readonly emptyState?: string;
  /** Theme colours the chart used (CSS colour strings), by role. */
  readonly colors: Record<string, string>;
}

/** Webview → extension host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'state'; readonly state: TrendsViewState }
  | { readonly type: 'selectSkill'; readonly skillPath: string }
  | { readonly type: 'rendered'; readonly report: RenderReport }
  | { readonly type: 'optimize'; readonly skillPath?: string }
  | { readonly type: 'openSkill'; readonly skillPath: string }
  /** A point was clicked: its step (0 = the baseline) of the run drawn in full; `final` for the final skill's point. */
  | { readonly type: 'openStep'; readonly runId: string; readonly step: number; readonly final: boolean }
  /** The Transfer page's "Check Transfer" button: a new check of the shown (or newest) run. */
  | { readonly type: 'checkTransfer'; readonly runId?: string; readonly skillPath?: string };
