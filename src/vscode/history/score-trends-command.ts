/**
 * `Open Score Trends`: which skill (and runs) a command argument names — a run or
 * checkpoint row, a Skills row, a SKILL.md URI — else the active SKILL.md, else
 * `fallback` (the skill the Checkpoints view follows), else none: the panel keeps its
 * skill, or starts on the skill with the newest run.
 */
import * as vscode from 'vscode';
import { isSkillFile } from '../skill-files';
import type { ScoreTrendsRequest } from './score-trends-panel';
import type { TrendsTab } from './score-trends-protocol';

/** Automation (tests, other extensions) may choose runs and the tab. */
export interface ScoreTrendsOptions {
  readonly runIds?: string[];
  readonly tab?: TrendsTab;
  /** The Transfer page's run. */
  readonly transferRunId?: string;
}

function uriOf(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' && value.length > 0 ? vscode.Uri.parse(value) : undefined;
}

export function scoreTrendsRequest(argument: unknown, options: ScoreTrendsOptions | undefined, fallback: vscode.Uri | undefined): ScoreTrendsRequest {
  const row = typeof argument === 'object' && argument !== null && !(argument instanceof vscode.Uri) ? (argument as { runId?: unknown; skillUri?: unknown; resourceUri?: unknown }) : undefined;
  const given = argument instanceof vscode.Uri ? argument : uriOf(row?.skillUri) ?? uriOf(row?.resourceUri);
  const active = vscode.window.activeTextEditor?.document.uri;
  const skill =
    given && isSkillFile(given) ? given : active && active.scheme === 'file' && isSkillFile(active) ? active : fallback;
  const rowRun = typeof row?.runId === 'string' ? [row.runId] : undefined;
  return { skillPath: skill?.fsPath, selectedRunIds: options?.runIds ?? rowRun, tab: options?.tab ?? (rowRun ? 'trends' : undefined), transferRunId: options?.transferRunId };
}
