/**
 * The Training Queue view: each skill of the library run this window trains (or last
 * trained) as queued / running (epoch, step, score) / finished (baseline → best) /
 * skipped (why) / failed (why, with Resume). The view is made of sections (the library
 * run; the scale-out queue's workers and jobs while a queue is set), each under its
 * heading; when the library run's is the only one shown, its rows are the view's top level.
 */
import * as vscode from 'vscode';
import type { LibrarySkillView } from '../../core/library';
import { describeQueueSkill } from './library-progress-text';
import type { LibraryRuns, LibraryRunView } from './library-runs';

/** One part of the Training Queue. */
export interface TrainingQueueSection extends vscode.Disposable {
  readonly label: string;
  /** True: always under its heading, even when it is the only section shown. */
  readonly grouped?: boolean;
  readonly onDidChange: vscode.Event<void>;
  rows(): vscode.TreeItem[];
  /** False hides the section (default: shown). */
  visible?(): boolean;
  /** Text beside the heading. */
  description?(): string | undefined;
}

export const TRAINING_QUEUE_VIEW = 'skillTrainer.trainingQueue';

const STATUS_ICONS: Record<LibrarySkillView['outcome']['status'], vscode.ThemeIcon> = {
  queued: new vscode.ThemeIcon('clock'),
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  skipped: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  budget_stopped: new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('list.warningForeground')),
  cancelled: new vscode.ThemeIcon('debug-pause'),
};

/** One skill of the library run. Commands on it get it; `skillUri` names the SKILL.md. */
export class QueueSkillItem extends vscode.TreeItem {
  readonly skillUri: vscode.Uri;
  readonly libraryRunId: string;
  readonly runId?: string;

  constructor(skill: LibrarySkillView, run: LibraryRunView) {
    super(skill.name, vscode.TreeItemCollapsibleState.None);
    this.skillUri = vscode.Uri.file(skill.skillPath);
    this.libraryRunId = run.libraryRunId;
    this.runId = skill.runId;
    this.id = `${run.libraryRunId}/${skill.order}`;
    this.description = describeQueueSkill(skill);
    this.iconPath = STATUS_ICONS[skill.outcome.status];
    this.tooltip = new vscode.MarkdownString(undefined, true);
    this.tooltip.appendMarkdown(`**${skill.name}** — library run ${run.libraryRunId}  \n`);
    this.tooltip.appendText(`${this.description}\n${skill.skillPath}${skill.runId ? `\nrun ${skill.runId}` : ''}`);
    const resumable = !run.live && ['failed', 'budget_stopped', 'cancelled', 'queued', 'running'].includes(skill.outcome.status);
    // `queueSkill:<status>` plus `:resumable` when Resume of the library run would continue it.
    this.contextValue = `queueSkill:${skill.outcome.status}${resumable ? ':resumable' : ''}${skill.runId ? ':run' : ''}`;
    this.accessibilityInformation = { label: `${skill.name}, ${this.description}`, role: 'treeitem' };
    this.command = { command: 'vscode.open', title: 'Open Skill', arguments: [this.skillUri] };
  }
}

/** The library run's skills, in queue order. */
export class LibraryQueueSection implements TrainingQueueSection {
  readonly label = 'Library run';
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.emitter.event;

  constructor(private readonly libraryRuns: LibraryRuns) {
    this.subscription = libraryRuns.onDidChange(() => this.emitter.fire());
  }

  visible(): boolean {
    return this.libraryRuns.view !== undefined;
  }

  rows(): vscode.TreeItem[] {
    const run = this.libraryRuns.view;
    if (!run) return [];
    return [...run.skills].sort((a, b) => a.order - b.order).map((skill) => new QueueSkillItem(skill, run));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

class SectionItem extends vscode.TreeItem {
  constructor(readonly section: TrainingQueueSection) {
    super(section.label, vscode.TreeItemCollapsibleState.Expanded);
    // A stable id keeps the heading's expanded state across refreshes.
    this.id = `section:${section.label}`;
    this.description = section.description?.();
    this.contextValue = `queueSection:${section.label}`;
  }
}

export class TrainingQueueProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly sections: readonly TrainingQueueSection[]) {
    this.subscriptions = sections.map((section) => section.onDidChange(() => this.emitter.fire()));
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(parent?: vscode.TreeItem): vscode.TreeItem[] {
    if (parent instanceof SectionItem) return parent.section.rows();
    if (parent) return [];
    const shown = this.sections.filter((section) => section.visible?.() !== false);
    if (shown.length === 1 && !shown[0]!.grouped) return shown[0]!.rows();
    return shown.map((section) => new SectionItem(section));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const section of this.sections) section.dispose();
    this.emitter.dispose();
  }
}

/** "training · 2 of 5 finished · lib-20261206-…" under the view's title (the id last: it is cut first). */
export function queueDescription(run: LibraryRunView | undefined): string | undefined {
  if (!run) return undefined;
  const finished = run.skills.filter((skill) => skill.outcome.status === 'finished').length;
  return `${run.live ? 'training' : run.status} · ${finished} of ${run.skills.length} finished · ${run.libraryRunId}`;
}
