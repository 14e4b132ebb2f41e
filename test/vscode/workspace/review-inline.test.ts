import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { applyEdits } from '../../../src/core/skill';
import type { ReviewDecision } from '../../../src/core/training';
import type { HunkDecisionResult } from '../../../src/vscode/review/review-manager';
import {
  discardFixtureEditor,
  fixtureReviewRequest,
  hunkOfEdit,
  openFixtureSkill,
  REVIEW_BASE_TEXT,
  REVIEW_EDIT_OPTIONS,
  REVIEW_EDITS,
  reviewSnapshot,
  typeAt,
  waitForReview,
} from '../support/review-fixture';
import { skillTrainerExtension, waitFor } from '../support/skill-trainer-extension';

/** The fixture with the step's three applicable edits: what the review writes into the buffer. */
const PROPOSED = applyEdits(REVIEW_BASE_TEXT, REVIEW_EDITS.slice(0, 3), REVIEW_EDIT_OPTIONS).text;

// The inline review in a real editor: a step's edits are written into the buffer in full
// (one undoable edit), highlighted, with the replaced text struck through; Accept keeps a
// proposal, Reject writes the base text back over it, exactly.
describe('inline review of proposed edits', () => {
  let editor: vscode.TextEditor;
  let decision: Thenable<ReviewDecision>;
  const uri = () => editor.document.uri;
  const accept = (hunkId: string) => vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.acceptEdit', { hunkId });
  const reject = (hunkId: string) => vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.rejectEdit', { hunkId });
  const lensTitles = async () =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100)).map((lens) => lens.command?.title ?? '');

  before(async () => {
    await skillTrainerExtension().activate();
  });

  beforeEach(async () => {
    editor = await openFixtureSkill();
    // The bridge the run controller uses in gate mode `review`, reached as a command.
    decision = vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', fixtureReviewRequest(), { skillUri: uri() });
    await waitForReview(uri(), 'the review to start');
  });

  afterEach(async () => {
    await discardFixtureEditor(editor);
  });

  it('writes every applicable proposal into the buffer in full, highlighted, the replaced text struck through, with CodeLens', async () => {
    const snapshot = await waitForReview(uri(), 'the decorations to be drawn', (s) => s.rendered !== undefined);
    assert.deepEqual(
      snapshot.hunks.map((hunk) => [...hunk.editIndices]).sort(),
      [[0], [1], [2]],
      'one hunk per applicable edit',
    );
    assert.ok(snapshot.hunks.every((hunk) => hunk.state === 'pending'));
    assert.deepEqual(snapshot.unapplied, [{ index: 3, status: 'skipped_target_missing' }]);
    assert.equal(editor.document.getText(), PROPOSED, 'the buffer should hold every proposal');
    // Each proposed line reads in full: both inserted bullets are real lines of the editor.
    assert.ok(editor.document.getText().includes('- Put breaking changes first, under a **Breaking** heading, with the migration step.\n- Leave out sections that would be empty.\n'));
    // Two whole proposed lines, one proposed phrase, and the two texts the proposals replace struck through.
    assert.equal(snapshot.rendered?.proposedLines, 2);
    assert.equal(snapshot.rendered?.proposedRanges, 1);
    assert.deepEqual([...(snapshot.rendered?.removedLabels ?? [])].sort(), ['Avoid internal ticket numbers and code names.', 'past tense'].sort());

    const titles = await lensTitles();
    assert.ok(titles.includes('$(check-all) Accept All (3)'), titles.join(' | '));
    assert.ok(titles.includes('$(close-all) Reject All (3)'), titles.join(' | '));
    assert.ok(titles.includes('$(diff) Open Step Diff'), titles.join(' | '));
    assert.ok(titles.some((title) => title.startsWith('Step 3 (epoch 1) · gate: accept · 50% → 56.3%')), titles.join(' | '));
    assert.ok(titles.includes('$(warning) 1 edit not applicable'), titles.join(' | '));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    const perHunk = lenses.filter((lens) => lens.command?.command === 'skillTrainer.acceptEdit');
    assert.deepEqual(
      perHunk.map((lens) => (lens.command?.arguments?.[0] as { hunkId: string }).hunkId).sort(),
      snapshot.hunks.map((hunk) => hunk.id).sort(),
      'an Accept lens per hunk, addressed by id',
    );
    const replaced = hunkOfEdit(snapshot, 0);
    const lensOfReplace = perHunk.find((lens) => (lens.command?.arguments?.[0] as { hunkId: string }).hunkId === replaced.id);
    assert.equal(lensOfReplace?.range.start.line, replaced.firstLine);
    assert.ok(titles.includes('Edit 1: replace · +1 −1 · failure analyst · support 3'), titles.join(' | '));
    // The top lens says what a save means while the proposals are in the text.
    const top = lenses.find((lens) => lens.command?.command === 'skillTrainer.acceptAllEdits');
    assert.match(top?.command?.tooltip ?? '', /a save \(auto-save too\) writes them as they stand/);
  });

  it('shows the reasoning, source, support and the gate in the hover', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    const hunk = hunkOfEdit(snapshot, 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri(), new vscode.Position(hunk.firstLine, 5));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /Edit 1 of 4/);
    assert.match(text, /Five of eight failing outputs mixed tenses/);
    assert.match(text, /failure analyst · support 3/);
    assert.match(text, /Validation gate: accept\.\*\* hard score 50% → 56\.3%/);
    assert.match(text, /\+ - Keep each entry to one line, in the present tense, and start it with a verb\./);
    assert.match(text, /command:skillTrainer\.acceptEdit/);
  });

  it('Accept keeps a proposal as it stands; Reject puts the base text back exactly, as one undoable edit; undo brings the proposal back', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    assert.equal((await accept(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.equal(editor.document.getText(), PROPOSED, 'Accept changed the text');
    const result = await reject(hunkOfEdit(snapshot, 1).id);
    assert.equal(result.done, true, result.message);
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[0], REVIEW_EDITS[2]], REVIEW_EDIT_OPTIONS).text);
    let after = (await reviewSnapshot(uri()))!;
    assert.deepEqual([hunkOfEdit(after, 0).state, hunkOfEdit(after, 1).state, hunkOfEdit(after, 2).state], ['accepted', 'rejected', 'pending']);
    // A second Reject on a decided hunk changes nothing and says so.
    assert.equal((await reject(hunkOfEdit(snapshot, 1).id)).done, false);

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), PROPOSED, 'one undo did not bring the rejected proposal back');
    after = await waitForReview(uri(), 'the rejected hunk to be pending again', (s) => hunkOfEdit(s, 1).state === 'pending');
    assert.equal(hunkOfEdit(after, 0).state, 'accepted', 'the undo of a Reject changed another decision');
  });

  it('once every proposal is decided the review ends, the bridge answers the accepted edits, and the buffer holds exactly them', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    assert.equal((await reject(hunkOfEdit(snapshot, 2).id)).done, true);
    assert.equal((await accept(hunkOfEdit(snapshot, 1).id)).done, true);
    assert.equal((await reject(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.deepEqual(await decision, { acceptedEdits: [1] });
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[1]], REVIEW_EDIT_OPTIONS).text);
    assert.equal(await reviewSnapshot(uri()), undefined, 'the review should end once every hunk is decided');
    const lensesAfter = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    assert.deepEqual(lensesAfter.filter((lens) => lens.command?.command.startsWith('skillTrainer.')), []);
  });

  it('typing outside a proposal shifts it; typing inside marks it changed, Accept keeps the person’s version', async () => {
    let snapshot = await waitForReview(uri(), 'the review');
    const before = hunkOfEdit(snapshot, 0).range;
    const deleted = hunkOfEdit(snapshot, 2).range;
    // Outside: a word added to the first body paragraph (above every hunk).
    const paragraph = editor.document.getText().indexOf('Write release notes');
    await typeAt(editor, paragraph, paragraph, 'Please ');
    snapshot = await waitForReview(uri(), 'the hunks to shift', (s) => hunkOfEdit(s, 0).range.start === before.start + 7);
    assert.ok(snapshot.hunks.every((hunk) => hunk.state === 'pending'), JSON.stringify(snapshot.hunks.map((h) => h.state)));
    assert.equal(hunkOfEdit(snapshot, 2).range.start, deleted.start + 7);

    // Inside: the person rewrites a word of the proposed text.
    const range = hunkOfEdit(snapshot, 0).range;
    await typeAt(editor, range.start, range.start + 'present'.length, 'simple');
    snapshot = await waitForReview(uri(), 'the hunk to be marked changed', (s) => hunkOfEdit(s, 0).state === 'edited');
    assert.ok((await lensTitles()).some((title) => title === '$(check) Accept Yours'));
    const typed = editor.document.getText();
    assert.equal((await accept(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.equal(editor.document.getText(), typed, 'Accept changed the person’s version');
    assert.ok(typed.includes('Please Write release notes') && typed.includes('in the simple tense, and start it with a verb'));
    // Reject of another proposal still lands where it now is.
    assert.equal((await reject(hunkOfEdit(snapshot, 2).id)).done, true);
    assert.ok(editor.document.getText().includes('Avoid internal ticket numbers and code names.\nLink each entry'));
  });

  it('Reject of a proposal the person changed puts the original text back, and one undo restores their version', async () => {
    let snapshot = await waitForReview(uri(), 'the review');
    const range = hunkOfEdit(snapshot, 0).range;
    await typeAt(editor, range.start, range.start + 'present'.length, 'simple');
    snapshot = await waitForReview(uri(), 'the hunk to be marked changed', (s) => hunkOfEdit(s, 0).state === 'edited');
    const typed = editor.document.getText();
    assert.equal((await reject(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.ok(editor.document.getText().includes('- Keep each entry to one line, in the past tense.'));
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), typed);
  });

  it('undoing the review’s first write takes the proposals out without deciding them; Put Back writes one again', async () => {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
    let snapshot = await waitForReview(uri(), 'every hunk to be withdrawn', (s) => s.hunks.every((hunk) => hunk.state === 'withdrawn'));
    assert.ok((await lensTitles()).includes('$(debug-restart) Put Back'));
    assert.equal((await accept(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[0]], REVIEW_EDIT_OPTIONS).text);
    snapshot = (await reviewSnapshot(uri()))!;
    assert.equal(hunkOfEdit(snapshot, 0).state, 'accepted');
    await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri().toString() });
    assert.deepEqual(await decision, { acceptedEdits: [0] });
  });

  it('Accept All keeps every proposal as it stands', async () => {
    const result = await vscode.commands.executeCommand<{ accepted: number; keptYours: number }>('skillTrainer.acceptAllEdits', { uri: uri().toString() });
    assert.deepEqual(result, { accepted: 3, keptYours: 0 });
    assert.equal(editor.document.getText(), PROPOSED);
    assert.deepEqual(await decision, { acceptedEdits: [0, 1, 2] });
  });

  it('Reject All answers the trainer with no edits and restores the base bytes, on disk too after a save during the review', async () => {
    // A save during the review writes the proposals as they stand (auto-save does the same).
    await editor.document.save();
    assert.equal(readFileSync(uri().fsPath, 'utf8'), PROPOSED);
    await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri().toString() });
    assert.deepEqual(await decision, { acceptedEdits: [] });
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
    assert.equal(await reviewSnapshot(uri()), undefined);
    await waitFor('the base bytes back on disk', () => readFileSync(uri().fsPath, 'utf8') === REVIEW_BASE_TEXT);
    assert.equal(editor.document.isDirty, false);
  });

  it('acts on the hunk at the cursor when called without an argument (keybindings, palette)', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    const hunk = hunkOfEdit(snapshot, 2);
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(hunk.firstLine, 0, hunk.firstLine, 0);
    const result = await vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.rejectEdit');
    assert.equal(result.done, true, result.message);
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, REVIEW_EDITS.slice(0, 2), REVIEW_EDIT_OPTIONS).text);
  });

  it('Open Step Diff shows the text as the review began beside every proposal applied', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('skillTrainer.openStepDiff', { uri: uri().toString() });
    assert.equal(opened, true);
    let diff: vscode.TabInputTextDiff | undefined;
    await waitFor('the step diff tab', () => {
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
      diff = tabs.map((tab) => tab.input).find((input): input is vscode.TabInputTextDiff => input instanceof vscode.TabInputTextDiff);
      return diff !== undefined;
    });
    assert.equal(diff!.original.scheme, 'skill-trainer-review');
    assert.ok(diff!.modified.path.endsWith('/SKILL.md'));
    const original = await vscode.workspace.openTextDocument(diff!.original);
    const modified = await vscode.workspace.openTextDocument(diff!.modified);
    assert.equal(original.getText(), REVIEW_BASE_TEXT);
    assert.equal(modified.getText(), applyEdits(REVIEW_BASE_TEXT, REVIEW_EDITS, REVIEW_EDIT_OPTIONS).text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a stopped run closes the review, takes its proposals back out (accepted ones too), and the trainer hears it was cancelled', async () => {
    await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri().toString() });
    await decision;
    const controller = new AbortController();
    const pending = vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', fixtureReviewRequest(), {
      skillUri: uri(),
      signal: controller.signal,
    });
    const snapshot = await waitForReview(uri(), 'the second review');
    assert.equal((await accept(hunkOfEdit(snapshot, 0).id)).done, true);
    controller.abort();
    await assert.rejects(Promise.resolve(pending), (error: Error & { code?: string }) => error.code === 'aborted');
    assert.equal(await reviewSnapshot(uri()), undefined);
    await waitFor('the proposals to be taken back out', () => editor.document.getText() === REVIEW_BASE_TEXT);
  });
});
