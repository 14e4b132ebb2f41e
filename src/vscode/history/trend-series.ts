/**
 * A run's step records as chart points (validation current and best, candidate, train
 * batch, edit budget, decision) and its leaderboard rows. Pure data (no `vscode`),
 * sent to the score-trends webview as JSON.
 */
import type { GateMetric } from '../../core/scoring';
import { metricValue } from '../../core/scoring';
import type { LeaderboardEntry, RunIndexEntry, StepRecord } from '../../core/store';
import { appliedEditCount, latestRecords } from './run-timeline';
import type { FinalTrendPoint, LeaderboardRow, RunTrend, TrendPoint } from './score-trends-protocol';

/** "Nov 27, 06:11": short, in the local time zone of the extension host. */
export function runLabel(startedAt: string): string {
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) return startedAt;
  const month = date.toLocaleString('en-US', { month: 'short' });
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  return `${month} ${date.getDate()}, ${time}`;
}

/** "Nov 27, 06:11:42": with seconds, for runs started in the same minute. */
function runLabelWithSeconds(startedAt: string): string {
  const date = new Date(startedAt);
  if (Number.isNaN(date.getTime())) return startedAt;
  return `${runLabel(startedAt)}:${String(date.getSeconds()).padStart(2, '0')}`;
}

/**
 * Labels for runs listed together (a skill's runs), keyed by run id: "Nov 27, 06:11";
 * with seconds where two would read the same; with the end of the run id as well
 * ("Nov 27, 06:11:42 · 3fa9c1") where even the second is shared.
 */
export function distinctRunLabels(runs: readonly Pick<RunIndexEntry, 'id' | 'startedAt'>[]): Map<string, string> {
  const labels = new Map<string, string>();
  const collide = (label: (run: Pick<RunIndexEntry, 'id' | 'startedAt'>) => string) => {
    const counts = new Map<string, number>();
    for (const run of runs) counts.set(label(run), (counts.get(label(run)) ?? 0) + 1);
    return (run: Pick<RunIndexEntry, 'id' | 'startedAt'>) => (counts.get(label(run)) ?? 0) > 1;
  };
  const sameMinute = collide((run) => runLabel(run.startedAt));
  const sameSecond = collide((run) => runLabelWithSeconds(run.startedAt));
  for (const run of runs) {
    if (!sameMinute(run)) labels.set(run.id, runLabel(run.startedAt));
    else if (!sameSecond(run)) labels.set(run.id, runLabelWithSeconds(run.startedAt));
    else labels.set(run.id, `${runLabelWithSeconds(run.startedAt)} · ${run.id.slice(-6)}`);
  }
  return labels;
}

/** "sim:demo" or "target anthropic:… · optimizer openai:…" when the roles differ. */
export function modelsText(models: RunIndexEntry['models']): string {
  const specs = [models.target, models.optimizer, models.judge].filter((spec): spec is string => spec !== undefined);
  if (specs.every((spec) => spec === specs[0])) return specs[0] ?? '';
  return `target ${models.target} · optimizer ${models.optimizer}${models.judge ? ` · judge ${models.judge}` : ''}`;
}

/** Builds one run's chart series. `mixedWeight` is the run's gate weight for the `mixed` metric. */
export function buildRunTrend(run: RunIndexEntry, records: readonly StepRecord[], options: { live?: boolean; mixedWeight?: number; label?: string } = {}): RunTrend {
  const metric: GateMetric = run.gateMetric;
  const points: TrendPoint[] = [];
  const epochEnds: number[] = [];
  let final: FinalTrendPoint | undefined;
  for (const record of latestRecords(records)) {
    if (record.kind === 'baseline') {
      points.push({
        step: 0,
        epoch: 0,
        validation: record.gateScore,
        best: record.gateScore,
        candidate: null,
        train: null,
        budget: null,
        decision: 'baseline',
        selection: null,
        reviewed: false,
        editsApplied: 0,
        editsSelected: 0,
      });
    } else if (record.kind === 'step') {
      points.push({
        step: record.step,
        epoch: record.epoch,
        validation: record.currentScore,
        best: record.bestScore,
        candidate: record.candidateGateScore ?? null,
        selection: record.review?.subsetScores ? metricValue(record.review.subsetScores, metric, options.mixedWeight) : null,
        train: record.train.count > 0 ? metricValue(record.train, metric, options.mixedWeight) : null,
        budget: record.budget,
        decision: record.action,
        reviewed: record.review !== undefined,
        editsApplied: record.review ? record.review.acceptedEdits.length : appliedEditCount(record.applyReport),
        editsSelected: record.selectedEdits.length,
      });
    } else if (record.kind === 'epoch_end') {
      epochEnds.push(record.step);
    } else if (record.kind === 'final') {
      // Runs recorded before the final score was kept: a promotion made it the best score.
      const score = record.finalScore ?? (record.promoted ? record.bestScore : null);
      final = { step: record.step, score, best: record.bestScore, promoted: record.promoted };
    }
  }
  points.sort((a, b) => a.step - b.step);
  return {
    runId: run.id,
    label: options.label ?? runLabel(run.startedAt),
    status: run.status,
    live: options.live ?? false,
    startedAt: run.startedAt,
    gateMetric: metric,
    baselineScore: run.baselineScore ?? null,
    bestScore: run.bestValidationScore ?? null,
    stepsDone: run.stepsDone,
    totalSteps: run.totalSteps,
    models: modelsText(run.models),
    points,
    final,
    epochEnds: [...new Set(epochEnds)].sort((a, b) => a - b),
  };
}

/** A skill's name from its SKILL.md path: the folder holding it. */
export function skillNameFromPath(skillPath: string): string {
  const parts = skillPath.split(/[\\/]/).filter((part) => part.length > 0);
  return parts.length >= 2 ? parts[parts.length - 2]! : skillPath;
}

/** The leaderboard as rows: skills by their best score (best first), each skill's runs ranked, at most `perSkill` each. */
export function leaderboardRows(boards: Record<string, LeaderboardEntry[]>, perSkill = 5): LeaderboardRow[] {
  const skills = Object.entries(boards)
    .filter(([, entries]) => entries.length > 0)
    .sort(([pathA, a], [pathB, b]) => b[0]!.bestValidationScore - a[0]!.bestValidationScore || pathA.localeCompare(pathB));
  return skills.flatMap(([skillPath, entries]) =>
    entries.slice(0, perSkill).map((entry, index) => ({
      skillName: skillNameFromPath(skillPath),
      skillPath,
      runId: entry.runId,
      rank: index + 1,
      bestValidationScore: entry.bestValidationScore,
      baselineScore: entry.baselineScore ?? null,
      testHard: entry.bestTestScore?.hard ?? null,
      gateMetric: entry.gateMetric,
      status: entry.status,
      finishedAt: entry.finishedAt ?? null,
      finishedLabel: entry.finishedAt ? runLabel(entry.finishedAt) : null,
      models: modelsText(entry.models),
    })),
  );
}
