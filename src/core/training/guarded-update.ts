/**
 * Stage 5 with its guards: the merged edits are screened before selection (leakage,
 * malformed text), and the selected ones become the candidate in the run's update mode —
 * applied as edits, or the skill rewritten, in which case the rewrite is screened too.
 */
import type { GuardRejection } from '../store/run-records';
import { guardRejection, screenEdits, type GuardContext } from './edit-guards';
import type { ProposedEdit } from './optimizer-replies';
import { mergedRewrite, rewriteFromSuggestions, type RewriteOutcome } from './skill-update-modes';
import { formatStepHistory } from './step-history';
import type { TrainingSession } from './training-session';
import { applySelectedEdits, rewrittenCandidate, type UpdateOutcome } from './update-stage';

/** The guards' context for edits to `skill`, from the run's settings. */
export function guardContext(session: TrainingSession, skill: string): GuardContext {
  return { skill, settings: session.config.guards, leakage: session.config.guards.leakage ? session.leakageIndex : undefined };
}

/** The merged edits the guards let through, and the rejected ones. */
export function screenMergedEdits(session: TrainingSession, skill: string, edits: readonly ProposedEdit[]): { kept: ProposedEdit[]; rejected: GuardRejection[] } {
  return screenEdits(edits, guardContext(session, skill));
}

export interface GuardedUpdate {
  update: UpdateOutcome;
  rewrite?: RewriteOutcome;
  /** Set when the guards rejected the rewritten skill: the candidate is the current skill. */
  rejected?: GuardRejection;
}

/** The selected edits applied, or the skill rewritten (and screened) in the run's update mode. */
export async function updateSkill(session: TrainingSession, skill: string, selected: ProposedEdit[]): Promise<GuardedUpdate> {
  const mode = session.config.skillUpdateMode;
  if (mode === 'patch') return { update: applySelectedEdits(skill, selected, { keepListsTight: session.config.keepListsTight }) };
  const rewrite =
    mode === 'full_rewrite_minibatch'
      ? mergedRewrite(skill, selected)
      : await rewriteFromSuggestions({ skill, suggestions: selected, stepHistory: formatStepHistory(session.state.stepHistory), optimizer: session.models.optimizer, signal: session.signal });
  const update = rewrittenCandidate(skill, rewrite.candidate);
  // A full rewrite was screened with the pool; one written from suggestions is new text.
  if (mode === 'rewrite_from_suggestions' && update.changed) {
    const rejected = guardRejection({ op: 'rewrite', content: rewrite.candidate, source: 'failure', reasoning: rewrite.changeSummary.join(' ') || undefined }, guardContext(session, skill));
    if (rejected) return { update: rewrittenCandidate(skill, skill), rewrite, rejected };
  }
  return { update, rewrite };
}
