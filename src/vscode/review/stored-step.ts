/**
 * Finished steps read back from the run store, for "review any finished step on
 * demand" and for the step diff of a stored step: which run and step an argument
 * names, the step's record and skill, and a quick pick when no step is named.
 */
import * as vscode from 'vscode';
import type { ApplyEditsOptions } from '../../core/skill';
import {
  listCheckpoints,
  listRuns,
  readCheckpointText,
  readRun,
  readRunConfig,
  readStepRecords,
  RunNotFoundError,
  type RunIndexEntry,
  type StepAction,
  type TrainingStepRecord,
} from '../../core/store';
import type { GateVerdict } from '../../core/training/gate-decision';
import { formatScore } from './review-text';
import type { ReviewStepInfo } from './review-types';

/** A finished step, as command arguments name it (a Checkpoints row passes these fields). */
export interface StoredStepReference {
  readonly runId: string;
  /** 1-based global step. */
  readonly step: number;
  /** The SKILL.md to review in; default: the run's own skill file. */
  readonly skillUri?: vscode.Uri;
  /** The folder holding `.skill-trainer/`; default: every workspace folder is tried. */
  readonly workspaceRoot?: string;
}

/** A stored step with what a review needs. */
export interface StoredStep {
  readonly run: RunIndexEntry;
  readonly record: TrainingStepRecord;
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
  /** How the run applied its edits, so the review shows the text the trainer made. */
  readonly editOptions: ApplyEditsOptions;
}

/** Reads `{runId, step, skillUri?, workspaceRoot?}` from a command argument; undefined when it is not one. */
export function parseStoredStepReference(argument: unknown): StoredStepReference | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const fields = argument as Record<string, unknown>;
  if (typeof fields.runId !== 'string' || typeof fields.step !== 'number') return undefined;
  const skillUri =
    fields.skillUri instanceof vscode.Uri ? fields.skillUri : typeof fields.skillUri === 'string' ? vscode.Uri.parse(fields.skillUri) : undefined;
  return {
    runId: fields.runId,
    step: fields.step,
    skillUri,
    workspaceRoot: typeof fields.workspaceRoot === 'string' ? fields.workspaceRoot : undefined,
  };
}

/** The folder holding a skill's run store: its workspace folder, else the first one. */
export function workspaceRootFor(uri: vscode.Uri): string | undefined {
  return (vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}

/** Finds the run a reference names, in its workspace root or in every workspace folder. */
export async function locateRun(reference: Pick<StoredStepReference, 'runId' | 'workspaceRoot'>): Promise<{ run: RunIndexEntry; workspaceRoot: string }> {
  const roots = reference.workspaceRoot
    ? [reference.workspaceRoot]
    : (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
  for (const workspaceRoot of roots) {
    try {
      return { run: await readRun(workspaceRoot, reference.runId), workspaceRoot };
    } catch (error) {
      if (!(error instanceof RunNotFoundError)) throw error;
    }
  }
  throw new Error(
    `Skill Trainer: no run ${reference.runId} in ${roots.length > 0 ? roots.join(', ') : 'this window (no folder is open)'}; open the workspace that holds its .skill-trainer folder.`,
  );
}

/** Loads a stored step; throws an error naming the run, the step and the fix. */
export async function loadStoredStep(reference: StoredStepReference): Promise<StoredStep> {
  const { run, workspaceRoot } = await locateRun(reference);
  const record = (await readStepRecords(workspaceRoot, reference.runId)).find(
    (candidate): candidate is TrainingStepRecord => candidate.kind === 'step' && candidate.step === reference.step,
  );
  if (!record) {
    throw new Error(`Review Step Edits: run ${reference.runId} has no finished step ${reference.step}; pick a step listed in the Checkpoints view.`);
  }
  const config = await readRunConfig<{ training?: { keepListsTight?: unknown } }>(workspaceRoot, run.id).catch(() => undefined);
  // Runs from before the option applied edits as SkillOpt does.
  const editOptions = { keepListsTight: config?.training?.keepListsTight === true };
  return { run, record, skillUri: reference.skillUri ?? vscode.Uri.file(run.skillPath), workspaceRoot, editOptions };
}

/** What the review shows about a stored step. */
export function storedStepInfo(stored: StoredStep): ReviewStepInfo {
  const { record, run } = stored;
  return {
    origin: 'stored',
    runId: run.id,
    epoch: record.epoch,
    step: record.step,
    recordedAction: record.action,
    gate:
      record.validation && record.candidateGateScore !== undefined
        ? {
            verdict: record.review?.gateVerdict ?? verdictOf(record.action),
            metric: run.gateMetric,
            scoreBefore: record.scoreBefore,
            candidateScore: record.candidateGateScore,
            bestScore: record.bestScore,
            candidate: record.validation,
          }
        : undefined,
  };
}

function verdictOf(action: StepAction): GateVerdict {
  if (action === 'accept_new_best') return 'accept_new_best';
  return action === 'accept' || action === 'force_accept' ? 'accept' : 'reject';
}

/**
 * The texts of a stored step's diff: the skill the step started from (the last
 * checkpoint before it that became current: baseline, accepted candidate, slow update)
 * ↔ the step's candidate with every selected edit. Undefined when the run kept no
 * checkpoint for the step.
 */
export async function storedStepTexts(workspaceRoot: string, runId: string, step: number): Promise<{ before: string; after: string } | undefined> {
  const checkpoints = await listCheckpoints(workspaceRoot, runId);
  const ofStep = checkpoints.filter((entry) => entry.meta.step === step && entry.meta.kind === 'candidate');
  const candidate = ofStep.find((entry) => entry.meta.edits !== undefined) ?? ofStep[0];
  const startedFrom = checkpoints
    .filter((entry) => entry.meta.step < step)
    .filter((entry) => entry.meta.kind === 'baseline' || entry.meta.kind === 'slow_update' || (entry.meta.kind === 'candidate' && entry.meta.accepted === true))
    .pop();
  if (!candidate || !startedFrom) return undefined;
  const [before, after] = await Promise.all([
    readCheckpointText(workspaceRoot, runId, startedFrom.file),
    readCheckpointText(workspaceRoot, runId, candidate.file),
  ]);
  return { before, after };
}

/** Lets the person pick a finished step with edits among the runs of `skillUri`; undefined when cancelled or none. */
export async function pickStoredStep(skillUri: vscode.Uri): Promise<StoredStepReference | undefined> {
  const workspaceRoot = workspaceRootFor(skillUri);
  if (!workspaceRoot) return undefined;
  const runs = await listRuns(workspaceRoot, { skillPath: skillUri.fsPath });
  const items: (vscode.QuickPickItem & { reference?: StoredStepReference })[] = [];
  for (const run of runs.slice(0, 10)) {
    const steps = (await readStepRecords(workspaceRoot, run.id)).filter(
      (record): record is TrainingStepRecord => record.kind === 'step' && record.selectedEdits.length > 0,
    );
    if (steps.length === 0) continue;
    items.push({ label: `Run ${run.id}`, kind: vscode.QuickPickItemKind.Separator });
    for (const record of steps.reverse()) {
      const scores = record.candidateGateScore !== undefined ? ` · ${formatScore(record.scoreBefore)} → ${formatScore(record.candidateGateScore)}` : '';
      items.push({
        label: `Step ${record.step}`,
        description: `epoch ${record.epoch} · ${record.selectedEdits.length} edit${record.selectedEdits.length === 1 ? '' : 's'} · ${record.action.replace(/_/g, ' ')}${scores}`,
        reference: { runId: run.id, step: record.step, skillUri, workspaceRoot },
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      `Review Step Edits: ${vscode.workspace.asRelativePath(skillUri)} has no finished step with proposed edits yet. Run Optimize Skill first.`,
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Review Step Edits',
    placeHolder: 'Which step’s edits should be proposed in the editor again?',
    matchOnDescription: true,
  });
  return picked?.reference;
}
