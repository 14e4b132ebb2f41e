/**
 * Which finished run's trained skill a command acts on: a Checkpoints run row, a Skills
 * row (the finished run with the best validation score), the trained side of a "working
 * ↔ trained" diff (the editor title passes its URI), a run id, else the best finished run
 * of the active SKILL.md, else one the person picks.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { listRuns, trainedSkillPath, type RunIndexEntry } from '../core/store';
import { locateRun } from './review/stored-step';
import { workspaceRoots } from './run-store-location';
import { isSkillFile, skillNameOf } from './skill-files';
import { formatScore } from './training-event-log';
import { TRAINED_SKILL_SCHEME } from './trained-skill-actions';

/** A finished run with its trained skill. */
export interface TrainedRun {
  readonly run: RunIndexEntry;
  readonly workspaceRoot: string;
  /** The person's working SKILL.md. */
  readonly skillUri: vscode.Uri;
  /** `.skill-trainer/runs/<id>/trained/SKILL.md` */
  readonly trainedPath: string;
}

/** `<root>/.skill-trainer/runs/<id>/trained/SKILL.md` → its root and run id. */
const TRAINED_PATH = /^(.*)[\\/]\.skill-trainer[\\/]runs[\\/]([^\\/]+)[\\/]trained[\\/]SKILL\.md$/;

function fieldsOf(argument: unknown): { runId?: string; workspaceRoot?: string; skillUri?: vscode.Uri } {
  if (typeof argument === 'string') return { runId: argument };
  if (argument instanceof vscode.Uri) {
    if (argument.scheme === TRAINED_SKILL_SCHEME) {
      const match = TRAINED_PATH.exec(argument.fsPath);
      return match ? { workspaceRoot: match[1], runId: match[2] } : {};
    }
    return isSkillFile(argument) ? { skillUri: argument } : {};
  }
  if (typeof argument !== 'object' || argument === null) return {};
  const row = argument as { runId?: unknown; workspaceRoot?: unknown; skillUri?: unknown; resourceUri?: unknown };
  const uri = row.skillUri ?? row.resourceUri;
  return {
    runId: typeof row.runId === 'string' ? row.runId : undefined,
    workspaceRoot: typeof row.workspaceRoot === 'string' ? row.workspaceRoot : undefined,
    skillUri: uri instanceof vscode.Uri ? uri : undefined,
  };
}

async function finishedRunsOf(skillUri: vscode.Uri | undefined): Promise<{ run: RunIndexEntry; workspaceRoot: string }[]> {
  const found: { run: RunIndexEntry; workspaceRoot: string }[] = [];
  for (const workspaceRoot of workspaceRoots()) {
    const runs = await listRuns(workspaceRoot, skillUri ? { skillPath: skillUri.fsPath } : {}).catch(() => [] as RunIndexEntry[]);
    for (const run of runs) if (run.status === 'finished') found.push({ run, workspaceRoot });
  }
  // The best first (a skill's row applies its best trained skill), the newest among equals.
  return found.sort((a, b) => (b.run.bestValidationScore ?? -1) - (a.run.bestValidationScore ?? -1) || b.run.startedAt.localeCompare(a.run.startedAt));
}

/**
 * The trained run the argument names (see the file comment); undefined when none was
 * found or picked, after telling the person why.
 */
export async function trainedRunFrom(argument: unknown, title: string): Promise<TrainedRun | undefined> {
  const fields = fieldsOf(argument);
  let located: { run: RunIndexEntry; workspaceRoot: string } | undefined;
  if (fields.runId) {
    located = await locateRun({ runId: fields.runId, workspaceRoot: fields.workspaceRoot });
  } else {
    const active = vscode.window.activeTextEditor?.document.uri;
    const skill = fields.skillUri ?? (active && active.scheme === 'file' && isSkillFile(active) ? active : undefined);
    const runs = await finishedRunsOf(skill);
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(`${title}: ${skill ? `${skillNameOf(skill)} has` : 'this workspace has'} no finished training run yet. Run Optimize Skill first.`);
      return undefined;
    }
    located = skill || runs.length === 1 ? runs[0] : await pickRun(runs, title);
  }
  if (!located) return undefined;
  const { run, workspaceRoot } = located;
  const trainedPath = trainedSkillPath(workspaceRoot, run.id);
  if (run.status !== 'finished' || !existsSync(trainedPath)) {
    void vscode.window.showInformationMessage(
      `${title}: run ${run.id} has no trained skill (it is ${run.status.replace('_', ' ')}). Resume Training finishes it, or Restore Checkpoint puts one of its steps in your SKILL.md.`,
    );
    return undefined;
  }
  return { run, workspaceRoot, skillUri: fields.skillUri && fields.runId ? fields.skillUri : vscode.Uri.file(run.skillPath), trainedPath };
}

async function pickRun(runs: readonly { run: RunIndexEntry; workspaceRoot: string }[], title: string) {
  const picked = await vscode.window.showQuickPick(
    runs.map((entry) => ({
      label: entry.run.skillName,
      description: `best ${formatScore(entry.run.bestValidationScore)} (baseline ${formatScore(entry.run.baselineScore)})`,
      detail: `run ${entry.run.id} · started ${new Date(entry.run.startedAt).toLocaleString()}`,
      entry,
    })),
    { title, placeHolder: 'Which run’s trained skill?', matchOnDetail: true },
  );
  return picked?.entry;
}
