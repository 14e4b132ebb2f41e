/**
 * The Skills view: one row per skill with its task count, last validation score and
 * run state. It lists again when skills or task files change, when a run changes
 * state or scores a step, and when a run store index changes (a CLI run too).
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { TrainingRuns, SkillRunState } from './run-events';
import { readSettings } from './settings';
import { uiRunText } from './message-wording';
import { findSkillFiles } from './skill-files';
import type { SkillFileWatcher } from './skill-file-watchers';
import { skillFolders } from './skill-locations';
import { summarizeSkill, type SkillSummary } from './skill-summary';
import { TREND_ARROWS, TREND_WORDS } from './score-trend';
import { formatScore } from './training-event-log';

/** Pause after the last change before listing again (ms): a run emits many events. */
const REFRESH_DELAY_MS = 250;

const STATE_TEXT: Record<SkillRunState, string> = {
  idle: '',
  training: 'training',
  paused: 'paused for review',
  stopped: 'stopped — resumable',
  failed: 'failed',
};

function stateIcon(summary: SkillSummary): vscode.ThemeIcon {
  switch (summary.state) {
    case 'training':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'paused':
      return new vscode.ThemeIcon('eye', new vscode.ThemeColor('charts.yellow'));
    case 'stopped':
      return new vscode.ThemeIcon('debug-pause');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'idle':
      return summary.taskCount === undefined ? new vscode.ThemeIcon('book', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('book');
  }
}

/** "24 tasks · val 0.83 · training"; drafts are not tasks yet: "12 draft tasks to review". */
export function skillRowDescription(summary: SkillSummary): string {
  const parts = [taskCountText(summary)];
  if (summary.lastValidationScore !== undefined) parts.push(`val ${formatScore(summary.lastValidationScore)}${summary.trend ? ` ${TREND_ARROWS[summary.trend]}` : ''}`);
  if (STATE_TEXT[summary.state]) parts.push(STATE_TEXT[summary.state]);
  if (summary.personal) parts.push(summary.location ?? 'outside the workspace');
  return parts.join(' · ');
}

function taskCountText(summary: SkillSummary): string {
  if (summary.taskCount === undefined) return 'no tasks';
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const drafts = summary.draftCount ?? 0;
  const reviewed = summary.taskCount - drafts;
  if (drafts === 0) return plural(reviewed, 'task');
  const toReview = `${plural(drafts, 'draft task')} to review`;
  return reviewed === 0 ? toReview : `${plural(reviewed, 'task')} + ${toReview}`;
}

function tooltipOf(summary: SkillSummary): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${summary.name}**  \n`);
  tooltip.appendText(`${summary.uri.fsPath}\n`);
  if (summary.splitCounts) {
    const { train, val, test } = summary.splitCounts;
    tooltip.appendMarkdown(`\n$(checklist) ${summary.taskCount} eval tasks: ${train} train · ${val} validation · ${test} test  \n`);
    if (summary.draftCount) tooltip.appendMarkdown(`$(warning) ${summary.draftCount} of them drafted and not reviewed yet: training refuses them until you keep or drop each (Review Draft Eval Tasks)  \n`);
  } else {
    tooltip.appendMarkdown(`\n$(warning) No usable eval tasks: `);
    tooltip.appendText(`${summary.taskProblem ?? 'create evals/evals.json'}\n`);
  }
  const run = summary.lastRun;
  if (run) {
    tooltip.appendMarkdown(
      `\n$(history) Last run ${run.id}: ${run.status.replace('_', ' ')}, step ${run.stepsDone}/${run.totalSteps}, ` +
        `best validation ${formatScore(run.bestValidationScore)} (baseline ${formatScore(run.baselineScore)}, ${run.gateMetric})  \n`,
    );
    if (summary.trend) tooltip.appendMarkdown(`Trend: ${TREND_ARROWS[summary.trend]} ${TREND_WORDS[summary.trend]} against the last finished run before it (or the run's own baseline)  \n`);
    if (run.message) tooltip.appendText(`${uiRunText(run.messageParts, run.message)}\n`);
  } else {
    tooltip.appendMarkdown('\nNot trained yet.');
  }
  return tooltip;
}

/** One row of the Skills view. Commands on it receive it; `skillUri` names the file. */
export class SkillTreeItem extends vscode.TreeItem {
  readonly skillUri: vscode.Uri;

  constructor(readonly summary: SkillSummary) {
    super(summary.name, vscode.TreeItemCollapsibleState.None);
    this.skillUri = summary.uri;
    this.id = summary.uri.toString();
    this.resourceUri = summary.uri;
    this.description = skillRowDescription(summary);
    this.tooltip = tooltipOf(summary);
    this.iconPath = stateIcon(summary);
    // `skill:<state>`, then `:tasks` when it has usable tasks, `:trained` when a finished run has a trained skill (menus key on these).
    this.contextValue = `skill:${summary.state}${summary.taskCount === undefined ? '' : ':tasks'}${summary.trainedRun ? ':trained' : ''}`;
    this.accessibilityInformation = { label: `${summary.name} skill, ${this.description}`, role: 'treeitem' };
    this.command = { command: 'vscode.open', title: 'Open Skill', arguments: [summary.uri] };
  }
}

/** Lists every skill (see `findSkillFiles`) with its summary. */
export class SkillsTreeProvider implements vscode.TreeDataProvider<SkillTreeItem>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<SkillTreeItem | undefined>();
  private readonly listedEmitter = new vscode.EventEmitter<readonly SkillSummary[]>();
  private readonly disposables: vscode.Disposable[];
  private timer: ReturnType<typeof setTimeout> | undefined;

  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Fires with the summaries each time the view lists the skills. */
  readonly onDidListSkills = this.listedEmitter.event;

  constructor(
    private readonly runs: TrainingRuns,
    skillFiles: SkillFileWatcher,
  ) {
    this.disposables = [
      this.changeEmitter,
      this.listedEmitter,
      skillFiles.onDidChange(() => this.refreshSoon()),
      runs.onDidChangeRunState(() => this.refreshSoon()),
      runs.onDidEmitEvent(({ event }) => {
        if (event.type === 'baseline_scored' || event.type === 'gate_decision') this.refreshSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('skillTrainer.includeUserSkills') || event.affectsConfiguration('skillTrainer.splitRatios') || event.affectsConfiguration('skillTrainer.seed')) this.refresh();
      }),
    ];
  }

  /** Asks the view to list the skills again now. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changeEmitter.fire(undefined);
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), REFRESH_DELAY_MS);
  }

  getTreeItem(item: SkillTreeItem): vscode.TreeItem {
    return item;
  }

  async getChildren(parent?: SkillTreeItem): Promise<SkillTreeItem[]> {
    if (parent) return [];
    const summaries = await listSkillSummaries(this.runs);
    this.listedEmitter.fire(summaries);
    return summaries.map((summary) => new SkillTreeItem(summary));
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The `includeUserSkills` setting; a bad setting elsewhere must not empty the views (runs report it). */
export function includeUserSkills(): boolean {
  try {
    return readSettings().includeUserSkills;
  } catch {
    return true;
  }
}

/** Every skill's summary, in the view's order. */
export async function listSkillSummaries(runs: TrainingRuns): Promise<SkillSummary[]> {
  const folders = skillFolders({ includePersonal: includeUserSkills() });
  const uris = await findSkillFiles({ folders });
  return Promise.all(uris.map((uri) => summarizeSkill(uri, runs, folders.find((folder) => dirname(dirname(uri.fsPath)) === folder.path)?.label)));
}
