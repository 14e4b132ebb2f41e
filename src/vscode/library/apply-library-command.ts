/**
 * `Apply Trained Skills` of a library run: every trained skill written into its
 * SKILL.md at once after one confirmation listing the score changes (the core decides
 * which skills qualify and says why the others are left alone). When the skills are
 * in a git repository the confirmation also offers one commit on the current branch,
 * whose message is the table of the changes; nothing is committed unless chosen.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../../core/errors';
import { applyLibraryPlan, commitAppliedSkills, GitRepository, planLibraryApply, type LibraryApplyPlan, type SkillChange } from '../../core/library';
import { uiErrorMessage } from '../message-wording';
import { formatScore } from '../training-event-log';
import type { LibraryServices } from './optimize-library-command';
import { workspaceLibraryRuns } from './library-run-commands';

const TITLE = 'Apply Trained Skills';
export const WRITE = 'Write Skills';
export const WRITE_AND_COMMIT = 'Write and Commit';

const LEFT_ALONE: Record<Exclude<SkillChange['action'], 'apply'>, string> = {
  already_applied: 'already holds the trained skill',
  not_improved: 'not improved',
  edited_since: 'edited since its run started',
  not_finished: 'not finished',
};

export interface ApplyLibraryOptions {
  /** Automation: the button to press instead of asking (`Write Skills` or `Write and Commit`). */
  readonly answer?: typeof WRITE | typeof WRITE_AND_COMMIT;
}

export interface ApplyLibraryOutcome {
  readonly written: string[];
  readonly commits: string[];
}

/** The confirmation's lines: each skill's validation and test change, then the skills left alone and why. */
export function describeApplyPlan(plan: LibraryApplyPlan): string {
  const lines = plan.changes.map((change) => {
    if (change.action !== 'apply') return `• ${change.name}: left alone — ${LEFT_ALONE[change.action]}${change.reason ? ` (${change.reason})` : ''}`;
    const test = change.testBefore === undefined ? '' : `, test ${formatScore(change.testBefore)} → ${formatScore(change.testAfter)}`;
    return `• ${change.name}: validation ${formatScore(change.baselineScore)} → ${formatScore(change.bestScore)}${test}`;
  });
  return lines.join('\n');
}

async function libraryRunToApply(services: LibraryServices, argument: unknown): Promise<{ workspaceRoot: string; libraryRunId: string } | undefined> {
  const given = typeof argument === 'string' ? argument : (argument as { libraryRunId?: unknown } | undefined)?.libraryRunId;
  const view = services.libraryRuns.view;
  if (view && (given === undefined || given === view.libraryRunId)) return { workspaceRoot: view.workspaceRoot, libraryRunId: view.libraryRunId };
  if (typeof given === 'string') {
    const found = (await workspaceLibraryRuns()).find((entry) => entry.record.id === given);
    if (found) return { workspaceRoot: found.workspaceRoot, libraryRunId: given };
  }
  void vscode.window.showInformationMessage(`${TITLE}: no library run to apply. Train skills with Optimize All Skills first.`);
  return undefined;
}

export async function applyLibraryRunCommand(services: LibraryServices, argument?: unknown, options: ApplyLibraryOptions = {}): Promise<ApplyLibraryOutcome | undefined> {
  const chosen = await libraryRunToApply(services, argument);
  if (!chosen) return undefined;
  if (services.libraryRuns.isLive && services.libraryRuns.view?.libraryRunId === chosen.libraryRunId) {
    void vscode.window.showInformationMessage(`${TITLE}: library run ${chosen.libraryRunId} is still training; apply it when it ends.`);
    return undefined;
  }
  try {
    const plan = await planLibraryApply(chosen.workspaceRoot, chosen.libraryRunId);
    const applying = plan.changes.filter((change) => change.action === 'apply');
    if (applying.length === 0) {
      void vscode.window.showInformationMessage(`${TITLE}: nothing to write from library run ${plan.libraryRunId}.`, { modal: false, detail: describeApplyPlan(plan) });
      services.log.info(`${TITLE}: nothing to write.\n${describeApplyPlan(plan)}`);
      return { written: [], commits: [] };
    }
    const inGit = (await GitRepository.find(dirname(applying[0]!.skillPath))) instanceof GitRepository;
    const buttons = inGit ? [WRITE, WRITE_AND_COMMIT] : [WRITE];
    const answer =
      options.answer ??
      (await vscode.window.showWarningMessage(
        `Write ${applying.length} trained skill${applying.length === 1 ? '' : 's'} from library run ${plan.libraryRunId} into ${applying.length === 1 ? 'its SKILL.md' : 'their SKILL.md files'}?`,
        {
          modal: true,
          detail: `${describeApplyPlan(plan)}\n\nOpen editors with unsaved changes to these files keep their text until you save or revert.${inGit ? ` "${WRITE_AND_COMMIT}" also makes one commit on the current branch whose message lists these changes.` : ''}`,
        },
        ...buttons,
      ));
    if (answer !== WRITE && answer !== WRITE_AND_COMMIT) return undefined;
    const written = await applyLibraryPlan(chosen.workspaceRoot, plan);
    services.log.info(`${TITLE}: wrote ${written.join(', ')}`);
    let commits: string[] = [];
    if (answer === WRITE_AND_COMMIT) {
      const result = await commitAppliedSkills(plan, written);
      for (const { path, reason } of result.notCommitted) services.log.warn(`${TITLE}: ${reason}; ${path} was written but not committed.`);
      commits = result.commits.map((entry) => entry.commit);
      for (const entry of result.commits) services.log.info(`${TITLE}: committed ${entry.paths.join(', ')} as ${entry.commit.slice(0, 12)} in ${entry.repositoryRoot}`);
    }
    void vscode.window.showInformationMessage(`${TITLE}: wrote ${written.length} skill${written.length === 1 ? '' : 's'}${commits.length > 0 ? ` and committed ${commits.map((commit) => commit.slice(0, 7)).join(', ')}` : ''}.`);
    return { written, commits };
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    void vscode.window.showErrorMessage(`${TITLE}: ${uiErrorMessage(error)}`);
    return undefined;
  }
}
