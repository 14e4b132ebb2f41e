/**
 * The bridge from the trainer's gate mode `review` to the inline review: for each step
 * it opens the SKILL.md (without taking focus), starts a review with the step's
 * selected edits, apply report and gate verdict, and answers the trainer with the edits
 * the person accepted once every proposal is decided (or Accept All / Reject All).
 * Accepting against the gate is allowed; the trainer records it.
 */
import * as vscode from 'vscode';
import { CallAbortedError } from '../../core/models/model-errors';
import type { ReviewDecision, ReviewRequest, SlowUpdateReviewRequest, StepReviewRequest } from '../../core/training';
import type { ManagedReview, ReviewManager } from './review-manager';
import { REVIEW_COMMANDS } from './review-command-ids';
import { editsInProposals, gateSummary, stepTitle, unappliedSummary } from './review-text';
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
    const review = await manager.start(
      context.skillUri,
      request.kind === 'slow_update'
        ? { edits: [slowUpdateProposal(request)], step: { origin: 'live', kind: 'slow_update', runId: request.runId, epoch: request.epoch, step: request.step } }
        : { edits: request.selectedEdits, step: liveStepInfo(request), trainerReport: request.applyReport },
    );
    const onAbort = () => manager.end(review.uri, 'cancelled');
    context.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (!review.ended) {
        await revealWithoutFocus(review.uri);
        announce(review);
      } else if (request.kind === 'slow_update' && review.session.unapplied.every((entry) => entry.status === 'no_change')) {
        // The file already holds this guidance: keeping it keeps the run in step with the file.
        return { acceptedEdits: [0] };
      } else {
        reportNothingApplies(review);
      }
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

/**
 * Tells the person a step waits for them, without taking focus: a notification that
 * closes by itself when the review ends (decided, superseded or cancelled), so the
 * announcements of earlier steps never pile up. A progress notification is the one kind
 * an extension can close; its link goes to the next proposal (as the status-bar item does).
 */
function announce(review: ManagedReview): void {
  const { session } = review;
  const gate = session.step.gate ? ` (${gateSummary(session.step.gate)})` : '';
  // All in the title (VS Code would join a progress message to it with a colon). A toast
  // without buttons shows collapsed to its first line, so that line says what is asked.
  const title =
    `Training waits for your review: ${stepTitle(session.step)} proposes ${editsInProposals(session.undecided())} ` +
    `to ${vscode.workspace.asRelativePath(review.uri)}${gate}, shown in the editor. [Show the proposals](command:${REVIEW_COMMANDS.revealNext})`;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, () => review.outcome);
}

function reportNothingApplies(review: ManagedReview): void {
  const { session } = review;
  const reasons = unappliedSummary(session.edits, session.unapplied).join('; ');
  void vscode.window.showWarningMessage(
    `Skill Trainer: none of the edits of ${stepTitle(session.step)} apply to ${vscode.workspace.asRelativePath(review.uri)} as it is now, so the step counts as rejected. ${reasons}`,
  );
}
