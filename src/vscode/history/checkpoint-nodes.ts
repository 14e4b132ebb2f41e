/**
 * The elements of the Checkpoints view. Commands on a row receive its element, so
 * each carries what those commands need by name: `runId`, `step`, `skillUri` and
 * `workspaceRoot` (the review's "Review Step Edits" and Stop/Resume read these), and
 * `file` for a checkpoint.
 */
import type * as vscode from 'vscode';
import type { RunIndexEntry } from '../../core/store';
import type { TrainingStage } from '../../core/training';
import type { TimelineEntry } from './run-timeline';

/** A skill with runs ("all skills" grouping, when no SKILL.md is followed). */
export interface SkillNode {
  readonly type: 'skill';
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
  readonly name: string;
  readonly runs: readonly RunIndexEntry[];
}

/** How a run stands, as far as this window can tell. */
export type RunCondition = 'live' | 'finished' | 'stopped' | 'elsewhere' | 'failed';

export interface RunNode {
  readonly type: 'run';
  readonly runId: string;
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
  readonly run: RunIndexEntry;
  readonly condition: RunCondition;
  /** Resume Training can continue it (stopped, interrupted or failed, and not running anywhere). */
  readonly resumable: boolean;
  /** The newest run of its skill (shown expanded). */
  readonly newest: boolean;
  /** "Nov 27, 06:11", with seconds (or more) where sibling runs would read the same. */
  readonly label: string;
}

/** A row of a run's timeline: a checkpoint, or a step that wrote none. */
export interface CheckpointNode {
  readonly type: 'checkpoint';
  readonly runId: string;
  readonly step: number;
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
  /** Checkpoint file name; undefined for a step without a checkpoint. */
  readonly file?: string;
  readonly entry: TimelineEntry;
  readonly run: RunIndexEntry;
  /** Its run's label, as the run row shows it. */
  readonly runLabel: string;
}

/** The step a live run is working on now. */
export interface LiveStepNode {
  readonly type: 'liveStep';
  readonly runId: string;
  readonly step: number;
  readonly epoch: number;
  readonly stage?: TrainingStage;
  readonly skillUri: vscode.Uri;
  readonly workspaceRoot: string;
}

export type CheckpointTreeNode = SkillNode | RunNode | CheckpointNode | LiveStepNode;
