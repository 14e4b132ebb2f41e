/**
 * The Checkpoints view: the runs of the followed skill (the SKILL.md last active in
 * an editor), each with its timeline of checkpoints; with no skill followed, every
 * skill that has runs, grouped. It reads the run store only (runs of the CLI and of
 * other windows show too) and refreshes on trainer events and store file changes.
 */
import * as vscode from 'vscode';
import { listCheckpoints, listRuns, readStepRecords, type RunIndexEntry } from '../../core/store';
import type { TrainingEvent, TrainingStage } from '../../core/training';
import type { TrainingRuns } from '../run-events';
import { listResumableRuns, workspaceRoots } from '../run-store-location';
import { isSkillFile, skillNameOf } from '../skill-files';
import type { CheckpointNode, CheckpointTreeNode, LiveStepNode, RunCondition, RunNode, SkillNode } from './checkpoint-nodes';
import { checkpointTreeItem, liveStepTreeItem, runTreeItem, skillTreeItem } from './checkpoint-tree-items';
import { buildRunTimeline } from './run-timeline';
import { distinctRunLabels, runLabel } from './trend-series';
import { watchRunStore } from './run-store-changes';

/** Where a live run is: the step it works on and the stage running. */
interface LiveProgress {
  step: number;
  epoch: number;
  stage?: TrainingStage;
}

export class CheckpointsTreeProvider implements vscode.TreeDataProvider<CheckpointTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<CheckpointTreeNode | undefined>();
  private readonly followEmitter = new vscode.EventEmitter<vscode.Uri | undefined>();
  private readonly disposables: vscode.Disposable[];
  private readonly live = new Map<string, LiveProgress>();
  private followedSkill: vscode.Uri | undefined;
  /** The nodes last listed, by run id and skill path: the parents `reveal` asks for. */
  private readonly runNodeOf = new Map<string, RunNode>();
  private readonly skillNodeOf = new Map<string, SkillNode>();

  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Fires when the view starts following another skill (undefined: all skills). */
  readonly onDidChangeFollowed = this.followEmitter.event;

  constructor(private readonly runs: TrainingRuns) {
    this.disposables = [
      this.changeEmitter,
      this.followEmitter,
      watchRunStore(runs, () => this.refresh(), { onEvent: ({ runId, event }) => this.trackLive(runId, event) }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followEditor(editor)),
    ];
    this.followEditor(vscode.window.activeTextEditor);
  }

  /** The skill whose runs the view lists; undefined when it lists every skill. */
  get followed(): vscode.Uri | undefined {
    return this.followedSkill;
  }

  /** Lists the runs of `skillUri` (undefined: of every skill). */
  follow(skillUri: vscode.Uri | undefined): void {
    if (skillUri?.toString() === this.followedSkill?.toString()) return;
    this.followedSkill = skillUri;
    this.followEmitter.fire(skillUri);
    this.refresh();
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  getTreeItem(node: CheckpointTreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'skill':
        return skillTreeItem(node);
      case 'run':
        return runTreeItem(node);
      case 'checkpoint':
        return checkpointTreeItem(node);
      case 'liveStep':
        return liveStepTreeItem(node);
    }
  }

  /** The parent of a row (for `TreeView.reveal`): a step's run, a run's skill when the view groups by skill. */
  getParent(node: CheckpointTreeNode): CheckpointTreeNode | undefined {
    if (node.type === 'checkpoint' || node.type === 'liveStep') return this.runNodeOf.get(node.runId);
    if (node.type === 'run') return this.followedSkill ? undefined : this.skillNodeOf.get(node.skillUri.fsPath);
    return undefined;
  }

  /**
   * The row of a run's step (0 = the baseline; `final`: the final skill), following the
   * run's skill first; undefined when the run or step is not listed. The row a person's
   * selection was applied to wins over the full candidate's.
   */
  async stepNode(runId: string, skillUri: vscode.Uri, step: number, final: boolean): Promise<CheckpointNode | undefined> {
    this.follow(skillUri);
    const runs = (await this.getChildren()).filter((node): node is RunNode => node.type === 'run');
    const run = runs.find((node) => node.runId === runId);
    if (!run) return undefined;
    const rows = (await this.getChildren(run)).filter((node): node is CheckpointNode => node.type === 'checkpoint');
    if (final) return rows.find((node) => node.entry.kind === 'final');
    const ofStep = rows.filter((node) => node.entry.step === step && node.entry.kind !== 'final' && node.entry.kind !== 'slow_update');
    return ofStep.find((node) => node.entry.kind === 'reviewed') ?? ofStep[0];
  }

  async getChildren(node?: CheckpointTreeNode): Promise<CheckpointTreeNode[]> {
    if (!node) return this.roots();
    if (node.type === 'skill') return this.runNodes(node.workspaceRoot, node.runs);
    if (node.type === 'run') return this.timelineNodes(node);
    return [];
  }

  /** A SKILL.md becoming active in an editor (a file, not a checkpoint) is followed. */
  private followEditor(editor: vscode.TextEditor | undefined): void {
    const uri = editor?.document.uri;
    if (uri && uri.scheme === 'file' && isSkillFile(uri)) this.follow(uri);
  }

  private trackLive(runId: string, event: TrainingEvent): void {
    switch (event.type) {
      case 'run_started':
        this.live.set(runId, { step: 0, epoch: 0, stage: 'baseline' });
        return;
      case 'step_started':
        this.live.set(runId, { step: event.step, epoch: event.epoch });
        return;
      case 'stage_started': {
        const progress = this.live.get(runId);
        if (progress) progress.stage = event.stage;
        else this.live.set(runId, { step: event.step, epoch: event.epoch, stage: event.stage });
        // The view reads it at the next (coalesced) refresh: stage events are among those that schedule one.
        return;
      }
      case 'run_finished':
      case 'run_failed':
      case 'run_cancelled':
      case 'run_budget_stopped':
        this.live.delete(runId);
        return;
      default:
        return;
    }
  }

  private async roots(): Promise<CheckpointTreeNode[]> {
    const followed = this.followedSkill;
    if (followed) {
      const root = this.runs.workspaceRootFor(followed);
      if (!root) return [];
      const runs = await listRuns(root, { skillPath: followed.fsPath }).catch(() => [] as RunIndexEntry[]);
      return this.runNodes(root, runs);
    }
    const skills: SkillNode[] = [];
    for (const root of workspaceRoots()) {
      const runs = await listRuns(root).catch(() => [] as RunIndexEntry[]);
      const bySkill = new Map<string, RunIndexEntry[]>();
      for (const run of runs) bySkill.set(run.skillPath, [...(bySkill.get(run.skillPath) ?? []), run]);
      for (const [skillPath, skillRuns] of bySkill) {
        const skillUri = vscode.Uri.file(skillPath);
        const skillNode: SkillNode = { type: 'skill', skillUri, workspaceRoot: root, name: skillNameOf(skillUri), runs: skillRuns };
        this.skillNodeOf.set(skillPath, skillNode);
        skills.push(skillNode);
      }
    }
    return skills.sort((a, b) => a.name.localeCompare(b.name) || a.skillUri.fsPath.localeCompare(b.skillUri.fsPath));
  }

  private async runNodes(workspaceRoot: string, runs: readonly RunIndexEntry[]): Promise<RunNode[]> {
    if (runs.length === 0) return [];
    const liveIds = new Set(this.runs.activeRuns().map((subject) => subject.runId));
    const resumable = new Set((await listResumableRuns((runId) => liveIds.has(runId)).catch(() => [])).map((entry) => entry.entry.id));
    const labels = distinctRunLabels(runs);
    return runs.map((run, index) => {
      const condition: RunCondition = liveIds.has(run.id)
        ? 'live'
        : run.status === 'finished'
          ? 'finished'
          : run.status === 'failed'
            ? 'failed'
            : run.status === 'running' && !resumable.has(run.id)
              ? 'elsewhere'
              : 'stopped';
      const node: RunNode = {
        type: 'run',
        runId: run.id,
        skillUri: vscode.Uri.file(run.skillPath),
        workspaceRoot,
        run,
        condition,
        resumable: resumable.has(run.id),
        newest: index === 0,
        label: labels.get(run.id) ?? runLabel(run.startedAt),
      };
      this.runNodeOf.set(run.id, node);
      return node;
    });
  }

  private async timelineNodes(node: RunNode): Promise<CheckpointTreeNode[]> {
    const [records, checkpoints] = await Promise.all([
      readStepRecords(node.workspaceRoot, node.runId).catch(() => []),
      listCheckpoints(node.workspaceRoot, node.runId).catch(() => []),
    ]);
    const rows: CheckpointTreeNode[] = buildRunTimeline(records, checkpoints).map(
      (entry): CheckpointNode => ({
        type: 'checkpoint',
        runId: node.runId,
        step: entry.step,
        skillUri: node.skillUri,
        workspaceRoot: node.workspaceRoot,
        file: entry.file,
        entry,
        run: node.run,
        runLabel: node.label,
      }),
    );
    const progress = node.condition === 'live' ? this.live.get(node.runId) : undefined;
    const recorded = new Set(records.filter((record) => record.kind === 'step' || record.kind === 'baseline').map((record) => record.step));
    if (progress && !recorded.has(progress.step)) {
      const liveRow: LiveStepNode = { type: 'liveStep', runId: node.runId, step: progress.step, epoch: progress.epoch, stage: progress.stage, skillUri: node.skillUri, workspaceRoot: node.workspaceRoot };
      rows.push(liveRow);
    }
    return rows;
  }
}
