/**
 * Registers the history part of the extension: the Checkpoints view, the read-only
 * checkpoint documents, Restore / Compare with Checkpoint, and the Score Trends panel
 * (with its serializer, so it survives a window reload).
 */
import * as vscode from 'vscode';
import type { ExtensionServices } from '../extension-services';
import { skillNameOf } from '../skill-files';
import { compareWithCheckpoint, restoreCheckpoint, type RestoreOptions } from './checkpoint-commands';
import { registerCheckpointContentProvider } from './checkpoint-content-provider';
import { locateRun } from '../review/stored-step';
import { checkpointRows } from './checkpoint-rows';
import { checkpointDiffCommand } from './checkpoint-tree-items';
import { deleteRunCommand, type DeleteRunOptions } from './delete-run-command';
import { CheckpointsTreeProvider } from './checkpoints-tree-provider';
import { scoreTrendsRequest, type ScoreTrendsOptions } from './score-trends-command';
import { SCORE_TRENDS_VIEW_TYPE, ScoreTrendsPanels } from './score-trends-panel';
import type { TrendsViewState } from './score-trends-protocol';
import type { TransferResults } from './transfer-results';

/** Command ids of this part. The first five are contributed in package.json. */
export const HISTORY_COMMANDS = {
  restoreCheckpoint: 'skillTrainer.restoreCheckpoint',
  compareWithCheckpoint: 'skillTrainer.compareWithCheckpoint',
  openScoreTrends: 'skillTrainer.openScoreTrends',
  showAllCheckpoints: 'skillTrainer.showAllCheckpoints',
  deleteRun: 'skillTrainer.deleteRun',
  /** Internal: the Checkpoints view's rows as plain data (tests). */
  checkpointRows: 'skillTrainer.checkpoints.rows',
  /** Internal: the Score Trends panel as plain data, with what the webview last drew (tests). */
  scoreTrendsSnapshot: 'skillTrainer.scoreTrends.snapshot',
  /**
   * Internal: `{runId, step, final?}` → opens the step's diff and selects its Checkpoints
   * row (what a click on a chart point does); answers the row's label, or undefined.
   */
  revealStep: 'skillTrainer.checkpoints.revealStep',
} as const;

/** Context key: true while the Checkpoints view follows one skill (its title offers "all skills"). */
const FOLLOWING_CONTEXT_KEY = 'skillTrainer.checkpointsFollowSkill';

export function registerHistory(context: vscode.ExtensionContext, services: ExtensionServices, transfers?: TransferResults): void {
  const checkpoints = new CheckpointsTreeProvider(services.runs);
  const view = vscode.window.createTreeView('skillTrainer.checkpoints', { treeDataProvider: checkpoints, showCollapseAll: true });
  const revealStep = async (runId: string, step: number, final = false): Promise<string | undefined> => {
    const { run } = await locateRun({ runId });
    const node = await checkpoints.stepNode(runId, vscode.Uri.file(run.skillPath), step, final);
    if (!node) {
      void vscode.window.showInformationMessage(`Score Trends: run ${runId} has no row for ${final ? 'its final skill' : step === 0 ? 'its baseline' : `step ${step}`} in the Checkpoints view.`);
      return undefined;
    }
    await view.reveal(node, { select: true, focus: false, expand: true });
    const diff = checkpointDiffCommand(node);
    if (diff) await vscode.commands.executeCommand(diff.command, ...(diff.arguments ?? []));
    return String(checkpoints.getTreeItem(node).label);
  };
  const trends = new ScoreTrendsPanels({
    runs: services.runs,
    log: services.log,
    extensionUri: context.extensionUri,
    transfers,
    onOpenStep: (runId, step, final) => void revealStep(runId, step, final).catch((error) => services.log.error(`Could not open step ${step} of run ${runId}: ${String(error)}`)),
  });

  const showFollowed = (skill: vscode.Uri | undefined) => {
    view.description = skill ? skillNameOf(skill) : 'all skills';
    void vscode.commands.executeCommand('setContext', FOLLOWING_CONTEXT_KEY, skill !== undefined);
  };
  showFollowed(checkpoints.followed);

  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  context.subscriptions.push(
    checkpoints,
    view,
    trends,
    checkpoints.onDidChangeFollowed(showFollowed),
    registerCheckpointContentProvider(),
    register(HISTORY_COMMANDS.restoreCheckpoint, (target, options) => restoreCheckpoint(target, options as RestoreOptions | undefined, checkpoints.followed)),
    register(HISTORY_COMMANDS.compareWithCheckpoint, (target) => compareWithCheckpoint(target, checkpoints.followed)),
    // Without a named or active skill, an open panel keeps its skill; a new one starts on the Checkpoints view's.
    register(HISTORY_COMMANDS.openScoreTrends, (target, options) =>
      trends.open(scoreTrendsRequest(target, options as ScoreTrendsOptions | undefined, trends.snapshot().open ? undefined : checkpoints.followed)),
    ),
    register(HISTORY_COMMANDS.showAllCheckpoints, () => checkpoints.follow(undefined)),
    register(HISTORY_COMMANDS.deleteRun, async (target, options) => {
      const outcome = await deleteRunCommand(services.runs, target, options as DeleteRunOptions | undefined);
      if (outcome === 'deleted') checkpoints.refresh();
      return outcome;
    }),
    register(HISTORY_COMMANDS.checkpointRows, () => checkpointRows(checkpoints)),
    register(HISTORY_COMMANDS.scoreTrendsSnapshot, () => trends.snapshot()),
    register(HISTORY_COMMANDS.revealStep, (target) => {
      const { runId, step, final } = target as { runId: string; step: number; final?: boolean };
      return revealStep(runId, step, final);
    }),
    vscode.window.registerWebviewPanelSerializer(SCORE_TRENDS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => trends.restore(panel, state as TrendsViewState | undefined),
    }),
  );
}
