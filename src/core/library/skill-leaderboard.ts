/**
 * The leaderboard over time: one row per skill (latest best, change against its
 * baseline, test change, runs, last trained, total cost), sorted by what needs
 * attention first, with each skill's score series. Derived from the run folders
 * themselves (each run's `run.json`, `config.json` and `steps.jsonl`), never from the
 * `db.json` cache, so it survives an index rebuild.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { metricValue } from '../scoring/aggregate-scores';
import type { GateMetric } from '../scoring/task-score';
import { rebuildRunEntries } from '../store/rebuild-run-index';
import { liveSkillLock } from '../store/run-lock';
import { readRunConfig, readStepRecords } from '../store/run-reader';
import { storeFolderName } from '../store/run-store';
import type { FinalRecord, RunIndexEntry, RunStatus, StepRecord } from '../store/run-records';

/** One finished run of a skill: a point of its series. */
export interface LeaderboardPoint {
  runId: string;
  /** When the run finished (ISO 8601). */
  date: string;
  metric: GateMetric;
  /** Validation scores in the run's gate metric, 0..1. */
  baseline?: number;
  best: number;
  /** Test split, in the gate metric: the initial skill and the best skill. */
  testBefore?: number;
  testAfter?: number;
  models: RunIndexEntry['models'];
  /** USD; null when a price was unknown. */
  costUsd: number | null;
  /** Edits of the steps that were kept. */
  acceptedEdits: number;
}

/** One skill's row. */
export interface LeaderboardRow {
  skillName: string;
  skillPath: string;
  metric: GateMetric;
  /** The latest finished run's best and baseline validation scores, and their difference. */
  latestBest?: number;
  latestBaseline?: number;
  delta?: number;
  /** The latest finished run's test after − before. */
  testDelta?: number;
  runs: number;
  finishedRuns: number;
  /** When the skill last finished training (ISO 8601). */
  lastTrained?: string;
  /** USD over every run; null when some price was unknown. */
  totalCostUsd: number | null;
  /** The newest run, whatever its status (`interrupted`: its process died). */
  latestRun: { id: string; status: RunStatus | 'interrupted' };
  /** Why the skill needs attention, when it does; rows are sorted by it. */
  attention?: string;
  /** Every finished run, oldest first. */
  history: LeaderboardPoint[];
}

const runConfigSchema = z.object({ training: z.object({ gate: z.object({ mixedWeight: z.number().optional() }).partial().optional() }).partial().optional() }).passthrough();

async function pointOf(workspaceRoot: string, run: RunIndexEntry): Promise<LeaderboardPoint | undefined> {
  if (run.status !== 'finished' || run.bestValidationScore === undefined) return undefined;
  const records: StepRecord[] = await readStepRecords(workspaceRoot, run.id).catch(() => []);
  const config = runConfigSchema.safeParse(await readRunConfig(workspaceRoot, run.id).catch(() => ({})));
  const weight = config.success ? config.data.training?.gate?.mixedWeight : undefined;
  const final = records.find((record): record is FinalRecord => record.kind === 'final');
  const inMetric = (pair: { hard: number; soft: number } | undefined) => (pair ? metricValue(pair, run.gateMetric, weight) : undefined);
  let acceptedEdits = 0;
  for (const record of records) {
    if (record.kind !== 'step' || !['accept_new_best', 'accept', 'force_accept'].includes(record.action)) continue;
    acceptedEdits += record.review ? record.review.acceptedEdits.length : record.selectedEdits.length;
  }
  return {
    runId: run.id,
    date: run.finishedAt ?? run.startedAt,
    metric: run.gateMetric,
    baseline: run.baselineScore,
    best: run.bestValidationScore,
    testBefore: inMetric(final?.test?.baseline),
    testAfter: inMetric(final?.test?.best),
    models: run.models,
    costUsd: run.costUsd,
    acceptedEdits,
  };
}

/** Why a row needs attention, and its rank (lower first). */
function attentionOf(row: Omit<LeaderboardRow, 'attention'>): { rank: number; reason?: string } {
  const latest = row.latestRun;
  if (latest.status === 'failed' || latest.status === 'budget_stopped' || latest.status === 'cancelled' || latest.status === 'interrupted') {
    return { rank: 0, reason: `latest run ${latest.id} ${latest.status.replace('_', ' ')}: resume it with skill-trainer resume ${latest.id}` };
  }
  if (row.finishedRuns === 0) return { rank: 1, reason: 'never finished a run' };
  if (row.testDelta !== undefined && row.testDelta < 0) return { rank: 2, reason: `the trained skill scored ${(-row.testDelta).toFixed(3)} lower on the test split` };
  if ((row.delta ?? 0) <= 0) return { rank: 3, reason: 'training found no improvement on validation' };
  return { rank: 4 };
}

/** The leaderboard of every skill with runs in the workspace, what needs attention first. */
export async function readSkillLeaderboard(workspaceRoot: string): Promise<LeaderboardRow[]> {
  const storeRoot = join(workspaceRoot, storeFolderName);
  const runs = await rebuildRunEntries(storeRoot);
  const bySkill = new Map<string, RunIndexEntry[]>();
  for (const run of runs) bySkill.set(run.skillPath, [...(bySkill.get(run.skillPath) ?? []), run]);
  const rows: { row: LeaderboardRow; rank: number }[] = [];
  for (const [skillPath, skillRuns] of bySkill) {
    skillRuns.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
    const history = (await Promise.all(skillRuns.map((run) => pointOf(workspaceRoot, run)))).filter((point): point is LeaderboardPoint => point !== undefined);
    history.sort((a, b) => a.date.localeCompare(b.date));
    const newest = skillRuns.at(-1)!;
    const interrupted = newest.status === 'running' && (await liveSkillLock(storeRoot, skillPath))?.runId !== newest.id;
    const latest = history.at(-1);
    const row: Omit<LeaderboardRow, 'attention'> = {
      skillName: newest.skillName,
      skillPath,
      metric: latest?.metric ?? newest.gateMetric,
      latestBest: latest?.best,
      latestBaseline: latest?.baseline,
      delta: latest?.baseline === undefined ? undefined : latest.best - latest.baseline,
      testDelta: latest?.testAfter === undefined || latest.testBefore === undefined ? undefined : latest.testAfter - latest.testBefore,
      runs: skillRuns.length,
      finishedRuns: history.length,
      lastTrained: latest?.date,
      totalCostUsd: skillRuns.some((run) => run.costUsd === null) ? null : skillRuns.reduce((sum, run) => sum + (run.costUsd ?? 0), 0),
      latestRun: { id: newest.id, status: interrupted ? 'interrupted' : newest.status },
      history,
    };
    const attention = attentionOf(row);
    rows.push({ row: { ...row, ...(attention.reason ? { attention: attention.reason } : {}) }, rank: attention.rank });
  }
  rows.sort((a, b) => a.rank - b.rank || (a.row.latestBest ?? -1) - (b.row.latestBest ?? -1) || a.row.skillName.localeCompare(b.row.skillName));
  return rows.map((entry) => entry.row);
}
