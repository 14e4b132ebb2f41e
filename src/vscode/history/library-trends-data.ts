/**
 * The Library page's rows from the core's leaderboard over time (one row per skill,
 * what needs attention first, each with its series of finished runs), and the Transfer
 * page's matrices from transfer checks, in the webview's plain types.
 */
import { readSkillLeaderboard, type LeaderboardRow, type TransferResult } from '../../core/library';
import type { ScoreInterval } from '../../core/scoring/bootstrap-interval';
import { workspaceRoots } from '../run-store-location';
import type { IntervalCell, LibraryTrendRow, TransferMatrix } from './library-trends-protocol';
import { runLabel } from './trend-series';

export function libraryTrendRow(row: LeaderboardRow): LibraryTrendRow {
  return {
    skillName: row.skillName,
    skillPath: row.skillPath,
    metric: row.metric,
    latestBest: row.latestBest ?? null,
    latestBaseline: row.latestBaseline ?? null,
    delta: row.delta ?? null,
    testDelta: row.testDelta ?? null,
    runs: row.runs,
    finishedRuns: row.finishedRuns,
    lastTrained: row.lastTrained ?? null,
    lastTrainedLabel: row.lastTrained ? runLabel(row.lastTrained) : null,
    totalCostUsd: row.totalCostUsd,
    attention: row.attention ?? null,
    series: row.history.map((point) => ({ runId: point.runId, date: point.date, best: point.best, baseline: point.baseline ?? null })),
  };
}

/** Every workspace folder's skills with runs. A folder whose store cannot be read adds none. */
export async function loadLibraryRows(): Promise<LibraryTrendRow[]> {
  const rows = await Promise.all(workspaceRoots().map((root) => readSkillLeaderboard(root).catch(() => [] as LeaderboardRow[])));
  return rows.flat().map(libraryTrendRow);
}

function cell(interval: ScoreInterval): IntervalCell {
  return { mean: interval.mean, low: interval.low, high: interval.high, count: interval.count };
}

export function transferMatrix(result: TransferResult, extra: { skillPath: string; judge: string; checkedAt: string }): TransferMatrix {
  return {
    runId: result.runId,
    skillName: result.skillName,
    skillPath: extra.skillPath,
    split: result.split,
    metric: result.metric,
    taskCount: result.taskCount,
    checkedAt: extra.checkedAt,
    judge: extra.judge,
    rows: result.rows.map((row) => ({ target: row.target, noSkill: cell(row.noSkill), original: cell(row.original), trained: cell(row.trained), delta: cell(row.delta), failedTasks: row.failedTasks })),
  };
}
