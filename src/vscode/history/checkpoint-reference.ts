/**
 * Which checkpoint a command acts on: a Checkpoints row, a checkpoint document's URI,
 * `{runId, file | step}` from automation, or one the person picks among the runs of
 * the followed (or active) skill.
 */
import * as vscode from 'vscode';
import { listCheckpoints, listRuns, readRun, readStepRecords, RunNotFoundError, type RunIndexEntry } from '../../core/store';
import { workspaceRootFor, workspaceRoots } from '../run-store-location';
import { isSkillFile, skillNameOf } from '../skill-files';
import { formatScore } from '../training-event-log';
import { parseCheckpointUri } from './checkpoint-content-provider';
import { describeCheckpointFile, scoreWithDelta } from './checkpoint-tree-items';
import { buildRunTimeline } from './run-timeline';
import { distinctRunLabels, runLabel } from './trend-series';

/** A checkpoint with its run and the working file it belongs to. */
export interface ResolvedCheckpoint {
  readonly workspaceRoot: string;
  readonly run: RunIndexEntry;
  readonly file: string;
  /** The person's working SKILL.md (the run's skill, unless a row names another). */
  readonly skillUri: vscode.Uri;
  /** "step 3 of run Nov 27, 06:11" */
  readonly title: string;
}

/** `label`: the run's label as its row shows it (distinct among its siblings), else its start time. */
function titleOf(file: string, run: RunIndexEntry, label = runLabel(run.startedAt)): string {
  return `${describeCheckpointFile(file)} of run ${label}`;
}

/** Finds a run in the given store, or in every open workspace folder's store. */
async function findRun(runId: string, workspaceRoot: string | undefined): Promise<{ run: RunIndexEntry; workspaceRoot: string }> {
  const roots = workspaceRoot ? [workspaceRoot] : workspaceRoots();
  for (const root of roots) {
    try {
      return { run: await readRun(root, runId), workspaceRoot: root };
    } catch (error) {
      if (!(error instanceof RunNotFoundError)) throw error;
    }
  }
  throw new Error(`No run ${runId} in ${roots.join(', ') || 'this window (no folder is open)'}: open the workspace whose .skill-trainer folder holds it.`);
}

/** The checkpoint of a step: the skill that step left current (reviewed subset, else candidate). */
async function fileOfStep(workspaceRoot: string, runId: string, step: number): Promise<string> {
  const entries = await listCheckpoints(workspaceRoot, runId);
  const ofStep = entries.filter((entry) => entry.meta.step === step && (entry.meta.kind === 'candidate' || entry.meta.kind === 'baseline'));
  const chosen = ofStep.find((entry) => entry.file.endsWith('-reviewed.md')) ?? ofStep[0];
  if (!chosen) throw new Error(`Run ${runId} kept no checkpoint for step ${step} (the step proposed no edits). Pick a step with a checkpoint in the Checkpoints view.`);
  return chosen.file;
}

/**
 * Reads a command argument: a row (`{runId, file, workspaceRoot, skillUri}`), a
 * checkpoint URI, or `{runId, step}`. Undefined when the argument names no checkpoint.
 */
export async function checkpointFromArgument(argument: unknown): Promise<ResolvedCheckpoint | undefined> {
  if (argument instanceof vscode.Uri) {
    const address = parseCheckpointUri(argument);
    if (!address) return undefined;
    const { run, workspaceRoot } = await findRun(address.runId, address.workspaceRoot);
    return { workspaceRoot, run, file: address.file, skillUri: vscode.Uri.file(run.skillPath), title: titleOf(address.file, run) };
  }
  if (typeof argument !== 'object' || argument === null) return undefined;
  const fields = argument as { runId?: unknown; file?: unknown; step?: unknown; workspaceRoot?: unknown; skillUri?: unknown; runLabel?: unknown };
  if (typeof fields.runId !== 'string') return undefined;
  const { run, workspaceRoot } = await findRun(fields.runId, typeof fields.workspaceRoot === 'string' ? fields.workspaceRoot : undefined);
  let file: string | undefined = typeof fields.file === 'string' ? fields.file : undefined;
  if (!file && typeof fields.step === 'number') file = await fileOfStep(workspaceRoot, run.id, fields.step);
  if (!file) return undefined;
  const skillUri = fields.skillUri instanceof vscode.Uri ? fields.skillUri : typeof fields.skillUri === 'string' ? vscode.Uri.parse(fields.skillUri) : vscode.Uri.file(run.skillPath);
  return { workspaceRoot, run, file, skillUri, title: titleOf(file, run, typeof fields.runLabel === 'string' ? fields.runLabel : undefined) };
}

type CheckpointPick = vscode.QuickPickItem & { checkpoint?: ResolvedCheckpoint };

/** Lets the person pick a checkpoint of `skillUri` (newest runs first); undefined when cancelled or none. */
export async function pickCheckpoint(skillUri: vscode.Uri | undefined, commandTitle: string): Promise<ResolvedCheckpoint | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const skill = skillUri ?? (active && active.scheme === 'file' && isSkillFile(active) ? active : undefined);
  if (!skill) {
    void vscode.window.showInformationMessage(`${commandTitle}: open a SKILL.md (or select a row in the Checkpoints view) first.`);
    return undefined;
  }
  const workspaceRoot = workspaceRootFor(skill);
  const runs = workspaceRoot ? await listRuns(workspaceRoot, { skillPath: skill.fsPath }) : [];
  const items: CheckpointPick[] = [];
  const labels = distinctRunLabels(runs);
  for (const run of runs.slice(0, 10)) {
    const timeline = buildRunTimeline(await readStepRecords(workspaceRoot!, run.id).catch(() => []), await listCheckpoints(workspaceRoot!, run.id).catch(() => []));
    // The final row's file is already listed as the checkpoint it shares its text with.
    const withFiles = timeline.filter((entry) => entry.file !== undefined && entry.kind !== 'final').reverse();
    if (withFiles.length === 0) continue;
    const label = labels.get(run.id);
    items.push({ label: `Run ${label} · best ${formatScore(run.bestValidationScore)}`, kind: vscode.QuickPickItemKind.Separator });
    for (const entry of withFiles) {
      const file = entry.file!;
      items.push({
        label: describeCheckpointFile(file).replace(/^./, (first) => first.toUpperCase()),
        description: [entry.epoch > 0 ? `epoch ${entry.epoch}` : '', scoreWithDelta(entry.score, entry.delta), entry.action?.replace(/_/g, ' ') ?? ''].filter(Boolean).join(' · '),
        checkpoint: { workspaceRoot: workspaceRoot!, run, file, skillUri: skill, title: titleOf(file, run, label) },
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`${commandTitle}: ${skillNameOf(skill)} has no checkpoints yet. Run Optimize Skill first.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: `${commandTitle}: ${skillNameOf(skill)}`, placeHolder: 'Which checkpoint?', matchOnDescription: true });
  return picked?.checkpoint;
}
