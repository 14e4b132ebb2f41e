import * as assert from 'node:assert/strict';
import type { StepRecord } from '../../../src/core/store';
import { describeReviewedDecisions, reviewedDecisions, stoppedWhere } from '../../../src/vscode/run-end-summary';

const edit = { op: 'append', content: 'x' };
function step(stepNumber: number, selected: number, accepted: number[]): StepRecord {
  return { kind: 'step', step: stepNumber, epoch: 1, selectedEdits: Array.from({ length: selected }, () => edit), review: { acceptedEdits: accepted, gateVerdict: 'reject', againstGate: accepted.length > 0 } } as unknown as StepRecord;
}
function slowUpdate(accepted: boolean): StepRecord {
  return { kind: 'epoch_end', epoch: 2, step: 4, slowUpdate: { action: 'rewrote_region', review: { accepted } } } as unknown as StepRecord;
}

// In review mode the kept edits are in the editor when the run ends: the message says so,
// with what was rejected and how to undo, never "unchanged until you apply it".
describe('the end of a review-mode run, in words', () => {
  it('says which edits were kept and where they are, what was rejected, and how to undo', () => {
    const decisions = reviewedDecisions([step(1, 3, [0, 2]), step(2, 2, []), step(3, 2, [1]), slowUpdate(true), slowUpdate(false)]);
    assert.deepEqual(decisions, { editsProposed: 7, editsKept: 3, stepsWithKeptEdits: [1, 3], slowUpdatesProposed: 2, slowUpdatesKept: 1 });
    assert.equal(
      describeReviewedDecisions(decisions, false),
      "In review you kept 3 of 7 proposed edits (steps 1 and 3) and 1 of 2 slow updates; they are in your SKILL.md, not saved yet. You rejected the rest. Ctrl+Z in the editor takes them back out, or Restore Checkpoint on the run's Baseline row.",
    );
    assert.match(describeReviewedDecisions(decisions, true), /they are in your SKILL\.md, saved\./);
  });

  it('says the file is as it was when everything was rejected', () => {
    assert.equal(describeReviewedDecisions(reviewedDecisions([step(1, 2, []), slowUpdate(false)]), true), 'In review you rejected all 2 proposed edits and 1 slow update; your SKILL.md is as it was.');
    assert.equal(describeReviewedDecisions(reviewedDecisions([]), true), 'No step came to review.');
  });

  it('names where a stopped run stopped, never "after step 0"', () => {
    assert.equal(stoppedWhere(0, 8), 'before its first step finished');
    assert.equal(stoppedWhere(3, 8), 'after step 3 of 8');
  });
});
