/**
 * The words a review shows: step titles, the gate's verdict with scores, an edit's
 * origin, why an edit does not apply. One place, so CodeLens, hover and messages agree.
 */
import { diffLines } from 'diff';
import type { ReviewHunk } from './review-session';
import { applyReplacements } from './text-regions';
import { SLOW_UPDATE_OP, type ReviewEdit, type ReviewGateInfo, type ReviewStepInfo, type UnappliedEdit } from './review-types';

/** "Step 4 (epoch 2)", or "Proposed edits" when the step is unknown. */
export function stepTitle(step: ReviewStepInfo): string {
  if (step.kind === 'slow_update') return `Slow update (end of epoch ${step.epoch ?? '?'})`;
  if (step.step === undefined) return 'Proposed edits';
  return `Step ${step.step}${step.epoch !== undefined ? ` (epoch ${step.epoch})` : ''}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * What the person decides, counted: proposals (hunks), each one Accept or Reject, with
 * the step's edits they carry when that differs ("2 proposals (4 edits)", "1 proposal").
 * The status bar, CodeLens and messages all count with this.
 */
export function proposalCount(hunks: readonly Pick<ReviewHunk, 'editIndices'>[]): string {
  const edits = hunks.reduce((sum, hunk) => sum + hunk.editIndices.length, 0);
  return edits === hunks.length ? plural(hunks.length, 'proposal') : `${plural(hunks.length, 'proposal')} (${plural(edits, 'edit')})`;
}

/** What a step proposes: "4 edits in 2 proposals", or "2 edits" when each edit is its own proposal. */
export function editsInProposals(hunks: readonly Pick<ReviewHunk, 'editIndices'>[]): string {
  const edits = hunks.reduce((sum, hunk) => sum + hunk.editIndices.length, 0);
  return edits === hunks.length ? plural(edits, 'edit') : `${plural(edits, 'edit')} in ${plural(hunks.length, 'proposal')}`;
}

/** A 0..1 score as a percentage with one decimal where it matters: "62.5%". */
export function formatScore(score: number): string {
  const percent = score * 100;
  return `${Number.isInteger(Math.round(percent * 10) / 10) ? Math.round(percent) : percent.toFixed(1)}%`;
}

const VERDICT_WORDS: Record<ReviewGateInfo['verdict'], string> = {
  accept_new_best: 'accept (new best)',
  accept: 'accept',
  reject: 'reject',
};

/** "gate: accept (new best) · 55% → 70%": the verdict and the validation score before → after. */
export function gateSummary(gate: ReviewGateInfo): string {
  return `gate: ${VERDICT_WORDS[gate.verdict]} · ${formatScore(gate.scoreBefore)} → ${formatScore(gate.candidateScore)}`;
}

/** The gate in full, for the hover (Markdown). */
export function gateDetails(gate: ReviewGateInfo): string {
  const verdict = VERDICT_WORDS[gate.verdict];
  const lines = [
    `**Validation gate: ${verdict}.** ${gate.metric} score ${formatScore(gate.scoreBefore)} → ${formatScore(gate.candidateScore)} with every edit of the step (best so far ${formatScore(gate.bestScore)}).`,
  ];
  if (gate.candidate) lines.push(`Candidate's validation means: hard ${formatScore(gate.candidate.hard)}, soft ${formatScore(gate.candidate.soft)}.`);
  lines.push(
    gate.verdict === 'reject'
      ? 'The gate would reject this step; you may still accept edits (recorded as against the gate).'
      : 'The gate would keep this step; you may still reject edits (recorded as against the gate).',
  );
  return lines.join('  \n');
}

/** An edit's operation as the review names it ("replace", "slow update guidance"). */
export function editOpLabel(edit: ReviewEdit): string {
  return edit.op === SLOW_UPDATE_OP ? 'slow update guidance' : edit.op;
}

/** "failure analyst · support 3" for one edit. */
export function editOrigin(edit: ReviewEdit): string {
  if (edit.op === SLOW_UPDATE_OP) return "optimizer's comparison of the epoch";
  const source = edit.source === 'success' ? 'success analyst' : edit.source === 'failure' ? 'failure analyst' : 'analyst';
  return `${source}${edit.support !== undefined ? ` · support ${edit.support}` : ''}`;
}

/** "+3 −1" line counts of a hunk. */
export function lineCounts(hunk: ReviewHunk): string {
  return `+${hunk.addedLines} −${hunk.removedLines}`;
}

const UNAPPLIED_REASONS: Record<UnappliedEdit['status'], string> = {
  applied: 'applies',
  applied_fallback_append: 'applies at the end',
  skipped_protected: 'its target is in a protected region or the frontmatter',
  skipped_target_missing: 'its target text is not in the file',
  skipped_unknown_op: 'its operation is unknown',
  no_change: 'it would not change the file',
};

/** Why an edit is not offered, addressed to the person. */
export function unappliedReason(entry: UnappliedEdit): string {
  return `${UNAPPLIED_REASONS[entry.status]}${entry.skippedByTrainer ? ' (the trainer skipped it too)' : ''}`;
}

/** One line per edit that does not apply: "Edit 3 (replace): its target text is not in the file". */
export function unappliedSummary(edits: readonly ReviewEdit[], unapplied: readonly UnappliedEdit[]): string[] {
  return unapplied.map((entry) => {
    const edit = edits[entry.index];
    return `Edit ${entry.index + 1} (${edit ? editOpLabel(edit) : '?'}): ${unappliedReason(entry)}`;
  });
}

/**
 * The whole lines a hunk changes, as a unified diff body ("-" removed, "+" added): the
 * ghost text shows one line, the hover shows this. At most `maxLines` lines.
 */
export function hunkLineDiff(baseText: string, hunk: Pick<ReviewHunk, 'span' | 'parts'>, maxLines: number): string {
  const start = baseText.lastIndexOf('\n', hunk.span.start - 1) + 1;
  const breakAfter = baseText.indexOf('\n', hunk.span.end);
  const end = breakAfter === -1 ? baseText.length : breakAfter + 1;
  const before = baseText.slice(start, end);
  const after = applyReplacements(before, hunk.parts.map((part) => ({ start: part.start - start, end: part.end - start, text: part.text })));
  const lines: string[] = [];
  for (const change of diffLines(before.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'))) {
    if (!change.added && !change.removed) continue;
    const mark = change.added ? '+' : '-';
    lines.push(...change.value.replace(/\n$/, '').split('\n').map((line) => `${mark} ${line}`));
  }
  if (lines.length <= maxLines) return lines.join('\n');
  return [...lines.slice(0, maxLines), `… ${lines.length - maxLines} more lines (Open Step Diff shows all)`].join('\n');
}

/**
 * What a save means during a review, said wherever the review explains itself (CodeLens
 * tooltips, hovers, the status bar): the proposals are text of the file until decided.
 */
export const SAVE_NOTE =
  'The proposals are in the file’s text while you review: a save (auto-save too) writes them as they stand. ' +
  'Reject puts the original text back; proposals still undecided when training stops are taken back out.';
