/**
 * The bridge from the trainer's gate mode `review` to the inline review: for each step
 * it shows the SKILL.md (without taking focus), starts a review with the step's
 * selected edits, apply report and gate verdict, and answers the trainer with the edits
 * the person accepted once every proposal is decided (or Accept All / Reject All).
 * Accepting against the gate is allowed; the trainer records it. The review says it is
 * waiting in the status bar and the CodeLens only: no notification sits over the
 * proposals (appended ones are at the bottom right of the editor, where toasts are).
 */
import * as vscode from 'vscode';
import { CallAbortedError } from '../../core/models/model-errors';
import type { ReviewDecision, ReviewRequest, SlowUpdateReviewRequest, StepReviewRequest } from '../../core/training';
import type { ManagedReview, ReviewManager } from './review-manager';
import { stepTitle, unappliedSummary } from './review-text';
import { SLOW_UPDATE_OP, type ReviewEdit, type ReviewStepInfo } from './review-types';

/** Where the decider gets the file and the stop signal from (the run controller's ReviewContext fits). */
export interface ReviewDeciderContext {
  readonly skillUri: vscode.Uri;
  /** Aborted when the run stops: the review closes and the trainer gets CallAbortedError. */
  readonly signal?: AbortSignal;
}

/** Decides one step; assignable to the run controller's {@link RunReviewHandler}. */
export type ReviewDecider = (request: ReviewRequest, context: ReviewDeciderContext) => Promise<ReviewDecision>;

/**
 * The review handler the run controller installs with `setReviewHandler` (a `RunReviewHandler`): resolves
 * with `{acceptedEdits}` (0-based indexes into `request.selectedEdits`).
 */
export function createReviewDecider(manager: ReviewManager): ReviewDecider {
  return async (request: ReviewRequest, context: ReviewDeciderContext): Promise<ReviewDecision> => {
    if (context.signal?.aborted) throw new CallAbortedError('The review');
    await revealWithoutFocus(context.skillUri);
    const review = await manager.start(
      context.skillUri,
      request.kind === 'slow_update'
        ? { edits: [slowUpdateProposal(request)], step: { origin: 'live', kind: 'slow_update', runId: request.runId, epoch: request.epoch, step: request.step } }
        : { edits: request.selectedEdits, step: liveStepInfo(request), trainerReport: request.applyReport, editOptions: { keepListsTight: request.keepListsTight } },
    );
    const onAbort = () => void manager.end(review.uri, 'cancelled');
    context.signal?.addEventListener('abort', onAbort, { once: true });
    // Stopped while the proposals were being written.
    if (context.signal?.aborted) onAbort();
    try {
      if (review.ended && request.kind === 'slow_update' && review.session.unapplied.every((entry) => entry.status === 'no_change')) {
        // The file already holds this guidance: keeping it keeps the run in step with the file.
        return { acceptedEdits: [0] };
      }
      if (review.ended) reportNothingApplies(review);
      const outcome = await review.outcome;
      if (outcome.reason === 'cancelled') throw new CallAbortedError('The review');
      return { acceptedEdits: outcome.acceptedEditIndices };
    } finally {
      context.signal?.removeEventListener('abort', onAbort);
    }
  };
}

/**
 * The slow update as the one proposal of its review: the new guidance for the protected
 * region, with why it was written as its reasoning.
 */
export function slowUpdateProposal(request: SlowUpdateReviewRequest): ReviewEdit {
  const { improved, regressed, persistent_failure: stillFailing, stable_success: stillPassing } = request.categories;
  const compared = improved + regressed + stillFailing + stillPassing;
  const reasoning = [
    `Guidance for the target, rewritten from ${compared} train tasks run with the skills of the start and the end of epoch ${request.epoch}: ` +
      `${improved} improved, ${regressed} regressed, ${stillFailing} still failing, ${stillPassing} still passing.`,
    request.verdict ? `On the guidance before: ${request.verdict}` : undefined,
    'Not validated on its own (as in SkillOpt): the final validation at the end of the run scores it. Rejected, the region keeps what it held.',
  ];
  return { op: SLOW_UPDATE_OP, content: request.guidance, reasoning: reasoning.filter((line) => line !== undefined).join('\n\n') };
}

/** What the review shows about a live step. */
export function liveStepInfo(request: StepReviewRequest): ReviewStepInfo {
  return {
    origin: 'live',
    runId: request.runId,
    epoch: request.epoch,
    step: request.step,
    gate: {
      verdict: request.gateVerdict,
      metric: request.metric,
      scoreBefore: request.scores.current,
      candidateScore: request.scores.candidateScore,
      bestScore: request.scores.best,
      candidate: request.scores.candidate,
    },
  };
}

/** Shows the file when no editor shows it yet; keeps focus where the person is. */
export async function revealWithoutFocus(uri: vscode.Uri): Promise<void> {
  if (vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === uri.toString())) return;
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
}

function reportNothingApplies(review: ManagedReview): void {
  const { session } = review;
  const reasons = unappliedSummary(session.edits, session.unapplied).join('; ');
  void vscode.window.showWarningMessage(
    `Skill Trainer: none of the edits of ${stepTitle(session.step)} apply to ${vscode.workspace.asRelativePath(review.uri)} as it is now, so the step counts as rejected. ${reasons}`,
  );
}
