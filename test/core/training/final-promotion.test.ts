import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readStepRecords } from '../../../src/core/store/run-reader';
import { readFile } from 'node:fs/promises';
import type { EpochEndRecord, FinalRecord, TrainingStepRecord } from '../../../src/core/store/run-records';
import type { SlowUpdateReviewRequest } from '../../../src/core/training/review-gate';
import type { TrainingEvent } from '../../../src/core/training/training-events';
import { runExample } from './sim-run-helpers';

// A person who rejects every step in gate mode review but keeps the slow updates: only
// the slow updates change the skill, and they are validated only at the end, where the
// final skill beats the baseline. The result, the event and the final record say so,
// so no front end reports the last (rejected) step as the best one.
test('when the final skill after the last slow update beats the best, the run says the best is the final skill', async () => {
  const events: TrainingEvent[] = [];
  const { result, workspace } = await runExample({
    config: { gate: { mode: 'review' } },
    input: { review: async (request) => ({ acceptedEdits: request.kind === 'slow_update' ? [0] : [] }), onEvent: (event) => events.push(event) },
  });
  assert.equal(result.status, 'finished');
  const records = await readStepRecords(workspace, result.runId);
  const steps = records.filter((record): record is TrainingStepRecord => record.kind === 'step');
  assert.ok(steps.every((step) => step.action === 'reject' || step.action.startsWith('skip')), steps.map((step) => step.action).join(', '));
  const final = records.at(-1) as FinalRecord;
  assert.equal(final.kind, 'final');
  assert.equal(final.promoted, true);
  assert.ok(final.finalScore !== undefined && final.finalScore > (result.baselineScore ?? 1), `final score ${final.finalScore}`);
  assert.equal(final.finalScore, final.finalValidation?.hard, 'the final score is in the gate metric (hard)');
  assert.equal(result.bestIsFinal, true);
  assert.equal(result.bestScore, final.finalScore);
  const finished = events.at(-1);
  assert.ok(finished?.type === 'run_finished');
  assert.equal(finished.bestIsFinal, true);
});

test('when a step’s skill stays the best, the final record keeps its gate score and the best is not the final skill', async () => {
  // Seed 1: a run whose last slow updates do not beat the best step (with 42 they do).
  const { result, workspace } = await runExample({ seed: 1 });
  const final = (await readStepRecords(workspace, result.runId)).at(-1) as FinalRecord;
  assert.equal(final.promoted, false);
  assert.equal(result.bestIsFinal, false);
  assert.equal(typeof final.finalScore, 'number');
  assert.ok(final.finalScore! <= result.bestScore);
});

test('in review mode each slow update from epoch 2 is asked about; rejected, the region keeps what it held', async () => {
  const slowUpdates: SlowUpdateReviewRequest[] = [];
  const { result, workspace, skillText } = await runExample({
    config: { gate: { mode: 'review' } },
    input: {
      review: async (request) => {
        if (request.kind !== 'slow_update') return { acceptedEdits: [] };
        slowUpdates.push(request);
        return { acceptedEdits: [] };
      },
    },
  });
  assert.equal(result.status, 'finished');
  assert.deepEqual(slowUpdates.map((request) => request.epoch), [2, 3, 4]);
  for (const request of slowUpdates) {
    assert.ok(request.guidance.length > 0, 'the request carries the new guidance');
    assert.equal(request.previousGuidance, '', 'nothing was kept, so the region stayed empty');
    assert.notEqual(request.candidateSkill, request.currentSkill);
    assert.ok(request.candidateSkill.includes(request.guidance.split('\n')[0]!));
    assert.ok(Object.values(request.categories).reduce((sum, count) => sum + count, 0) > 0);
  }
  const epochEnds = (await readStepRecords(workspace, result.runId)).filter((record): record is EpochEndRecord => record.kind === 'epoch_end');
  assert.deepEqual(epochEnds.map((record) => record.slowUpdate.review?.accepted), [undefined, false, false, false]);
  assert.deepEqual(epochEnds.map((record) => record.checkpoint !== undefined), [true, false, false, false], 'only epoch 1 (the empty region) changed the skill');
  // Every step and every slow update rejected: the best skill is still the baseline.
  assert.equal(await readFile(result.trainedSkillPath!, 'utf8'), skillText);
  assert.equal(result.bestIsFinal, false);
});
