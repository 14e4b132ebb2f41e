import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReviewDecision } from '../../../src/core/training';
import { editsInProposals, proposalCount } from '../../../src/vscode/review/review-text';
import { discardFixtureEditor, fixtureReviewRequest, openFixtureSkill, waitForReview } from '../support/review-fixture';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

// Two of the step's edits touch the same line, so they make one proposal: the person
// decides 2 proposals that carry 3 edits. Every count the review shows says which.
const OVERLAPPING_EDITS = [
  { op: 'replace', target: 'one line, in the past tense', content: 'one line, in the present tense', source: 'failure' as const, support: 2 },
  { op: 'replace', target: 'Keep each entry to one line', content: 'Keep each entry to a single line', source: 'failure' as const, support: 1 },
  { op: 'delete', target: 'Avoid internal ticket numbers and code names.\n', source: 'success' as const, support: 1 },
];

describe('counting proposals and the edits they carry', () => {
  it('words proposals (what is decided) apart from edits', () => {
    assert.equal(proposalCount([{ editIndices: [0] }]), '1 proposal');
    assert.equal(proposalCount([{ editIndices: [0] }, { editIndices: [1] }]), '2 proposals');
    assert.equal(proposalCount([{ editIndices: [0, 1, 3] }, { editIndices: [2] }]), '2 proposals (4 edits)');
    assert.equal(editsInProposals([{ editIndices: [0] }, { editIndices: [1] }]), '2 edits');
    assert.equal(editsInProposals([{ editIndices: [0, 1, 3] }, { editIndices: [2] }]), '4 edits in 2 proposals');
    assert.equal(editsInProposals([{ editIndices: [0, 1] }]), '2 edits in 1 proposal');
  });

  it('the CodeLens count proposals and say how many edits they carry', async () => {
    await skillTrainerExtension().activate();
    const editor = await openFixtureSkill();
    const uri = editor.document.uri;
    const request = fixtureReviewRequest({
      selectedEdits: OVERLAPPING_EDITS,
      applyReport: OVERLAPPING_EDITS.map((edit, index) => ({ index: index + 1, op: edit.op, status: 'applied' as const })),
    });
    const decision = vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', request, { skillUri: uri });
    try {
      const snapshot = await waitForReview(uri, 'the review to start');
      assert.deepEqual(snapshot.hunks.map((hunk) => [...hunk.editIndices]), [[0, 1], [2]]);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
      const acceptAll = lenses.find((lens) => lens.command?.command === 'skillTrainer.acceptAllEdits')?.command;
      const rejectAll = lenses.find((lens) => lens.command?.command === 'skillTrainer.rejectAllEdits')?.command;
      assert.equal(acceptAll?.title, '$(check-all) Accept All (2)');
      assert.match(acceptAll?.tooltip ?? '', /^Keep the undecided 2 proposals \(3 edits\) as they stand in the editor/);
      assert.equal(rejectAll?.title, '$(close-all) Reject All (2)');
      assert.match(rejectAll?.tooltip ?? '', /^Put the original text back over the undecided 2 proposals \(3 edits\)/);
      assert.ok(lenses.some((lens) => lens.command?.title.startsWith('Edits 1 and 2: replace')), lenses.map((lens) => lens.command?.title).join(' | '));
    } finally {
      await discardFixtureEditor(editor);
    }
    assert.deepEqual((await decision).acceptedEdits, []);
  });
});
