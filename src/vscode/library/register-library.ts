/**
 * Registers the library part of the extension: Optimize All Skills / Optimize Selected
 * Skills, the Training Queue view, Stop / Resume / Apply of a library run, and Check
 * Transfer. A library run a closed window interrupted is offered again after start.
 */
import * as vscode from 'vscode';
import type { TransferResults } from '../history/transfer-results';
import type { ShellServices } from '../shell-services';
import { applyLibraryRunCommand, type ApplyLibraryOptions } from './apply-library-command';
import { checkTransferCommand, type CheckTransferOptions } from './check-transfer-command';
import { offerInterruptedLibraryRun, resumeLibraryRunCommand, showNewestLibraryRun, stopLibraryRun } from './library-run-commands';
import { LibraryRuns } from './library-runs';
import { optimizeAllSkills, optimizeSelectedSkills, type LibraryServices, type OptimizeLibraryOptions } from './optimize-library-command';
import { listQueueWorkers } from '../../core/queue';
import { QueueWorkersSection } from './queue-workers-section';
import { LibraryQueueSection, queueDescription, TRAINING_QUEUE_VIEW, TrainingQueueProvider } from './training-queue-view';

export const LIBRARY_COMMANDS = {
  optimizeAllSkills: 'skillTrainer.optimizeAllSkills',
  optimizeSelectedSkills: 'skillTrainer.optimizeSelectedSkills',
  stopLibraryRun: 'skillTrainer.stopLibraryRun',
  resumeLibraryRun: 'skillTrainer.resumeLibraryRun',
  applyLibraryRun: 'skillTrainer.applyLibraryRun',
  checkTransfer: 'skillTrainer.checkTransfer',
  openLibraryTrends: 'skillTrainer.openLibraryTrends',
  refreshTrainingQueue: 'skillTrainer.trainingQueue.refresh',
  /** Internal: the Training Queue as plain data (tests). */
  queueRows: 'skillTrainer.trainingQueue.rows',
  /** Internal: the Queue section's rows as plain data, after a fresh look (tests). */
  queueWorkerRows: 'skillTrainer.trainingQueue.queueWorkerRows',
} as const;

export function registerLibrary(context: vscode.ExtensionContext, shell: ShellServices, transfers: TransferResults): LibraryRuns {
  const libraryRuns = new LibraryRuns({ runs: shell.runs, log: shell.log, memento: context.workspaceState });
  const services: LibraryServices = { ...shell, libraryRuns };
  const section = new LibraryQueueSection(libraryRuns);
  const queueUrl = () => vscode.workspace.getConfiguration('skillTrainer').get<string>('queue.url', '').trim();
  const workers = new QueueWorkersSection({
    settingUrl: queueUrl,
    environment: process.env,
    isBusy: () => libraryRuns.isLive || shell.runs.activeRuns().length > 0,
    runChanges: [libraryRuns.onDidChange, shell.runs.onDidChangeRunState],
    onDidChangeSetting: (listener) => vscode.workspace.onDidChangeConfiguration((change) => change.affectsConfiguration('skillTrainer.queue.url') && listener(undefined)),
    list: listQueueWorkers,
  });
  const provider = new TrainingQueueProvider([section, workers]);
  const view = vscode.window.createTreeView(TRAINING_QUEUE_VIEW, { treeDataProvider: provider });
  const describe = () => {
    const run = libraryRuns.view;
    view.description = queueDescription(run);
    view.message = run ? undefined : 'No library run yet. "Optimize All Skills" on the Skills view trains every skill; each one shows here as it goes.';
    const resumable = run !== undefined && !run.live && run.status !== 'finished';
    const applicable = run !== undefined && !run.live && run.skills.some((skill) => skill.outcome.status === 'finished');
    void vscode.commands.executeCommand('setContext', 'skillTrainer.libraryRunResumable', resumable);
    void vscode.commands.executeCommand('setContext', 'skillTrainer.libraryRunApplicable', applicable);
  };
  describe();

  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  context.subscriptions.push(
    libraryRuns,
    provider,
    view,
    libraryRuns.onDidChange(describe),
    register(LIBRARY_COMMANDS.optimizeAllSkills, (options) => optimizeAllSkills(services, options as OptimizeLibraryOptions | undefined)),
    register(LIBRARY_COMMANDS.optimizeSelectedSkills, (clicked, selected, options) => optimizeSelectedSkills(services, clicked, selected, options as OptimizeLibraryOptions | undefined)),
    register(LIBRARY_COMMANDS.stopLibraryRun, () => stopLibraryRun(services)),
    register(LIBRARY_COMMANDS.resumeLibraryRun, (target) => resumeLibraryRunCommand(services, target)),
    register(LIBRARY_COMMANDS.applyLibraryRun, (target, options) => applyLibraryRunCommand(services, target, options as ApplyLibraryOptions | undefined)),
    register(LIBRARY_COMMANDS.checkTransfer, (target, options) => checkTransferCommand({ ...shell, transfers }, target, options as CheckTransferOptions | undefined)),
    register(LIBRARY_COMMANDS.openLibraryTrends, () => vscode.commands.executeCommand('skillTrainer.openScoreTrends', undefined, { tab: 'library' })),
    register(LIBRARY_COMMANDS.refreshTrainingQueue, () => workers.refresh()),
    register(LIBRARY_COMMANDS.queueWorkerRows, async () => {
      await workers.refresh();
      return workers.rows().map((item) => ({ label: String(item.label), description: String(item.description ?? ''), tooltip: tooltipText(item.tooltip), contextValue: item.contextValue }));
    }),
    register(LIBRARY_COMMANDS.queueRows, () =>
      section.rows().map((item) => ({ label: String(item.label), description: String(item.description ?? ''), contextValue: item.contextValue, runId: (item as { runId?: string }).runId })),
    ),
  );
  // Off the critical path: show the newest library run, and offer one a closed window interrupted.
  setTimeout(() => {
    void showNewestLibraryRun(services)
      .then(() => offerInterruptedLibraryRun(services))
      .catch((error) => shell.log.error(`Could not read the library runs: ${String(error)}`));
  }, 0);
  return libraryRuns;
}

function tooltipText(tooltip: vscode.TreeItem['tooltip']): string {
  return tooltip instanceof vscode.MarkdownString ? tooltip.value : (tooltip ?? '');
}
