/**
 * The review's commands. Each one names its hunk by id (CodeLens, hover links) or acts
 * at the cursor (keybindings, palette), and rechecks the hunk's state when it runs:
 * positions go stale, ids do not. Results are returned for callers and tests; what
 * could not be done is also told to the person.
 */
import * as vscode from 'vscode';
import type { ReviewDecision, ReviewRequest } from '../../core/training';
import { REVIEW_COMMANDS } from './review-command-ids';
import type { ReviewDecorations } from './review-decorations';
import { revealWithoutFocus, type ReviewDecider } from './review-decider';
import { layoutHunks } from './hunk-layout';
import type { HunkDecisionResult, ManagedReview, ReviewManager } from './review-manager';
import { unappliedSummary, stepTitle } from './review-text';
import { loadStoredStep, locateRun, parseStoredStepReference, pickStoredStep, storedStepInfo, storedStepTexts } from './stored-step';
import type { StepDiffContentProvider } from './step-diff-content-provider';
import type { HunkSnapshot } from './review-types';

/** What the review commands work with. */
export interface ReviewCommandServices {
  readonly manager: ReviewManager;
  readonly decorations: ReviewDecorations;
  readonly stepDiffs: StepDiffContentProvider;
  readonly decide: ReviewDecider;
}

/** A review as plain data (the snapshot command's answer). */
export interface ReviewSnapshot {
  readonly sessionId: string;
  readonly origin: 'live' | 'stored';
  readonly step?: number;
  readonly hunks: (HunkSnapshot & { firstLine: number; lastLine: number })[];
  readonly unapplied: { index: number; status: string }[];
  /** What the decorations last drew in this document. */
  readonly rendered?: ReturnType<ReviewDecorations['renderedFor']>;
}

export function registerReviewCommands(services: ReviewCommandServices): vscode.Disposable[] {
  const { manager } = services;
  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register(REVIEW_COMMANDS.accept, (argument) => decideHunk(manager, argument, (id) => manager.accept(id))),
    register(REVIEW_COMMANDS.reject, (argument) => decideHunk(manager, argument, async (id) => manager.reject(id))),
    register(REVIEW_COMMANDS.acceptAll, async (argument) => {
      const uri = reviewUri(argument);
      if (!uri) return tellNoReview();
      const result = await manager.acceptAll(uri);
      if (result.message) void vscode.window.showWarningMessage(`Accept All Edits: ${result.message}`);
      else if (result.keptYours > 0) {
        void vscode.window.showInformationMessage(
          `Accepted ${result.accepted} proposal${result.accepted === 1 ? '' : 's'}; ${result.keptYours} taken out of the file and rewritten by you since ${result.keptYours === 1 ? 'was' : 'were'} rejected, keeping your text.`,
        );
      }
      return result;
    }),
    register(REVIEW_COMMANDS.rejectAll, (argument) => {
      const uri = reviewUri(argument);
      return uri ? manager.rejectAll(uri) : tellNoReview();
    }),
    register(REVIEW_COMMANDS.openStepDiff, (argument) => openStepDiff(services, argument)),
    register(REVIEW_COMMANDS.reviewStep, (argument) => reviewStoredStep(manager, argument)),
    register(REVIEW_COMMANDS.showUnapplied, (argument) => {
      const uri = reviewUri(argument);
      const review = uri && manager.reviewFor(uri);
      if (!review) return tellNoReview();
      const lines = unappliedSummary(review.session.edits, review.session.unapplied);
      void vscode.window.showInformationMessage(`${stepTitle(review.session.step)}: ${lines.join('; ')}.`);
      return lines;
    }),
    register(REVIEW_COMMANDS.revealNext, () => revealNext(manager)),
    register(REVIEW_COMMANDS.decide, (request, context) =>
      services.decide(request as ReviewRequest, context as { skillUri: vscode.Uri; signal?: AbortSignal }) as Promise<ReviewDecision>,
    ),
    register(REVIEW_COMMANDS.snapshot, (argument) => snapshot(services, argument)),
  ];
}

/** The hunk id a command argument names, or the hunk at the active editor's cursor. */
function hunkIdFrom(manager: ReviewManager, argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (typeof argument === 'object' && argument !== null && typeof (argument as { hunkId?: unknown }).hunkId === 'string') {
    return (argument as { hunkId: string }).hunkId;
  }
  const editor = vscode.window.activeTextEditor;
  const review = editor && manager.ensureSynced(editor.document);
  if (!editor || !review) return undefined;
  const line = editor.selection.active.line;
  return layoutHunks(review.session, editor.document).find((layout) => layout.firstLine <= line && line <= layout.lastLine)?.hunk.id;
}

async function decideHunk(
  manager: ReviewManager,
  argument: unknown,
  decide: (hunkId: string) => Promise<HunkDecisionResult>,
): Promise<HunkDecisionResult> {
  const hunkId = hunkIdFrom(manager, argument);
  if (!hunkId) {
    const message = vscode.window.activeTextEditor && manager.reviewFor(vscode.window.activeTextEditor.document.uri)
      ? 'Put the cursor on a proposed edit (or use its CodeLens).'
      : 'There is no review open in this editor.';
    void vscode.window.showInformationMessage(message);
    return { done: false, message };
  }
  const result = await decide(hunkId);
  if (!result.done && result.message) void vscode.window.showWarningMessage(result.message);
  return result;
}

/** The document a `{uri}` argument (string or Uri) names, else the active editor's. */
function reviewUri(argument: unknown): vscode.Uri | undefined {
  const value = typeof argument === 'object' && argument !== null && 'uri' in argument ? (argument as { uri: unknown }).uri : argument;
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string') return vscode.Uri.parse(value);
  return vscode.window.activeTextEditor?.document.uri;
}

function tellNoReview(): undefined {
  void vscode.window.showInformationMessage('There is no review open on this file.');
  return undefined;
}

async function openStepDiff(services: ReviewCommandServices, argument: unknown): Promise<boolean> {
  const stored = parseStoredStepReference(argument);
  if (stored) {
    const { run, workspaceRoot } = await locateRun(stored);
    const texts = await storedStepTexts(workspaceRoot, run.id, stored.step);
    if (!texts) {
      void vscode.window.showInformationMessage(`Open Step Diff: run ${run.id} kept no checkpoint for step ${stored.step} (the step proposed no edits).`);
      return false;
    }
    const title = `${run.skillName}: step ${stored.step} of run ${run.id} (started from ↔ candidate)`;
    await services.stepDiffs.open(`run-${run.id}-step-${stored.step}`, texts.before, texts.after, title);
    return true;
  }
  const uri = reviewUri(argument);
  const review = uri && services.manager.reviewFor(uri);
  if (!review) {
    void vscode.window.showInformationMessage(
      'Open Step Diff: there is no review open on this file. Pick a step in the Checkpoints view, or run "Review Step Edits".',
    );
    return false;
  }
  await services.stepDiffs.openReview(review.session, review.uri);
  return true;
}

/** Opens a finished step's edits as a review of the skill's working file. Resolves once the review is shown. */
async function reviewStoredStep(manager: ReviewManager, argument: unknown): Promise<ReviewSnapshotSummary | undefined> {
  let reference = parseStoredStepReference(argument);
  if (!reference) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active || !active.path.endsWith('/SKILL.md')) {
      void vscode.window.showInformationMessage('Review Step Edits: open the SKILL.md whose training steps you want to review.');
      return undefined;
    }
    reference = await pickStoredStep(active);
    if (!reference) return undefined;
  }
  const stored = await loadStoredStep(reference);
  const review = await manager.start(stored.skillUri, {
    edits: stored.record.selectedEdits,
    step: storedStepInfo(stored),
    trainerReport: stored.record.applyReport,
    editOptions: stored.editOptions,
  });
  if (review.ended) {
    const reasons = unappliedSummary(review.session.edits, review.session.unapplied).join('; ');
    void vscode.window.showInformationMessage(`Review Step Edits: none of step ${stored.record.step}'s edits apply to the file as it is now. ${reasons}`);
  } else {
    await revealWithoutFocus(review.uri);
  }
  return summary(review);
}

/** What Review Step Edits answers: the review it opened. */
export interface ReviewSnapshotSummary {
  readonly sessionId: string;
  readonly uri: string;
  readonly hunkIds: string[];
  readonly ended: boolean;
}

function summary(review: ManagedReview): ReviewSnapshotSummary {
  return { sessionId: review.session.id, uri: review.uri.toString(), hunkIds: review.session.hunks.map((hunk) => hunk.id), ended: review.ended };
}

async function revealNext(manager: ReviewManager): Promise<void> {
  const active = vscode.window.activeTextEditor;
  const review = (active && manager.reviewFor(active.document.uri)) ?? manager.all().find((candidate) => candidate.session.undecided().length > 0);
  if (!review) return;
  const editor = await vscode.window.showTextDocument(review.uri, { preview: false });
  const layouts = layoutHunks(review.session, editor.document);
  if (layouts.length === 0) return;
  const cursorLine = editor === active ? editor.selection.active.line : -1;
  const next = layouts.find((layout) => layout.firstLine > cursorLine) ?? layouts[0];
  const position = new vscode.Position(next.firstLine, 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, new vscode.Position(next.lastLine, 0)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function snapshot(services: ReviewCommandServices, argument: unknown): Promise<ReviewSnapshot | undefined> {
  const uri = reviewUri(argument);
  if (!uri) return undefined;
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
  const review = document ? services.manager.ensureSynced(document) : services.manager.reviewFor(uri);
  if (!review) return undefined;
  const layouts = document ? layoutHunks(review.session, document) : [];
  return {
    sessionId: review.session.id,
    origin: review.session.step.origin,
    step: review.session.step.step,
    hunks: review.session.snapshot().map((hunk) => {
      const layout = layouts.find((candidate) => candidate.hunk.id === hunk.id);
      return { ...hunk, firstLine: layout?.firstLine ?? -1, lastLine: layout?.lastLine ?? -1 };
    }),
    unapplied: review.session.unapplied.map((entry) => ({ index: entry.index, status: entry.status })),
    rendered: services.decorations.renderedFor(uri),
  };
}
