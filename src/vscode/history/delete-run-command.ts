/**
 * `Delete Run` (a Checkpoints run row, or the palette with a pick): deletes a run's
 * checkpoints, logs and trained skill after asking. The person's SKILL.md is never
 * touched; a run training now is refused.
 */
import * as vscode from 'vscode';
import { deleteRun, listRuns, RunStillTrainingError, type RunIndexEntry } from '../../core/store';
import { uiErrorMessage } from '../message-wording';
import { locateRun } from '../review/stored-step';
import type { TrainingRuns } from '../run-events';
import { workspaceRoots } from '../run-store-location';
import { formatScore } from '../training-event-log';
import { runLabel } from './trend-series';

const TITLE = 'Delete Run';

/** Automation (tests) may skip the confirmation. */
export interface DeleteRunOptions {
  readonly confirm?: boolean;
}

export type DeleteRunOutcome = 'deleted' | 'cancelled' | 'refused';

function runOf(argument: unknown): { runId?: string; workspaceRoot?: string } {
  if (typeof argument === 'string') return { runId: argument };
  const row = argument as { runId?: unknown; workspaceRoot?: unknown } | undefined;
  return { runId: typeof row?.runId === 'string' ? row.runId : undefined, workspaceRoot: typeof row?.workspaceRoot === 'string' ? row.workspaceRoot : undefined };
}

async function pickRun(): Promise<{ run: RunIndexEntry; workspaceRoot: string } | undefined> {
  const runs: { run: RunIndexEntry; workspaceRoot: string }[] = [];
  for (const workspaceRoot of workspaceRoots()) for (const run of await listRuns(workspaceRoot).catch(() => [] as RunIndexEntry[])) runs.push({ run, workspaceRoot });
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(`${TITLE}: this workspace has no training runs.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((entry) => ({
      label: `${entry.run.skillName} · run ${runLabel(entry.run.startedAt)}`,
      description: `${entry.run.status.replace('_', ' ')} · best ${formatScore(entry.run.bestValidationScore)}`,
      detail: entry.run.id,
      entry,
    })),
    { title: TITLE, placeHolder: 'Which run should be deleted, with its checkpoints and logs?' },
  );
  return picked?.entry;
}

export async function deleteRunCommand(runs: TrainingRuns, argument: unknown, options: DeleteRunOptions = {}): Promise<DeleteRunOutcome> {
  const named = runOf(argument);
  const located = named.runId ? await locateRun({ runId: named.runId, workspaceRoot: named.workspaceRoot }) : await pickRun();
  if (!located) return 'cancelled';
  const { run, workspaceRoot } = located;
  if (runs.activeRuns().some((subject) => subject.runId === run.id)) {
    void vscode.window.showWarningMessage(`${TITLE}: run ${run.id} of ${run.skillName} is training now. Stop it first, then delete it.`);
    return 'refused';
  }
  if (options.confirm !== false) {
    const choice = await vscode.window.showWarningMessage(
      `Delete run ${runLabel(run.startedAt)} of ${run.skillName}?`,
      {
        modal: true,
        detail: `Its checkpoints, logs and trained skill are deleted from .skill-trainer/ (run ${run.id}, ${run.status.replace('_', ' ')}, best ${formatScore(run.bestValidationScore)}). Your SKILL.md is not touched. This cannot be undone.`,
      },
      TITLE,
    );
    if (choice !== TITLE) return 'cancelled';
  }
  try {
    await deleteRun(workspaceRoot, run.id);
  } catch (error) {
    if (!(error instanceof RunStillTrainingError)) throw error;
    void vscode.window.showWarningMessage(`${TITLE}: ${uiErrorMessage(error)}`);
    return 'refused';
  }
  return 'deleted';
}
