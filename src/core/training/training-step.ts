/**
 * One training step: rollout → reflect → aggregate → select → update → gate (→ review),
 * then the step's checkpoint, records and state. Runs as one unit of work.
 */
import { checkpointFileName } from '../store/run-store';
import type { StoredEdit, TrainingStepRecord } from '../store/run-records';
import { aggregatePatches } from './aggregate-stage';
import { scheduleBudget } from './edit-budget-scheduler';
import { describeGateEvidence } from './gate-rule';
import { gateCandidate, isAccepted } from './gate-stage';
import type { ProposedEdit } from './optimizer-replies';
import { applyReview } from './review-gate';
import { selectEdits } from './select-stage';
import { addAppendixNotes } from './appendix-notes';
import { decideEditCount } from './edit-count-decision';
import type { MinibatchPatch } from './reflect-stage';
import { rolloutAndReflect } from './step-rollout';
import { failurePatterns, formatStepHistory } from './step-history';
import type { TrainingSession } from './training-session';
import type { TrainingStage } from './training-events';
import { screenMergedEdits, updateSkill } from './guarded-update';
import { meanScores } from './rollout-stage';

function stored(edit: ProposedEdit): StoredEdit {
  return {
    op: edit.op,
    ...(edit.target ? { target: edit.target } : {}),
    content: edit.content,
    source: edit.source,
    support: edit.support,
    ...(edit.reasoning ? { reasoning: edit.reasoning } : {}),
  };
}

/**
 * Skill-aware reflection: this step's execution-lapse notes go into the appendix of the
 * current skill after the gate, as in SkillOpt (ungated, like the slow update).
 */
async function updateAppendix(session: TrainingSession, record: TrainingStepRecord, patches: readonly MinibatchPatch[]): Promise<void> {
  const { state, config } = session;
  const notes = patches
    .filter((patch) => patch.source === 'failure' || config.skillAwareReflection.appendixSource === 'both')
    .flatMap((patch) => patch.appendixNotes ?? []);
  if (notes.length === 0) return;
  const update = await addAppendixNotes({ skill: state.currentSkill, notes, consolidateThreshold: config.skillAwareReflection.consolidateThreshold, optimizer: session.models.optimizer, signal: session.signal });
  record.appendix = { notes: update.notes, added: update.added, total: update.total, ...(update.consolidatedFrom !== undefined ? { consolidatedFrom: update.consolidatedFrom } : {}) };
  if (update.skill === state.currentSkill) return;
  state.currentSkill = update.skill;
  // The current score was measured before the notes were added.
  state.currentScoreUnvalidated = true;
}

export async function runTrainingStep(session: TrainingSession, epoch: number, stepInEpoch: number): Promise<void> {
  const { state, config } = session;
  const step = state.globalStep + 1;
  const started = Date.now();
  session.journal.beginUnit(`step-${step}`);
  const scheduled = scheduleBudget({ mode: config.learningRate.scheduler, max: config.learningRate.max, min: config.learningRate.min, totalSteps: session.totalSteps }, step);
  // As in SkillOpt, every analyst is told the constant learning rate (also under the
  // autonomous scheduler); the schedule applies only when ranking selects the edits.
  const analystBudget = config.learningRate.max;
  session.emit({ type: 'step_started', epoch, step, totalSteps: session.totalSteps, budget: Number.isFinite(scheduled) ? scheduled : null });
  let stageStart = Date.now();
  const stage = (name: TrainingStage) => {
    session.emit({ type: 'stage_started', stage: name, epoch, step });
    stageStart = Date.now();
  };
  const endStage = (name: string) => session.accounting.time(name, Date.now() - stageStart);
  const currentSkill = state.currentSkill;
  const scoreBefore = state.currentScore;

  stage('rollout');
  const { results, batches, patches } = await rolloutAndReflect(session, {
    epoch,
    stepInEpoch,
    step,
    analystBudget,
    toStored: stored,
    onStage: (name) => {
      endStage('rollout');
      stage(name);
    },
  });
  endStage('reflect');
  for (const patch of patches.filter((candidate) => candidate.unparsable)) {
    session.emit({ type: 'warning', message: `Step ${step}: the ${patch.source} analyst's reply for minibatch ${patch.minibatch + 1} could not be parsed and was skipped (${patch.unparsable}).` });
  }
  const failurePatches = patches.filter((patch) => patch.source === 'failure' && patch.edits.length > 0).map((patch) => patch.edits);
  const successPatches = patches.filter((patch) => patch.source === 'success' && patch.edits.length > 0).map((patch) => patch.edits);
  const proposed = [...failurePatches, ...successPatches].reduce((sum, edits) => sum + edits.length, 0);

  stage('aggregate');
  const aggregate = await aggregatePatches({
    skill: currentSkill,
    failurePatches,
    successPatches,
    groupSize: config.mergeGroupSize,
    concurrency: config.reflectConcurrency,
    metaSkill: state.metaSkill,
    updateMode: config.skillUpdateMode,
    optimizer: session.models.optimizer,
    signal: session.signal,
  });
  endStage('merge');
  session.emit({ type: 'edits_merged', step, proposed, merged: aggregate.edits.length, fallback: aggregate.fallbacks > 0 });
  // The guards screen the pool before selection, so the budget goes to edits that can be kept.
  const screened = screenMergedEdits(session, currentSkill, aggregate.edits);
  const guardRejections = [...screened.rejected];

  stage('select');
  // Whole-skill candidates skip the budget and the ranking, as in SkillOpt.
  const fullRewrite = config.skillUpdateMode === 'full_rewrite_minibatch';
  // Autonomous control: the optimizer sets this step's edit count, and ranking keeps that many.
  const decision =
    config.learningRate.control === 'autonomous' && screened.kept.length > 0 && !fullRewrite
      ? await decideEditCount({ skill: currentSkill, edits: screened.kept, train: { ...meanScores(results), count: results.length }, stepHistory: formatStepHistory(state.stepHistory), metaSkill: state.metaSkill, optimizer: session.models.optimizer, signal: session.signal })
      : undefined;
  const budget = fullRewrite ? Infinity : decision ? decision.count : scheduled;
  const selection = await selectEdits({ skill: currentSkill, edits: screened.kept, budget, metaSkill: state.metaSkill, optimizer: session.models.optimizer, signal: session.signal });
  endStage('rank');
  const selectedEdits = selection.selected.map(stored);
  session.emit({ type: 'edits_selected', step, budget: Number.isFinite(budget) ? budget : null, merged: aggregate.edits.length, selected: selectedEdits, ranked: selection.ranked, fallback: selection.fallback });

  stage('update');
  const { update, rewrite, rejected: rewriteRejected } = await updateSkill(session, currentSkill, selection.selected);
  endStage('update');
  if (rewriteRejected) guardRejections.push(rewriteRejected);
  if (guardRejections.length > 0) session.emit({ type: 'edits_guarded', step, rejections: guardRejections });
  session.emit({ type: 'candidate_applied', step, applyReport: update.applyReport, candidateHash: update.candidateHash, changed: update.changed });
  session.checkpointSafePoint();

  const record: TrainingStepRecord = {
    kind: 'step',
    step,
    epoch,
    budget: Number.isFinite(budget) ? budget : null,
    analystBudget,
    ...(decision ? { editCountDecision: decision } : {}),
    train: { ...meanScores(results), count: results.length },
    ...(batches.length > 0 ? { accumulationBatches: batches } : {}),
    ...(rewrite ? { rewrite: { changeSummary: rewrite.changeSummary, ...(rewrite.failed ? { failed: rewrite.failed } : {}) } } : {}),
    patches: { failure: failurePatches.length, success: successPatches.length, unparsable: patches.filter((patch) => patch.unparsable).length },
    editsProposed: proposed,
    editsMerged: aggregate.edits.length,
    ...(guardRejections.length > 0 ? { guardRejections } : {}),
    selectedEdits,
    applyReport: update.applyReport.map((report) => ({ ...report })),
    scoreBefore,
    ...(state.currentScoreUnvalidated ? { scoreBeforeUnvalidated: true } : {}),
    currentScore: scoreBefore,
    bestScore: state.bestScore,
    bestStep: state.bestStep,
    action: 'skip_no_edits',
    usage: {},
    wallMs: 0,
    at: '',
  };

  // Every merged edit, or the rewrite, stopped by a guard: nothing reaches the gate.
  const guarded = rewriteRejected !== undefined || (aggregate.edits.length > 0 && screened.kept.length === 0);
  if (guarded) record.action = 'skip_guarded';
  else if (selection.selected.length > 0 && !update.changed) record.action = 'skip_unchanged';
  if (update.changed) {
    stage('gate');
    const validate = (text: string, hash: string) => session.validate(text, hash, epoch, step);
    const currentTasks = session.currentTaskScores();
    const gate = await gateCandidate({ candidate: update.candidate, candidateHash: update.candidateHash, currentScore: state.currentScore, currentTasks, bestScore: state.bestScore, gate: config.gate, validate });
    endStage('validation');
    record.validation = gate.scores;
    record.candidateGateScore = gate.candidateScore;
    record.gate = gate.evidence;
    record.candidateHash = update.candidateHash;
    let action = gate.action;
    let acceptedSkill = update.candidate;
    let acceptedScore = gate.candidateScore;
    if (config.gate.mode === 'review' && session.review) {
      stage('review');
      const request = {
        runId: session.run.id,
        epoch,
        step,
        currentSkill,
        candidateSkill: update.candidate,
        selectedEdits,
        applyReport: update.applyReport,
        keepListsTight: config.keepListsTight,
        gateVerdict: gate.verdict,
        metric: config.gate.metric,
        scores: { current: state.currentScore, best: state.bestScore, candidate: gate.scores, candidateScore: gate.candidateScore },
      };
      const decision = await session.review(request, session.signal);
      const reviewed = await applyReview({ decision, request, selected: selection.selected, candidate: { text: update.candidate, scores: gate.scores, score: gate.candidateScore }, currentSkill, currentTasks, gate: config.gate, validate });
      action = reviewed.action;
      record.review = reviewed.review;
      if (reviewed.acceptedSkill !== undefined) {
        acceptedSkill = reviewed.acceptedSkill;
        acceptedScore = reviewed.acceptedScore!;
        if (acceptedSkill !== update.candidate) {
          await session.writeCheckpoint(checkpointFileName(step, 'reviewed'), acceptedSkill, { step, epoch, kind: 'candidate', parentHash: update.candidateHash, action, accepted: true, validation: reviewed.acceptedScores, gateScore: acceptedScore });
        }
      }
    }
    record.action = action;
    if (isAccepted(action)) session.adopt(acceptedSkill, acceptedScore, epoch, step);
    session.emit({
      type: 'gate_decision',
      step,
      verdict: config.gate.useGate ? gate.verdict : 'force_accept',
      action,
      candidate: gate.scores,
      candidateScore: gate.candidateScore,
      scoreBefore,
      ...(record.scoreBeforeUnvalidated ? { scoreBeforeUnvalidated: true } : {}),
      scoreAfter: state.currentScore,
      bestScore: state.bestScore,
      gate: gate.evidence,
      reviewed: record.review !== undefined,
      againstGate: record.review?.againstGate,
    });
  } else {
    session.emit({ type: 'gate_decision', step, verdict: 'skip_unchanged', action: record.action, scoreBefore, ...(record.scoreBeforeUnvalidated ? { scoreBeforeUnvalidated: true } : {}), scoreAfter: scoreBefore, bestScore: state.bestScore });
  }
  if (selection.selected.length > 0) {
    record.checkpoint = await session.writeCheckpoint(checkpointFileName(step), update.candidate, {
      step,
      epoch,
      kind: 'candidate',
      parentHash: undefined,
      action: record.action,
      accepted: isAccepted(record.action) && record.review?.subsetScores === undefined,
      validation: record.validation,
      gateScore: record.candidateGateScore,
      edits: selectedEdits,
      applyReport: record.applyReport,
    });
  }

  if (config.skillAwareReflection.enabled) await updateAppendix(session, record, patches);

  const rejected = !isAccepted(record.action) && selectedEdits.length > 0;
  state.stepHistory.push({
    step,
    action: record.action,
    total: results.length,
    failed: results.filter((result) => result.score.hard === 0).length,
    failurePatterns: failurePatterns(results),
    ...(rejected ? { rejectedEdits: selectedEdits, scoreBefore, scoreAfter: record.candidateGateScore, ...(record.gate && !record.gate.passed ? { gate: describeGateEvidence(record.gate) } : {}) } : {}),
    ...(guardRejections.length > 0 ? { guardedEdits: guardRejections.map((rejection) => ({ edit: rejection.edit, hint: rejection.hint })) } : {}),
  });
  record.currentScore = state.currentScore;
  record.bestScore = state.bestScore;
  record.bestStep = state.bestStep;
  record.usage = session.accounting.takeStages();
  record.wallMs = Date.now() - started;
  record.at = new Date().toISOString();
  state.globalStep = step;
  state.cursor = stepInEpoch + 1 >= session.stepsPerEpoch ? { phase: 'epoch_end', epoch } : { phase: 'step', epoch, stepInEpoch: stepInEpoch + 1 };
  await session.commit([record]);
}
