/**
 * `Stop Training` and `Resume Training`, and the offer at startup to resume runs a
 * closed or reloaded window interrupted. Runs are read from and continued in the
 * core run store, so this works across windows and reloads.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { readRunConfig, type RunIndexEntry } from '../core/store';
import { loadTaskSet, type TaskSet } from '../core/tasks';
import { carrySpendInto, readRunSpend, type RunConfigFile } from '../core/training';
import type { RunOutcome } from './run-controller';
import { uiErrorMessage, uiRunText } from './message-wording';
import { createRunModels, isSimulatedSpec } from './run-models';
import { stoppedWhere } from './run-end-summary';
import { reportRunOutcome } from './run-outcome-messages';
import { listResumableRuns, type ResumableRun } from './run-store-location';
import { readSettings, SettingsError } from './settings';
import type { ShellServices } from './shell-services';
import { showSettingsProblem } from './skill-preparation';
import { formatScore } from './training-event-log';

const RESUME_TITLE = 'Resume Training';

/** The run id, skill URI or tree row a command was given. */
function runOrSkillOf(argument: unknown): string | vscode.Uri | undefined {
  if (typeof argument === 'string' || argument instanceof vscode.Uri) return argument;
  const row = argument as { runId?: unknown; skillUri?: unknown; resourceUri?: unknown } | undefined;
  if (typeof row?.runId === 'string') return row.runId;
  const uri = row?.skillUri ?? row?.resourceUri;
  return uri instanceof vscode.Uri ? uri : undefined;
}

/** `Stop Training`: stops the given run (or skill's run), the only one, or a picked one; resolves when stopped. */
export async function stopTraining(services: ShellServices, argument?: unknown): Promise<RunOutcome[]> {
  const target = runOrSkillOf(argument);
  if (target !== undefined) return services.runs.stop(target);
  const live = services.runs.activeRuns();
  if (live.length === 0) {
    void vscode.window.showInformationMessage('Stop Training: nothing is training in this window.');
    return [];
  }
  if (live.length === 1) return services.runs.stop(live[0]!.runId);
  const picked = await vscode.window.showQuickPick(
    live.map((run) => ({ label: vscode.workspace.asRelativePath(run.skillUri), description: `run ${run.runId}`, runId: run.runId })),
    { title: 'Stop Training', placeHolder: 'Which run should stop? It stays resumable.' },
  );
  return picked ? services.runs.stop(picked.runId) : [];
}

function describeRun(entry: RunIndexEntry): string {
  const state = entry.status === 'running' ? 'interrupted' : entry.status.replace('_', ' ');
  return `${state} ${stoppedWhere(entry.stepsDone, entry.totalSteps)} · best ${formatScore(entry.bestValidationScore)}`;
}

async function pickRun(runs: readonly ResumableRun[], target: string | vscode.Uri | undefined): Promise<ResumableRun | undefined> {
  if (typeof target === 'string') return runs.find((run) => run.entry.id === target);
  if (target instanceof vscode.Uri) return runs.find((run) => run.entry.skillPath === target.fsPath);
  if (runs.length === 1) return runs[0];
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: run.entry.skillName,
      description: describeRun(run.entry),
      detail: `run ${run.entry.id} · started ${new Date(run.entry.startedAt).toLocaleString()}${run.entry.message ? ` · ${uiRunText(run.entry.messageParts, run.entry.message)}` : ''}`,
      run,
    })),
    { title: RESUME_TITLE, placeHolder: 'Which run should continue from where it stopped?', matchOnDetail: true },
  );
  return picked?.run;
}

/** How Resume Training ended. */
export type ResumeOutcome = { readonly kind: 'not-started'; readonly reason: string } | RunOutcome;

/**
 * `Resume Training`: continues a stopped run (the given run id or skill's newest, the
 * only one, or a picked one) with the models it started with; resolves when it ends.
 */
export async function resumeTrainingCommand(services: ShellServices, argument?: unknown): Promise<ResumeOutcome> {
  const notStarted = (reason: string, show = true): ResumeOutcome => {
    if (show) void vscode.window.showWarningMessage(`${RESUME_TITLE}: ${reason}`);
    return { kind: 'not-started', reason };
  };
  const runs = await listResumableRuns((runId) => services.runs.isLive(runId));
  if (runs.length === 0) return notStarted('there is no stopped run to resume in this workspace.');
  const target = runOrSkillOf(argument);
  const run = await pickRun(runs, target);
  if (!run) return target === undefined ? notStarted('no run was chosen.', false) : notStarted(`run ${String(target)} is not a stopped run of this workspace (it may be running or finished).`);

  const { entry, workspaceRoot } = run;
  const skillUri = vscode.Uri.file(entry.skillPath);
  const config = await readRunConfig<RunConfigFile>(workspaceRoot, entry.id);
  if (config.trusted && !vscode.workspace.isTrusted) {
    return notStarted(`run ${entry.id} was started in a trusted workspace and runs javascript assertions; trust this workspace to resume it.`);
  }
  if (config.training.gate.mode === 'review' && !services.runs.hasReviewHandler()) {
    return notStarted(`run ${entry.id} uses gate mode "review", and the inline review is not available in this window.`);
  }
  try {
    const settings = readSettings(skillUri);
    const specs = config.models;
    const needsSimulation = [specs.target, specs.optimizer, specs.judge].some((spec) => spec !== undefined && isSimulatedSpec(spec));
    // Only the simulated world needs the task file's hints; others use the run's saved tasks.
    const taskSet: TaskSet = needsSimulation
      ? await loadTaskSet(dirname(entry.skillPath), { allowDrafts: true, runCode: vscode.workspace.isTrusted })
      : { source: entry.skillPath, tasks: [] };
    const models = await createRunModels({ specs, settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, taskSet });
    // The caps cover the whole run: the tokens and cost it spent before the stop count.
    carrySpendInto(models.policies.budget, await readRunSpend(workspaceRoot, entry.id));
    await services.runs.forgetInterrupted(entry.id);
    const outcome = await services.runs.resume({ runId: entry.id, skillUri, workspaceRoot, models, gateMode: config.training.gate.mode });
    void reportRunOutcome(outcome, { autoMode: config.training.gate.mode === 'auto' });
    return outcome;
  } catch (error) {
    if (error instanceof SettingsError) {
      showSettingsProblem(RESUME_TITLE, error);
      return notStarted(error.message, false);
    }
    if (!isSkillTrainerError(error)) throw error;
    return notStarted(uiErrorMessage(error));
  }
}

/**
 * At startup: runs this workspace started and never saw end (the window was closed
 * or reloaded, or the extension host crashed) are offered for resuming, once.
 */
export async function offerInterruptedRuns(services: ShellServices): Promise<void> {
  const interrupted = new Set(services.runs.interruptedRunIds());
  if (interrupted.size === 0) return;
  const runs = (await listResumableRuns((runId) => services.runs.isLive(runId))).filter((run) => interrupted.has(run.entry.id));
  for (const runId of interrupted) {
    if (!runs.some((run) => run.entry.id === runId)) await services.runs.forgetInterrupted(runId);
  }
  const [first] = runs;
  if (!first) return;
  const text =
    runs.length === 1
      ? `Training ${first.entry.skillName} was interrupted when the window closed (${describeRun(first.entry)}). Resume it?`
      : `${runs.length} training runs were interrupted when the window closed. Resume one?`;
  const resume = 'Resume';
  const choice = await vscode.window.showInformationMessage(text, resume, 'Not Now');
  if (choice === resume) {
    await resumeTrainingCommand(services, runs.length === 1 ? first.entry.id : undefined);
  } else if (choice !== undefined) {
    for (const run of runs) await services.runs.forgetInterrupted(run.entry.id);
  }
}
