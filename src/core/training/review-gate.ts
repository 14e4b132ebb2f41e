/**
 * Gate mode `review`: after validation, a person decides which of the selected edits
 * to keep. All of them: the candidate is accepted (against the gate when it said
 * reject). None: rejected (against the gate when it said accept). Some: those edits are
 * applied to the current skill as a new candidate, which is validated before it counts;
 * it is accepted as the person's choice, recorded as against the gate when its own
 * verdict is reject. The epoch's slow update is reviewed too (`SlowUpdateReviewRequest`).
 */
import type { EditReport } from '../skill/skill-edit';
import type { GateMetric } from '../scoring/task-score';
import type { ReviewOutcome, ScorePair, StepAction, StoredEdit } from '../store/run-records';
import type { GateVerdict } from './gate-decision';
import type { TaskScores } from './gate-rule';
import { gateCandidate, type ValidateSkill } from './gate-stage';
import type { ProposedEdit } from './optimizer-replies';
import type { TrainingConfig } from './training-config';
import type { PairCategory } from './longitudinal-pairs';
import { applySelectedEdits } from './update-stage';

/** What the person is shown for a step. */
export interface StepReviewRequest {
  kind?: 'step';
  runId: string;
  epoch: number;
  step: number;
  currentSkill: string;
  candidateSkill: string;
  selectedEdits: StoredEdit[];
  applyReport: EditReport[];
  /** How the edits were applied (the run's `keepListsTight`): a review shows them, and keeps a subset, the same way. */
  keepListsTight: boolean;
  gateVerdict: GateVerdict;
  metric: GateMetric;
  scores: { current: number; best: number; candidate: ScorePair; candidateScore: number };
}

/**
 * The slow update at the end of an epoch (from epoch 2): new guidance for the protected
 * region, written from the comparison of the epoch's start and end skills. It has no
 * validation (SkillOpt applies it ungated; the final validation scores it), so the
 * person decides it alone: kept, or the region stays as it was.
 */
export interface SlowUpdateReviewRequest {
  kind: 'slow_update';
  runId: string;
  epoch: number;
  /** The global step the epoch ended on. */
  step: number;
  currentSkill: string;
  /** The current skill with the new guidance in its region. */
  candidateSkill: string;
  /** What the region held before ('' before the first slow update). */
  previousGuidance: string;
  guidance: string;
  /** The optimizer's judgement of the previous guidance. */
  verdict?: string;
  /** How the comparison tasks moved between the two skills. */
  categories: Record<PairCategory, number>;
}

export type ReviewRequest = StepReviewRequest | SlowUpdateReviewRequest;

/**
 * What the person answers: the 0-based indices of the selected edits to keep. A slow
 * update is one proposal, index 0: `[0]` keeps it, `[]` keeps the region as it was.
 */
export interface ReviewDecision {
  acceptedEdits: number[];
}

/** Injected by the UI (VS Code inline review) or a test; may take as long as the person needs. */
export type ReviewCallback = (request: ReviewRequest, signal?: AbortSignal) => Promise<ReviewDecision>;

export interface ReviewedStep {
  action: StepAction;
  review: ReviewOutcome;
  /** The skill that becomes current when accepted (the subset candidate when only some edits were kept). */
  acceptedSkill?: string;
  acceptedScores?: ScorePair;
  acceptedScore?: number;
}

export async function applyReview(options: {
  decision: ReviewDecision;
  request: StepReviewRequest;
  selected: ProposedEdit[];
  candidate: { text: string; scores: ScorePair; score: number };
  currentSkill: string;
  /** The current skill's per-task scores in the gate metric, for the gate's per-task rules. */
  currentTasks?: TaskScores;
  gate: TrainingConfig['gate'];
  validate: ValidateSkill;
}): Promise<ReviewedStep> {
  const { request, selected } = options;
  const kept = [...new Set(options.decision.acceptedEdits)].filter((index) => Number.isInteger(index) && index >= 0 && index < selected.length).sort((a, b) => a - b);
  const gateVerdict = request.gateVerdict;
  const newBest = (score: number) => (score > request.scores.best ? 'accept_new_best' : 'accept');
  if (kept.length === 0) {
    return { action: 'reject', review: { acceptedEdits: [], gateVerdict, againstGate: gateVerdict !== 'reject' } };
  }
  if (kept.length === selected.length) {
    return {
      action: newBest(options.candidate.score),
      review: { acceptedEdits: kept, gateVerdict, againstGate: gateVerdict === 'reject' },
      acceptedSkill: options.candidate.text,
      acceptedScores: options.candidate.scores,
      acceptedScore: options.candidate.score,
    };
  }
  const subset = applySelectedEdits(options.currentSkill, kept.map((index) => selected[index]), { keepListsTight: request.keepListsTight });
  if (!subset.changed) {
    return { action: 'reject', review: { acceptedEdits: kept, gateVerdict, againstGate: gateVerdict !== 'reject' } };
  }
  const outcome = await gateCandidate({
    candidate: subset.candidate,
    candidateHash: subset.candidateHash,
    currentScore: request.scores.current,
    currentTasks: options.currentTasks,
    bestScore: request.scores.best,
    gate: options.gate,
    validate: options.validate,
  });
  return {
    action: newBest(outcome.candidateScore),
    review: { acceptedEdits: kept, gateVerdict: outcome.verdict, againstGate: outcome.verdict === 'reject', subsetScores: outcome.scores },
    acceptedSkill: subset.candidate,
    acceptedScores: outcome.scores,
    acceptedScore: outcome.candidateScore,
  };
}
