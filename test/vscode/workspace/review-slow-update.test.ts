import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { readSlowUpdateRegion, replaceSlowUpdateRegion } from '../../../src/core/skill';
import type { ReviewDecision, SlowUpdateReviewRequest } from '../../../src/core/training';
import type { HunkDecisionResult } from '../../../src/vscode/review/review-manager';
import { discardFixtureEditor, openFixtureSkill, REVIEW_BASE_TEXT, reviewSnapshot, waitForReview } from '../support/review-fixture';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

const guidance = '- Name the component a change touches in the subject.\n- Keep the body to the why.';

function slowUpdateRequest(): SlowUpdateReviewRequest {
  return {
    kind: 'slow_update',
    runId: 'run-fixture',
    epoch: 2,
    step: 4,
    currentSkill: REVIEW_BASE_TEXT,
    candidateSkill: replaceSlowUpdateRegion(REVIEW_BASE_TEXT, guidance),
    previousGuidance: '',
    guidance,
    verdict: 'There was no guidance before.',
    categories: { improved: 3, regressed: 1, persistent_failure: 2, stable_success: 6 },
  };
}

// Gate mode review also asks about each epoch's slow update: one proposal that writes the
// new guidance into the protected region (added at the end of the body when missing).
describe('inline review of a slow update', () => {
  let editor: vscode.TextEditor;
  let decision: Thenable<ReviewDecision>;
  const uri = () => editor.document.uri;
  const decide = (command: 'skillTrainer.acceptEdit' | 'skillTrainer.rejectEdit', hunkId: string) =>
    vscode.commands.executeCommand<HunkDecisionResult>(command, { hunkId });

  before(async () => {
    await skillTrainerExtension().activate();
  });

  beforeEach(async () => {
    editor = await openFixtureSkill();
    decision = vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', slowUpdateRequest(), { skillUri: uri() });
    await waitForReview(uri(), 'the review to start');
  });

  afterEach(async () => {
    await discardFixtureEditor(editor);
  });

  it('shows one proposal titled as the slow update, with its reasoning, and Accept writes the region with the guidance', async () => {
    const snapshot = await waitForReview(uri(), 'the decorations to be drawn', (s) => s.rendered !== undefined);
    assert.equal(snapshot.hunks.length, 1);
    assert.deepEqual([...snapshot.hunks[0]!.editIndices], [0]);
    // The new region is in the buffer, every line of it highlighted: the guidance reads in full.
    assert.equal(editor.document.getText(), replaceSlowUpdateRegion(REVIEW_BASE_TEXT, guidance), 'the proposal should be in the buffer');
    assert.equal(snapshot.rendered?.proposedLines, snapshot.hunks[0]!.addedLines);
    assert.deepEqual([...(snapshot.rendered?.removedLabels ?? [])], []);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.some((title) => title.startsWith('Slow update (end of epoch 2)')), titles.join(' | '));
    assert.ok(titles.some((title) => /^Edit 1: slow update guidance · \+\d+ −0 · optimizer's comparison of the epoch$/.test(title)), titles.join(' | '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), editor.document.positionAt(snapshot.hunks[0]!.range.start));
    const hoverText = hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
    assert.match(hoverText, /3 improved, 1 regressed, 2 still failing, 6 still passing/);
    assert.match(hoverText, /Not validated on its own/);

    assert.equal((await decide('skillTrainer.acceptEdit', snapshot.hunks[0]!.id)).done, true);
    assert.deepEqual(await decision, { acceptedEdits: [0] });
    assert.equal(editor.document.getText(), replaceSlowUpdateRegion(REVIEW_BASE_TEXT, guidance));
    assert.equal(readSlowUpdateRegion(editor.document.getText()), guidance);
    assert.equal(await reviewSnapshot(uri()), undefined, 'the review ended');
  });

  it('Reject puts the file back as it was and answers that the region stays', async () => {
    const snapshot = await waitForReview(uri(), 'the proposal', (s) => s.hunks.length === 1);
    assert.equal((await decide('skillTrainer.rejectEdit', snapshot.hunks[0]!.id)).done, true);
    assert.deepEqual(await decision, { acceptedEdits: [] });
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
  });

  it('a file that already holds the guidance keeps it without asking', async () => {
    // Decide the open review first (beforeEach started one), then put the guidance in the file.
    const snapshot = await waitForReview(uri(), 'the proposal', (s) => s.hunks.length === 1);
    await decide('skillTrainer.acceptEdit', snapshot.hunks[0]!.id);
    assert.deepEqual(await decision, { acceptedEdits: [0] });
    const again = await vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', slowUpdateRequest(), { skillUri: uri() });
    assert.deepEqual(again, { acceptedEdits: [0] });
    assert.equal(await reviewSnapshot(uri()), undefined, 'no review was left open');
  });
});
