/**
 * Writes a finished two-step run through the core store API, shaped as the trainer
 * writes one in gate mode `review`: in step 1 the person kept one of the two edits (the
 * selection becomes a new best, the full candidate is not kept), step 2 is rejected,
 * and the final skill after the slow update scores 0.90 at the end and is promoted.
 * No `vscode` import.
 */
import { checkpointFileName, openRunStore, type StepRecord, type StoredEdit } from '../../../src/core/store';

const EDITS: StoredEdit[] = [
  { op: 'append', content: '- Wrap the body at 72 characters.', source: 'failure', support: 2 },
  { op: 'append', content: '- Reference the issue in the footer.', source: 'success', support: 1 },
];

/** Scores of the run, in the gate metric (hard). */
export const REVIEWED_FINAL_SCORES = { baseline: 0.4, candidate: 0.6, selection: 0.5, rejected: 0.45, final: 0.9 } as const;

/** Writes the run into `workspaceRoot`'s store; `startedAt` is its ISO start time. */
export async function writeReviewedFinalRun(options: { workspaceRoot: string; skillPath: string; baselineText: string; runId: string; startedAt: string }): Promise<void> {
  const scores = REVIEWED_FINAL_SCORES;
  const at = options.startedAt;
  const run = await openRunStore(options.workspaceRoot).createRun(
    {
      skillPath: options.skillPath,
      skillName: 'commit-messages',
      status: 'finished',
      startedAt: at,
      finishedAt: at,
      baselineScore: scores.baseline,
      bestValidationScore: scores.final,
      gateMetric: 'hard',
      costUsd: 0,
      stepsDone: 2,
      totalSteps: 2,
      models: { target: 'sim:demo', optimizer: 'sim:demo', judge: 'sim:demo' },
    },
    options.runId,
  );
  const base = options.baselineText.replace(/\n*$/, '\n');
  const candidate = `${base}${EDITS[0]!.content}\n${EDITS[1]!.content}\n`;
  const selection = `${base}${EDITS[1]!.content}\n`;
  const slowUpdated = `${selection}\n<!-- SLOW_UPDATE_START -->\n<!-- SLOW_UPDATE_END -->\n`;
  const rejected = `${slowUpdated}- Use past tense.\n`;
  const applyReport = EDITS.map((edit, index) => ({ index: index + 1, op: edit.op, status: 'applied' }));
  const meta = { createdAt: at };
  await run.writeCheckpoint(checkpointFileName(0), options.baselineText, { ...meta, step: 0, epoch: 0, kind: 'baseline', skillHash: 'h0', accepted: true, gateScore: scores.baseline });
  await run.writeCheckpoint(checkpointFileName(1, 'reviewed'), selection, { ...meta, step: 1, epoch: 1, kind: 'candidate', skillHash: 'h1r', parentHash: 'h1', action: 'accept_new_best', accepted: true, gateScore: scores.selection });
  await run.writeCheckpoint(checkpointFileName(1), candidate, { ...meta, step: 1, epoch: 1, kind: 'candidate', skillHash: 'h1', action: 'accept_new_best', accepted: false, gateScore: scores.candidate, edits: EDITS, applyReport });
  await run.writeCheckpoint(checkpointFileName(1, 'slow-update'), slowUpdated, { ...meta, step: 1, epoch: 1, kind: 'slow_update', skillHash: 'h1s', accepted: true });
  await run.writeCheckpoint(checkpointFileName(2), rejected, { ...meta, step: 2, epoch: 2, kind: 'candidate', skillHash: 'h2', action: 'reject', accepted: false, gateScore: scores.rejected });
  const step = (fields: { step: number; epoch: number; action: 'accept_new_best' | 'reject'; candidate: number; current: number; best: number; bestStep: number }) =>
    ({
      kind: 'step',
      step: fields.step,
      epoch: fields.epoch,
      budget: 2,
      train: { hard: 0.5, soft: 0.6, count: 4 },
      patches: { failure: 1, success: 1, unparsable: 0 },
      editsProposed: 2,
      editsMerged: 2,
      selectedEdits: EDITS,
      applyReport,
      validation: { hard: fields.candidate, soft: fields.candidate },
      candidateGateScore: fields.candidate,
      scoreBefore: fields.step === 1 ? scores.baseline : scores.selection,
      currentScore: fields.current,
      bestScore: fields.best,
      bestStep: fields.bestStep,
      action: fields.action,
      usage: {},
      wallMs: 1000,
      at,
    }) as const;
  const records: StepRecord[] = [
    { kind: 'baseline', step: 0, validation: { hard: scores.baseline, soft: 0.5 }, gateScore: scores.baseline, skillHash: 'h0', checkpoint: 'checkpoints/step-0000.md', at },
    {
      ...step({ step: 1, epoch: 1, action: 'accept_new_best', candidate: scores.candidate, current: scores.selection, best: scores.selection, bestStep: 1 }),
      review: { acceptedEdits: [1], gateVerdict: 'accept_new_best', againstGate: false, subsetScores: { hard: scores.selection, soft: 0.6 } },
    },
    { kind: 'epoch_end', epoch: 1, step: 1, slowUpdate: { action: 'inserted_empty_region' }, metaSkill: { action: 'written' }, currentScore: scores.selection, bestScore: scores.selection, checkpoint: 'checkpoints/step-0001-slow-update.md', at },
    { ...step({ step: 2, epoch: 2, action: 'reject', candidate: scores.rejected, current: scores.selection, best: scores.selection, bestStep: 1 }), review: { acceptedEdits: [], gateVerdict: 'reject', againstGate: false } },
    { kind: 'epoch_end', epoch: 2, step: 2, slowUpdate: { action: 'no_content' }, metaSkill: { action: 'written' }, currentScore: scores.selection, bestScore: scores.selection, at },
    { kind: 'final', step: 2, finalValidation: { hard: scores.final, soft: 0.95 }, finalScore: scores.final, promoted: true, bestStep: 2, bestScore: scores.final, at },
  ];
  await run.appendSteps(records);
}
