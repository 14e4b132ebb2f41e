/**
 * How the Checkpoints view draws its rows: labels, descriptions, icons in theme
 * colours, Markdown tooltips, `contextValue`s for the menus, and the click action
 * (a read-only diff of the previous checkpoint against this one).
 */
import * as vscode from 'vscode';
import type { RunIndexEntry, StageUsage } from '../../core/store';
import { clipAtWord } from '../clip-at-word';
import { uiRunText } from '../message-wording';
import { formatCost, formatScore } from '../training-event-log';
import { checkpointUri } from './checkpoint-content-provider';
import type { CheckpointNode, LiveStepNode, RunCondition, RunNode, SkillNode } from './checkpoint-nodes';
import { decisionText } from '../../core/training/decision-text';
import { describeGateEvidence, formatPValue } from '../../core/training/gate-rule';
import { describeGuardRejection } from '../../core/training/edit-guards';

/** "+0.08", "-0.50", "±0.00". */
export function formatDelta(delta: number): string {
  const rounded = Math.round(delta * 100) / 100;
  if (rounded === 0) return '±0.00';
  return `${rounded > 0 ? '+' : '-'}${Math.abs(rounded).toFixed(2)}`;
}

/** "0.62 (+0.08)" */
export function scoreWithDelta(score: number | undefined, delta: number | undefined): string {
  if (score === undefined) return '';
  return delta === undefined ? formatScore(score) : `${formatScore(score)} (${formatDelta(delta)})`;
}

/** What a checkpoint file is, in words: `step-0003.md` → "step 3". */
export function describeCheckpointFile(file: string | undefined): string {
  const match = file && /^step-(\d+)(?:-(.+))?\.md$/.exec(file);
  if (!match) return file ?? 'nothing';
  const step = Number(match[1]);
  if (match[2] === 'reviewed') return `step ${step} (your selection)`;
  if (match[2] === 'slow-update') return `slow update after step ${step}`;
  return step === 0 ? 'baseline' : `step ${step}`;
}

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function checkpointIcon(node: CheckpointNode): vscode.ThemeIcon {
  const { entry } = node;
  if (entry.kind === 'baseline') return icon('circle-large-outline');
  if (entry.kind === 'slow_update') return icon('sync', 'charts.blue');
  if (entry.kind === 'final') return entry.newBest ? icon('star-full', 'charts.yellow') : icon('flag');
  if (entry.kind === 'reviewed') return entry.newBest ? icon('star-full', 'charts.yellow') : icon('person', 'charts.green');
  // The person kept a selection of its edits: the row below (your selection) is what the gate's action applies to.
  if (entry.superseded) return icon('arrow-down', 'disabledForeground');
  switch (entry.action) {
    case 'accept_new_best':
      return icon('star-full', 'charts.yellow');
    case 'accept':
    case 'force_accept':
      return icon('pass', 'charts.green');
    case 'reject':
      return icon('close', 'charts.red');
    default:
      return icon('circle-slash', 'disabledForeground');
  }
}

/** "E2 · Step 5": epoch first, as the status bar's "E2 S5/12"; short enough for a narrow side bar. */
function stepLabel(step: number, epoch: number): string {
  return `E${epoch} · Step ${step}`;
}

function editsText(count: number, of?: number): string {
  const counted = of !== undefined && of !== count ? `${count} of ${of}` : `${count}`;
  return `${counted} edit${(of ?? count) === 1 ? '' : 's'}`;
}

/** The rule's short verdict for the row: the p-value of the statistical rule, "1 task worse" for no-regression. */
function ruleText(record: CheckpointNode['entry']['record']): string {
  const gate = record?.gate;
  if (!gate || gate.fallback) return '';
  if (gate.rule === 'statistical' && gate.pValue !== undefined) return `p ${formatPValue(gate.pValue)}`;
  if (gate.rule === 'no-regression' && gate.regressed?.length) return `${gate.regressed.length} task${gate.regressed.length === 1 ? '' : 's'} worse`;
  if (gate.rule === 'margin' && !gate.passed && gate.difference > 0) return 'below margin';
  return '';
}

function guardedText(count: number): string {
  return count === 0 ? '' : `${count} guarded`;
}

function usageTotals(usage: Record<string, StageUsage> | undefined): { costUsd: number | null; calls: number } {
  let costUsd: number | null = 0;
  let calls = 0;
  for (const stage of Object.values(usage ?? {})) {
    calls += stage.calls;
    costUsd = costUsd === null || stage.costUsd === null ? null : costUsd + stage.costUsd;
  }
  return { costUsd, calls };
}

function checkpointTooltip(node: CheckpointNode): vscode.MarkdownString {
  const { entry, run } = node;
  const tooltip = new vscode.MarkdownString(undefined, true);
  const record = entry.record;
  if (entry.kind === 'final') return finalTooltip(node, tooltip);
  const title = entry.kind === 'baseline' ? 'Baseline' : entry.kind === 'slow_update' ? `Slow update, end of epoch ${entry.epoch}` : `Step ${entry.step} · epoch ${entry.epoch}`;
  tooltip.appendMarkdown(`**${title}**${entry.kind === 'reviewed' ? ' — the edits you kept' : entry.superseded ? ' — every edit of the step' : ''}  \n`);
  if (entry.superseded) tooltip.appendMarkdown(`$(${checkpointIcon(node).id}) ${decisionText('superseded')}  \n`);
  else if (entry.action) tooltip.appendMarkdown(`$(${checkpointIcon(node).id}) ${decisionText(entry.action)}${record?.review ? (record.review.againstGate ? ' by your review, against the gate' : ' by your review') : ''}  \n`);
  if (entry.score !== undefined) {
    const before = record?.scoreBefore;
    tooltip.appendMarkdown(
      `Validation (${run.gateMetric}): ${before !== undefined && entry.kind !== 'baseline' ? `${formatScore(before)} → ` : ''}**${formatScore(entry.score)}**` +
        `${entry.delta !== undefined ? ` (${formatDelta(entry.delta)})` : ''}${record ? ` · best ${formatScore(record.bestScore)}` : ''}  \n`,
    );
  }
  if (entry.meta?.validation) tooltip.appendMarkdown(`Hard ${formatScore(entry.meta.validation.hard)} · soft ${formatScore(entry.meta.validation.soft)}  \n`);
  if (record) {
    tooltip.appendMarkdown(`Train batch: hard ${formatScore(record.train.hard)} · soft ${formatScore(record.train.soft)} (${record.train.count} tasks)  \n`);
    tooltip.appendMarkdown(
      `Edit budget: ${record.budget ?? 'no cap'} · ${record.editsProposed} proposed → ${record.editsMerged} merged → ${record.selectedEdits.length} selected → ${entry.editsApplied} applied  \n`,
    );
    if (record.gate) {
      tooltip.appendMarkdown('Gate rule: ');
      tooltip.appendText(describeGateEvidence(record.gate));
      tooltip.appendMarkdown('  \n');
    }
    if (record.review) {
      tooltip.appendMarkdown(`Gate verdict: ${record.review.gateVerdict.replace(/_/g, ' ')} · you kept ${record.review.acceptedEdits.length} of ${record.selectedEdits.length} edits  \n`);
    }
    if (record.guardRejections?.length) {
      tooltip.appendMarkdown(`$(shield) Guards rejected ${record.guardRejections.length} edit${record.guardRejections.length === 1 ? '' : 's'} before the gate:\n`);
      for (const rejection of record.guardRejections.slice(0, 4)) {
        tooltip.appendMarkdown('- ');
        tooltip.appendText(describeGuardRejection(rejection));
        tooltip.appendMarkdown('\n');
      }
      if (record.guardRejections.length > 4) tooltip.appendMarkdown(`- … and ${record.guardRejections.length - 4} more\n`);
    }
    const { costUsd, calls } = usageTotals(record.usage);
    tooltip.appendMarkdown(`Cost: ${formatCost(costUsd)} · ${calls} model calls · ${(record.wallMs / 1000).toFixed(1)} s  \n`);
  }
  if (entry.epochEnd?.slowUpdate) {
    const action = entry.epochEnd.slowUpdate.action.replace(/_/g, ' ');
    const kept = entry.epochEnd.slowUpdate.review?.accepted ? ' · you kept it (review mode)' : '';
    tooltip.appendMarkdown(`Slow update: ${action}${kept}  \n`);
    const categories = entry.epochEnd.slowUpdate.categories;
    if (categories) tooltip.appendText(Object.entries(categories).map(([name, count]) => `${name.replace(/_/g, ' ')} ${count}`).join(' · ') + '\n');
  }
  const edits = entry.kind === 'step' ? record?.selectedEdits ?? entry.meta?.edits : undefined;
  if (edits && edits.length > 0) {
    tooltip.appendMarkdown('\n**Edits**\n');
    for (const edit of edits.slice(0, 6)) {
      // One line per edit: the content without its own list marker, cut at a word within 100 characters.
      const text = clipAtWord((edit.content ?? edit.target ?? '').replace(/^\s*[-*]\s+/, ''), 100);
      tooltip.appendMarkdown(`- \`${edit.op}\` `);
      tooltip.appendText(`“${text}”${edit.source ? ` (${edit.source}${edit.support ? `, support ${edit.support}` : ''})` : ''}`);
      tooltip.appendMarkdown('\n');
    }
    if (edits.length > 6) tooltip.appendMarkdown(`- … and ${edits.length - 6} more\n`);
  }
  tooltip.appendMarkdown(`\n---\nRun ${run.id}${entry.file ? ` · \`${entry.file}\`` : ''}`);
  return tooltip;
}

/** The final row's card: what the final skill is, its score, and whether it became the best. */
function finalTooltip(node: CheckpointNode, tooltip: vscode.MarkdownString): vscode.MarkdownString {
  const { entry, run } = node;
  const final = entry.final!;
  tooltip.appendMarkdown('**Final skill (after slow update)** — the skill the run ended with, validated at the end  \n');
  if (entry.score !== undefined) {
    tooltip.appendMarkdown(`Validation (${run.gateMetric}): **${formatScore(entry.score)}**${entry.delta !== undefined ? ` (${formatDelta(entry.delta)} on the last validated skill)` : ''}  \n`);
  }
  if (final.finalValidation) tooltip.appendMarkdown(`Hard ${formatScore(final.finalValidation.hard)} · soft ${formatScore(final.finalValidation.soft)}  \n`);
  tooltip.appendMarkdown(
    entry.newBest
      ? `$(star-full) new best: it beat every step's skill, so the trained skill is this one  \n`
      : `The best stays ${final.bestStep === 0 ? 'the baseline' : `step ${final.bestStep}'s skill`} (${formatScore(final.bestScore)})  \n`,
  );
  if (final.test) tooltip.appendMarkdown(`Test split (hard): baseline ${formatScore(final.test.baseline.hard)} · best ${formatScore(final.test.best.hard)} · final ${formatScore(final.test.final.hard)}  \n`);
  tooltip.appendMarkdown(`\n---\nRun ${run.id}${entry.file ? ` · same text as \`${entry.file}\`` : ''}`);
  return tooltip;
}

function checkpointDescription(node: CheckpointNode): string {
  const { entry } = node;
  switch (entry.kind) {
    case 'baseline':
      return formatScore(entry.score);
    case 'slow_update':
      return entry.epochEnd?.slowUpdate.action === 'inserted_empty_region' ? 'region added' : 'guidance rewritten';
    case 'reviewed':
      return [scoreWithDelta(entry.score, entry.delta), editsText(entry.editsApplied, entry.record?.selectedEdits.length)].filter(Boolean).join(' · ');
    case 'step':
      if (entry.action === 'skip_no_edits') return 'no edits proposed';
      if (entry.action === 'skip_unchanged') return 'edits changed nothing';
      if (entry.action === 'skip_guarded') return `${guardedText(entry.record?.guardRejections?.length ?? 0)}`;
      // "not kept" right after the score, so a narrow side bar still shows it.
      return [scoreWithDelta(entry.score, entry.delta), entry.superseded ? 'not kept' : '', ruleText(entry.record), editsText(entry.editsApplied), guardedText(entry.record?.guardRejections?.length ?? 0)]
        .filter(Boolean)
        .join(' · ');
    case 'final':
      return [scoreWithDelta(entry.score, entry.delta), entry.newBest ? 'new best' : `best stays ${entry.final?.bestStep ? `step ${entry.final.bestStep}` : 'baseline'}`].filter(Boolean).join(' · ');
  }
}

function checkpointLabel(node: CheckpointNode): string {
  const { entry } = node;
  if (entry.kind === 'baseline') return 'Baseline';
  if (entry.kind === 'slow_update') return `E${entry.epoch} end · slow update`;
  if (entry.kind === 'reviewed') return `${stepLabel(entry.step, entry.epoch)} · your selection`;
  if (entry.kind === 'final') return 'Final skill';
  return stepLabel(entry.step, entry.epoch);
}

/** The diff a click opens: the checkpoint this one came from ↔ this one. */
export function checkpointDiffCommand(node: CheckpointNode): vscode.Command | undefined {
  const { entry, workspaceRoot, runId } = node;
  if (!entry.file) return undefined;
  const current = checkpointUri({ workspaceRoot, runId, file: entry.file });
  const options: vscode.TextDocumentShowOptions = { preview: true, preserveFocus: true };
  const skillName = node.run.skillName;
  if (!entry.previousFile) {
    return { command: 'vscode.open', title: 'Open Checkpoint', arguments: [current, options, `${skillName}: ${describeCheckpointFile(entry.file)}`] };
  }
  const previous = checkpointUri({ workspaceRoot, runId, file: entry.previousFile });
  const right = entry.kind === 'final' ? 'final skill' : describeCheckpointFile(entry.file);
  const title = `${skillName}: ${describeCheckpointFile(entry.previousFile)} ↔ ${right} (run ${node.runLabel})`;
  return { command: 'vscode.diff', title: 'Show Changes', arguments: [previous, current, title, options] };
}

export function checkpointTreeItem(node: CheckpointNode): vscode.TreeItem {
  const { entry } = node;
  const item = new vscode.TreeItem(checkpointLabel(node), vscode.TreeItemCollapsibleState.None);
  item.id = `${node.workspaceRoot}|${node.runId}|${entry.kind}|${entry.step}`;
  item.description = checkpointDescription(node);
  item.iconPath = checkpointIcon(node);
  item.tooltip = checkpointTooltip(node);
  // `checkpoint:<kind>[:<action>]` for rows with a file (diff, compare, restore); `step:<action>` for the rest.
  item.contextValue = entry.file ? ['checkpoint', entry.kind, entry.action].filter(Boolean).join(':') : `step:${entry.action ?? 'none'}`;
  item.command = checkpointDiffCommand(node);
  const decision = entry.superseded ? 'superseded' : entry.kind === 'final' ? (entry.newBest ? 'final_new_best' : 'final') : entry.action;
  item.accessibilityInformation = {
    label: `${item.label as string}, ${item.description}${decision ? `, ${decisionText(decision)}` : ''}`,
    role: 'treeitem',
  };
  return item;
}

const STAGE_TEXT: Record<string, string> = {
  rollout: 'running train tasks…',
  reflect: 'reflecting…',
  aggregate: 'merging edits…',
  select: 'ranking edits…',
  update: 'applying edits…',
  gate: 'validating…',
  review: 'waiting for your review',
  slow_update: 'slow update…',
  meta_skill: 'writing meta skill…',
  final_validation: 'final validation…',
  test: 'scoring the test split…',
  baseline: 'scoring the baseline…',
};

export function liveStepTreeItem(node: LiveStepNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.step === 0 ? 'Baseline' : stepLabel(node.step, node.epoch), vscode.TreeItemCollapsibleState.None);
  item.id = `${node.workspaceRoot}|${node.runId}|live`;
  item.description = (node.stage && STAGE_TEXT[node.stage]) ?? 'starting…';
  item.iconPath = node.stage === 'review' ? icon('eye', 'charts.yellow') : icon('loading~spin');
  item.contextValue = 'step:live';
  return item;
}

const CONDITION_TEXT: Record<RunCondition, string> = {
  live: 'training',
  finished: 'finished',
  stopped: 'stopped',
  elsewhere: 'running in another window',
  failed: 'failed',
};

function runDescription(node: RunNode): string {
  const { run } = node;
  const status = node.condition !== 'stopped' ? CONDITION_TEXT[node.condition] : run.status === 'running' ? 'interrupted' : run.status.replace('_', ' ');
  const best = run.bestValidationScore !== undefined ? `best ${formatScore(run.bestValidationScore)} (baseline ${formatScore(run.baselineScore)})` : undefined;
  return [status, best, `${run.stepsDone}/${run.totalSteps} steps`].filter(Boolean).join(' · ');
}

function runIcon(node: RunNode): vscode.ThemeIcon {
  switch (node.condition) {
    case 'live':
      return icon('sync~spin', 'charts.blue');
    case 'elsewhere':
      return icon('sync', 'charts.blue');
    case 'stopped':
      return icon('debug-pause');
    case 'failed':
      return icon('error', 'list.errorForeground');
    case 'finished':
      return icon('history');
  }
}

function runTooltip(run: RunIndexEntry): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**Run ${run.id}** · ${run.status.replace('_', ' ')}  \n`);
  tooltip.appendText(`Started ${new Date(run.startedAt).toLocaleString()}${run.finishedAt ? `, ended ${new Date(run.finishedAt).toLocaleString()}` : ''}\n`);
  tooltip.appendMarkdown(`\nValidation (${run.gateMetric}): baseline ${formatScore(run.baselineScore)} → best ${formatScore(run.bestValidationScore)}  \n`);
  if (run.bestTestScore) tooltip.appendMarkdown(`Test split (best skill): hard ${formatScore(run.bestTestScore.hard)} · soft ${formatScore(run.bestTestScore.soft)}  \n`);
  tooltip.appendMarkdown(`Steps ${run.stepsDone}/${run.totalSteps} · cost ${formatCost(run.costUsd)}  \n`);
  tooltip.appendText(`Models: target ${run.models.target}, optimizer ${run.models.optimizer}${run.models.judge ? `, judge ${run.models.judge}` : ''}\n`);
  if (run.message) tooltip.appendText(`\n${uiRunText(run.messageParts, run.message)}\n`);
  return tooltip;
}

export function runTreeItem(node: RunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`Run ${node.label}`, node.newest ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${node.workspaceRoot}|${node.runId}`;
  item.description = runDescription(node);
  item.iconPath = runIcon(node);
  item.tooltip = runTooltip(node.run);
  // Menus match `^run.*running` (Stop), `^run.*resumable` (Resume), `^run.*trained` (Apply, Review Changes).
  item.contextValue = `run:${node.condition === 'live' ? 'running' : node.condition}${node.resumable ? ':resumable' : ''}${node.run.status === 'finished' ? ':trained' : ''}`;
  item.accessibilityInformation = { label: `Run ${node.label}, ${item.description}`, role: 'treeitem' };
  return item;
}

export function skillTreeItem(node: SkillNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `${node.workspaceRoot}|skill|${node.skillUri.toString()}`;
  const best = Math.max(...node.runs.map((run) => run.bestValidationScore ?? Number.NEGATIVE_INFINITY));
  item.description = `${node.runs.length} run${node.runs.length === 1 ? '' : 's'}${Number.isFinite(best) ? ` · best ${formatScore(best)}` : ''}`;
  item.iconPath = icon('book');
  item.resourceUri = node.skillUri;
  item.tooltip = vscode.workspace.asRelativePath(node.skillUri);
  item.contextValue = 'checkpointsSkill';
  return item;
}
