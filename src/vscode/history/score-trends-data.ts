/**
 * Reads what the score-trends webview draws from the run stores of the open
 * workspace folders: the chosen skill's runs as chart series, the skills that have
 * runs, the leaderboard, and the Library and Transfer pages' data.
 */
import * as vscode from 'vscode';
import { listRuns, readLeaderboard, readRunConfig, readStepRecords, type LeaderboardEntry, type RunIndexEntry } from '../../core/store';
import type { TrainingRuns } from '../run-events';
import { workspaceRootFor, workspaceRoots } from '../run-store-location';
import type { TrendSkill, TrendsData } from './score-trends-protocol';
import { loadLibraryRows } from './library-trends-data';
import type { TransferMatrix } from './library-trends-protocol';
import { buildRunTrend, distinctRunLabels, leaderboardRows, skillNameFromPath } from './trend-series';

/** Runs of one skill sent to the webview (newest first); older ones stay in the store. */
const MAX_RUNS = 20;

export function trendSkillOf(skillPath: string): TrendSkill {
  return { name: skillNameFromPath(skillPath), path: skillPath, relativePath: vscode.workspace.asRelativePath(skillPath) };
}

/** The gate's weight of soft in the `mixed` metric, from the run's resolved config (0.5 when absent). */
async function mixedWeightOf(workspaceRoot: string, run: RunIndexEntry): Promise<number | undefined> {
  if (run.gateMetric !== 'mixed') return undefined;
  const config = await readRunConfig<{ training?: { gate?: { mixedWeight?: number } } }>(workspaceRoot, run.id).catch(() => undefined);
  return config?.training?.gate?.mixedWeight;
}

/**
 * Everything the panel shows for `skillPath` (undefined: no skill chosen yet, in which
 * case the skill with the newest run is shown, if any).
 */
export async function loadTrendsData(
  runs: TrainingRuns,
  skillPath: string | undefined,
  extra: { library?: boolean; transfers?: TransferMatrix[] } = {},
): Promise<TrendsData> {
  const roots = workspaceRoots();
  const allRuns: { root: string; run: RunIndexEntry }[] = [];
  const boards: Record<string, LeaderboardEntry[]> = {};
  await Promise.all(
    roots.map(async (root) => {
      const [entries, leaderboard] = await Promise.all([
        listRuns(root).catch(() => [] as RunIndexEntry[]),
        readLeaderboard(root).catch(() => ({}) as Record<string, LeaderboardEntry[]>),
      ]);
      for (const run of entries) allRuns.push({ root, run });
      Object.assign(boards, leaderboard);
    }),
  );
  allRuns.sort((a, b) => b.run.startedAt.localeCompare(a.run.startedAt));

  const shownPath = skillPath ?? allRuns[0]?.run.skillPath;
  const skillPaths = new Set(allRuns.map(({ run }) => run.skillPath));
  if (shownPath) skillPaths.add(shownPath);
  const skills = [...skillPaths].map(trendSkillOf).sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));

  const live = new Set(runs.activeRuns().map((subject) => subject.runId));
  const root = shownPath ? (workspaceRootFor(vscode.Uri.file(shownPath)) ?? roots[0]) : undefined;
  const skillRuns = allRuns.filter(({ run, root: runRoot }) => run.skillPath === shownPath && runRoot === root).slice(0, MAX_RUNS);
  const labels = distinctRunLabels(skillRuns.map(({ run }) => run));
  const trends = await Promise.all(
    skillRuns.map(async ({ root: runRoot, run }) =>
      buildRunTrend(run, await readStepRecords(runRoot, run.id).catch(() => []), {
        live: live.has(run.id),
        mixedWeight: await mixedWeightOf(runRoot, run),
        label: labels.get(run.id),
      }),
    ),
  );
  return {
    skill: shownPath ? trendSkillOf(shownPath) : undefined,
    skills,
    runs: trends,
    leaderboard: leaderboardRows(boards),
    library: extra.library ? await loadLibraryRows() : [],
    transfers: extra.transfers ?? [],
  };
}
