/** Command ids of the inline review. The first six are contributed in package.json. */
export const REVIEW_COMMANDS = {
  /** `{hunkId}` argument, or none: the proposal at the cursor. */
  accept: 'skillTrainer.acceptEdit',
  reject: 'skillTrainer.rejectEdit',
  /** `{uri}` argument, or none: the active editor's review. */
  acceptAll: 'skillTrainer.acceptAllEdits',
  rejectAll: 'skillTrainer.rejectAllEdits',
  /** `{uri}` (a review), `{runId, step}` (a stored step), or none (the active editor's review). */
  openStepDiff: 'skillTrainer.openStepDiff',
  /** `{runId, step, skillUri?, workspaceRoot?}`, or none: pick a finished step of the active skill. */
  reviewStep: 'skillTrainer.reviewStep',
  /** Internal: lists the step's edits that do not apply to the file. */
  showUnapplied: 'skillTrainer.review.showUnapplied',
  /** Internal: the status-bar item's action; reveals the next undecided proposal. */
  revealNext: 'skillTrainer.review.revealNext',
  /**
   * Internal: the gate-mode-review bridge as a command, `(request, {skillUri, signal?})`
   * → the person's decision. The run controller calls the same function directly.
   */
  decide: 'skillTrainer.review.decide',
  /** Internal: the review of a document as plain data (hunks, states, ranges, what is drawn), for tests. */
  snapshot: 'skillTrainer.review.snapshot',
} as const;

/** The context key that is true while the active editor's file has undecided proposals. */
export const REVIEW_PENDING_CONTEXT_KEY = 'skillTrainer.reviewPending';
