/**
 * Apply Best Skill and Review Changes wherever a trained skill is: the end-of-run
 * message, a Checkpoints run row, a Skills row, the title bar of the "working ↔
 * trained" diff, the Command Palette. Both act on a finished run's trained skill (see
 * `trainedRunFrom`); neither saves anything.
 */
import * as vscode from 'vscode';
import { checkpointFileName, readCheckpointText, readRunConfig } from '../core/store';
import type { RunConfigFile } from '../core/training';
import { skillNameOf } from './skill-files';
import { trainedRunFrom } from './trained-run-reference';
import { applyTrainedSkillFile, reviewTrainedSkill, type ApplyOutcome } from './trained-skill-actions';

export const APPLY_TITLE = 'Apply Best Skill';
export const REVIEW_TITLE = 'Review Changes';

/** A run's trained skill and the working file it is for. */
export interface TrainedSkillTarget {
  readonly runId: string;
  readonly workspaceRoot: string;
  readonly skillUri: vscode.Uri;
  readonly trainedPath: string;
}

/**
 * Puts a run's trained skill into the working SKILL.md's editor as one undoable edit.
 * After a run in gate mode `auto` the file was not touched by the run, so when it
 * changed since the run began the person is asked first (their changes would be replaced).
 */
export async function applyRunTrainedSkill(target: TrainedSkillTarget): Promise<ApplyOutcome> {
  const config = await readRunConfig<RunConfigFile>(target.workspaceRoot, target.runId).catch(() => undefined);
  const startText =
    config?.training.gate.mode === 'auto' ? await readCheckpointText(target.workspaceRoot, target.runId, checkpointFileName(0)).catch(() => undefined) : undefined;
  const outcome = await applyTrainedSkillFile(target.skillUri, target.trainedPath, startText);
  if (outcome === 'unchanged') {
    void vscode.window.showInformationMessage(`${APPLY_TITLE}: ${skillNameOf(target.skillUri)}/SKILL.md already holds the trained skill of run ${target.runId}.`);
  }
  return outcome;
}

/** `Apply Best Skill`; resolves with what happened (`none` when no run was found or picked). */
export async function applyBestSkillCommand(argument: unknown): Promise<ApplyOutcome | 'none'> {
  const trained = await trainedRunFrom(argument, APPLY_TITLE);
  if (!trained) return 'none';
  return applyRunTrainedSkill({ runId: trained.run.id, workspaceRoot: trained.workspaceRoot, skillUri: trained.skillUri, trainedPath: trained.trainedPath });
}

/** `Review Changes`: the working SKILL.md beside the run's trained skill (read-only). */
export async function reviewChangesCommand(argument: unknown): Promise<boolean> {
  const trained = await trainedRunFrom(argument, REVIEW_TITLE);
  if (!trained) return false;
  await reviewTrainedSkill(trained.skillUri, trained.trainedPath, trained.run.id);
  return true;
}
