/**
 * What the Skills view (and the extension's API) says about a skill: its tasks, its
 * last run's validation score, and whether it is training, waiting for review,
 * stopped or failed. Read from the task file, the run store and the live runs.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { listRuns, type RunIndexEntry } from '../core/store';
import { inspectTaskSet, splitTasks, type Split } from '../core/tasks';
import type { SkillRunState, TrainingRuns } from './run-events';
import { workspaceRootFor } from './run-store-location';
import { readSettings } from './settings';
import { scoreTrendOf, type ScoreTrend } from './score-trend';
import { skillNameOf } from './skill-files';

export interface SkillSummary {
  readonly name: string;
  readonly uri: vscode.Uri;
  /** True for skills outside every workspace folder (`~/.claude/skills` and the like). */
  readonly personal: boolean;
  /** For those: the folder they were found in, as a person writes it (`~/.copilot/skills`). */
  readonly location?: string;
  /** Tasks in the task file; undefined when it is missing or has errors. */
  readonly taskCount?: number;
  readonly splitCounts?: Record<Split, number>;
  /** Drafted tasks nobody reviewed yet (training refuses the file until they are). */
  readonly draftCount?: number;
  /** Why there are no usable tasks (missing file, first error). */
  readonly taskProblem?: string;
  /** The newest run of this skill in the store, if any. */
  readonly lastRun?: RunIndexEntry;
  /** The newest finished run (it has a trained skill to apply), if any. */
  readonly trainedRun?: RunIndexEntry;
  /** The newest run's best validation score (gate metric, 0..1), if it scored one. */
  readonly lastValidationScore?: number;
  /** Latest finished run against the one before (or its baseline). */
  readonly trend?: ScoreTrend;
  readonly state: SkillRunState;
}

/** A run's store status as a state, for runs not live in this window. */
function stateOfStoredRun(run: RunIndexEntry | undefined): SkillRunState {
  if (!run) return 'idle';
  if (run.status === 'failed') return 'failed';
  // `running` without a live run here: a closed window or crash interrupted it.
  if (run.status === 'cancelled' || run.status === 'budget_stopped' || run.status === 'running') return 'stopped';
  return 'idle';
}

export async function summarizeSkill(uri: vscode.Uri, runs: TrainingRuns, location?: string): Promise<SkillSummary> {
  const skillDir = dirname(uri.fsPath);
  const root = workspaceRootFor(uri);
  const personal = vscode.workspace.getWorkspaceFolder(uri) === undefined;
  const [inspection, stored] = await Promise.all([
    inspectTaskSet(skillDir, { runCode: vscode.workspace.isTrusted }).catch((error: Error) => ({ taskSet: undefined, problems: [{ severity: 'error' as const, file: skillDir, message: error.message }] })),
    root ? listRuns(root, { skillPath: uri.fsPath }).catch(() => [] as RunIndexEntry[]) : Promise.resolve([] as RunIndexEntry[]),
  ]);
  const lastRun = stored[0];
  const live = runs.stateOf(uri);
  // Live states come from this window; everything else from the store (a CLI run too).
  const state = live === 'training' || live === 'paused' ? live : stateOfStoredRun(lastRun);
  const tasks = inspection.taskSet?.tasks;
  let splitCounts: Record<Split, number> | undefined;
  if (tasks) {
    let seed: number | undefined;
    let ratios;
    try {
      ({ seed, splitRatios: ratios } = readSettings(uri));
    } catch {
      // Bad settings are reported when a run starts; the default split serves the view.
    }
    const split = splitTasks(tasks, { seed, ratios });
    splitCounts = { train: split.train.length, val: split.val.length, test: split.test.length };
  }
  const firstError = inspection.problems.find((problem) => problem.severity === 'error');
  return {
    name: skillNameOf(uri),
    uri,
    personal,
    location: personal ? location : undefined,
    taskCount: tasks?.length,
    draftCount: tasks?.filter((task) => task.draft).length,
    splitCounts,
    taskProblem: tasks ? undefined : firstError?.message,
    lastRun,
    trainedRun: stored.find((run) => run.status === 'finished'),
    lastValidationScore: lastRun?.bestValidationScore ?? lastRun?.baselineScore,
    trend: scoreTrendOf(stored),
    state,
  };
}
