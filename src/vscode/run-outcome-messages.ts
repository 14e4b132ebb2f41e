/**
 * Tells the person how a run ended, with the next useful step as a button: apply or
 * review the trained skill, resume a stopped run, read the log.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { readRun } from '../core/store';
import type { TrainingResult } from '../core/training';
import type { RunOutcome } from './run-controller';
import { uiRunText } from './message-wording';
import { describeReviewedDecisions, readReviewedDecisions, stoppedWhere } from './run-end-summary';
import { skillNameOf } from './skill-files';
import { applyRunTrainedSkill, APPLY_TITLE, REVIEW_TITLE } from './trained-skill-commands';
import { reviewTrainedSkill } from './trained-skill-actions';
import { bestSkillOrigin, formatCost, formatScore } from './training-event-log';

const APPLY = APPLY_TITLE;
const REVIEW = REVIEW_TITLE;
const RESUME = 'Resume Training';
const SHOW_LOG = 'Show Log';
const TRENDS = 'Score Trends';

/** "Training x finished: best validation score 0.83 at step 3 (baseline 0.50), $0.12." */
export function runFinishedSummary(skillName: string, result: TrainingResult): string {
  return (
    `Training ${skillName} finished: best validation score ${formatScore(result.bestScore)} ${bestSkillOrigin(result)} ` +
    `(baseline ${formatScore(result.baselineScore)}), ${formatCost(result.costUsd)}.`
  );
}

/**
 * Shows the end of a run. Does not wait for the person's answer; the returned
 * promise settles once the notification is shown (and its button, if any, handled).
 * `autoMode`: the working file was not touched by reviews during the run, so it is
 * compared with the run's starting text before applying.
 */
export async function reportRunOutcome(outcome: RunOutcome, options: { autoMode: boolean }): Promise<void> {
  const { subject } = outcome;
  const skillName = skillNameOf(subject.skillUri);
  const resume = () => vscode.commands.executeCommand('skillTrainer.resumeTraining', subject.runId);
  if (outcome.kind === 'failed') {
    const choice = await vscode.window.showErrorMessage(`Training ${skillName} failed: ${outcome.message}`, SHOW_LOG, RESUME);
    if (choice === SHOW_LOG) await vscode.commands.executeCommand('skillTrainer.showLog');
    if (choice === RESUME) await resume();
    return;
  }
  const { result } = outcome;
  const document = await vscode.workspace.openTextDocument(subject.skillUri);
  // Review mode: the kept edits are in the editor already; say which, and how to undo them.
  const reviewed = options.autoMode ? undefined : describeReviewedDecisions(await readReviewedDecisions(subject.workspaceRoot, subject.runId), !document.isDirty);
  if (outcome.kind === 'cancelled' || outcome.kind === 'budget_stopped') {
    const where = stoppedWhere(result.stepsDone, (await readRun(subject.workspaceRoot, subject.runId).catch(() => undefined))?.totalSteps);
    const text =
      outcome.kind === 'cancelled'
        ? `Stopped training ${skillName} ${where}. ${reviewed ?? 'Your SKILL.md is unchanged.'} Resume Training continues where it stopped.`
        : `Training ${skillName} stopped at its budget: ${uiRunText(result.messageParts, result.message)}${reviewed ? ` ${reviewed}` : ''}`;
    const show = outcome.kind === 'cancelled' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    if ((await show(text, RESUME)) === RESUME) await resume();
    return;
  }
  const trainedPath = result.trainedSkillPath;
  const summary = runFinishedSummary(skillName, result);
  const trainedText = trainedPath ? await readFile(trainedPath, 'utf8').catch(() => undefined) : undefined;
  const working = document.getText();
  const prefix = reviewed ? `${summary} ${reviewed}` : summary;
  if (!trainedPath || trainedText === undefined || trainedText === working) {
    const equal = reviewed ? 'Your SKILL.md holds the best skill.' : 'The trained skill equals your SKILL.md.';
    if ((await vscode.window.showInformationMessage(`${prefix} ${equal}`, TRENDS)) === TRENDS) {
      await vscode.commands.executeCommand('skillTrainer.openScoreTrends', subject.skillUri);
    }
    return;
  }
  const apply = reviewed ? 'The best skill differs from your SKILL.md: Apply Best Skill puts it in the editor.' : 'Your SKILL.md is unchanged until you apply it.';
  const choice = await vscode.window.showInformationMessage(`${prefix} ${apply}`, APPLY, REVIEW, TRENDS);
  if (choice === APPLY) {
    await applyRunTrainedSkill({ ...subject, trainedPath });
  } else if (choice === REVIEW) {
    await reviewTrainedSkill(subject.skillUri, trainedPath, subject.runId);
  } else if (choice === TRENDS) {
    await vscode.commands.executeCommand('skillTrainer.openScoreTrends', subject.skillUri);
  }
}
