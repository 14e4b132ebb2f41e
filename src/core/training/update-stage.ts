/**
 * Stage 5, update: the selected edits are applied in order with the skill area's
 * `applyEdits` (SkillOpt's semantics, with the run's `keepListsTight` as the one
 * deliberate difference); the apply report says what happened to each.
 */
import { applyEdits } from '../skill/apply-edits';
import type { ApplyEditsOptions, EditReport } from '../skill/skill-edit';
import { skillContentHash } from '../skill/skill-content-hash';
import type { ProposedEdit } from './optimizer-replies';

export interface UpdateOutcome {
  candidate: string;
  candidateHash: string;
  applyReport: EditReport[];
  /** False when no edit changed the text (all skipped or no-ops). */
  changed: boolean;
}

export function applySelectedEdits(skill: string, edits: readonly ProposedEdit[], options: ApplyEditsOptions): UpdateOutcome {
  const { text, reports } = applyEdits(
    skill,
    edits.map((edit) => ({ op: edit.op, target: edit.target, content: edit.content })),
    options,
  );
  return { candidate: text, candidateHash: skillContentHash(text), applyReport: reports, changed: text !== skill };
}

/** A rewritten skill as a candidate (rewrite modes): no edits to report. */
export function rewrittenCandidate(skill: string, candidate: string): UpdateOutcome {
  return { candidate, candidateHash: skillContentHash(candidate), applyReport: [], changed: candidate !== skill };
}
