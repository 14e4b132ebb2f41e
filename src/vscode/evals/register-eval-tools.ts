/**
 * Registers the eval-task tools: Draft Eval Tasks with its review editor, and
 * Diagnose Skill with its report. Each panel is owned here and disposed with the extension.
 */
import * as vscode from 'vscode';
import type { ShellServices } from '../shell-services';
import { resolveSkillUri } from '../skill-files';
import { diagnoseSkillCommand, type DiagnoseOptions } from './diagnose-skill-command';
import { DiagnosticsPanel } from './diagnostics-panel';
import { draftEvalTasksCommand, type DraftOptions } from './draft-eval-tasks-command';
import { DraftReviewPanel } from './draft-review-panel';

export const EVAL_TOOL_COMMAND_IDS = {
  draftEvalTasks: 'skillTrainer.draftEvalTasks',
  reviewDraftTasks: 'skillTrainer.reviewDraftTasks',
  diagnoseSkill: 'skillTrainer.diagnoseSkill',
} as const;

export function registerEvalTools(context: vscode.ExtensionContext, services: ShellServices): void {
  const review = new DraftReviewPanel();
  const diagnostics = new DiagnosticsPanel();
  context.subscriptions.push(
    review,
    diagnostics,
    vscode.commands.registerCommand(EVAL_TOOL_COMMAND_IDS.draftEvalTasks, (skill, options) => draftEvalTasksCommand(services, review, skill, options as DraftOptions | undefined)),
    vscode.commands.registerCommand(EVAL_TOOL_COMMAND_IDS.reviewDraftTasks, async (skill) => {
      const skillUri = await resolveSkillUri(skill, 'Review Draft Eval Tasks');
      if (!skillUri) return undefined;
      await review.open(skillUri);
      return review.snapshot();
    }),
    vscode.commands.registerCommand(EVAL_TOOL_COMMAND_IDS.diagnoseSkill, (skill, options) => diagnoseSkillCommand(services, diagnostics, skill, options as DiagnoseOptions | undefined)),
  );
}
