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
  REVIEW_EDITS,
  reviewSnapshot,
  typeAt,
  waitForReview,
} from '../support/review-fixture';
import { skillTrainerExtension, waitFor } from '../support/skill-trainer-extension';

// The inline review in a real editor: a step's edits are proposed in the buffer's
// decorations and CodeLens; the file changes only on Accept, as one undoable edit.
describe('inline review of proposed edits', () => {
  let editor: vscode.TextEditor;
  let decision: Thenable<ReviewDecision>;
  const uri = () => editor.document.uri;
  const accept = (hunkId: string) => vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.acceptEdit', { hunkId });
  const reject = (hunkId: string) => vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.rejectEdit', { hunkId });

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

  it('proposes each applicable edit with decorations and CodeLens, without touching the buffer', async () => {
    const snapshot = await waitForReview(uri(), 'the decorations to be drawn', (s) => s.rendered !== undefined);
    assert.deepEqual(
      snapshot.hunks.map((hunk) => [...hunk.editIndices]).sort(),
      [[0], [1], [2]],
      'one hunk per applicable edit',
    );
    assert.ok(snapshot.hunks.every((hunk) => hunk.state === 'pending'));
    assert.deepEqual(snapshot.unapplied, [{ index: 3, status: 'skipped_target_missing' }]);
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT, 'a proposal was written into the buffer');
    assert.equal(editor.document.isDirty, false);
    // Two struck ranges (the replaced words, the deleted line) and two ghosts (replacement, inserted lines).
    assert.equal(snapshot.rendered?.removedRanges, 2);
    assert.deepEqual(
      [...(snapshot.rendered?.ghostLabels ?? [])].sort(),
      ['present tense, and start it with a verb', '⏎ +2 lines: - Put breaking changes first, under…'].sort(),
    );

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    const titles = lenses.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.includes('$(check-all) Accept All (3)'), titles.join(' | '));
    assert.ok(titles.includes('$(close-all) Reject All (3)'), titles.join(' | '));
    assert.ok(titles.includes('$(diff) Open Step Diff'), titles.join(' | '));
    assert.ok(titles.some((title) => title.startsWith('Step 3 (epoch 1) · gate: accept · 50% → 56.3%')), titles.join(' | '));
    assert.ok(titles.includes('$(warning) 1 edit not applicable'), titles.join(' | '));
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

  it('Accept writes exactly that edit as one undoable edit, never saves, and undo brings the proposal back', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    const result = await accept(hunkOfEdit(snapshot, 0).id);
    assert.equal(result.done, true, result.message);
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[0]]).text);
    assert.equal(editor.document.isDirty, true);
    assert.equal(readFileSync(uri().fsPath, 'utf8'), REVIEW_BASE_TEXT, 'Accept saved the file');
    const afterAccept = await reviewSnapshot(uri());
    assert.equal(afterAccept && hunkOfEdit(afterAccept, 0).state, 'accepted');
    assert.ok(afterAccept?.hunks.filter((hunk) => hunk.state === 'pending').length === 2);

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT, 'one undo did not restore the text');
    await waitForReview(uri(), 'the undone hunk to be pending again', (s) => hunkOfEdit(s, 0).state === 'pending');
  });

  it('Reject leaves the buffer as it is, and the review ends with the bridge answering the accepted edits', async () => {
    let snapshot = await waitForReview(uri(), 'the review');
    assert.equal((await reject(hunkOfEdit(snapshot, 2).id)).done, true);
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
    assert.equal(editor.document.isDirty, false);
    snapshot = (await reviewSnapshot(uri()))!;
    assert.equal(hunkOfEdit(snapshot, 2).state, 'rejected');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    assert.ok(!lenses.some((lens) => (lens.command?.arguments?.[0] as { hunkId?: string } | undefined)?.hunkId === hunkOfEdit(snapshot, 2).id));
    // A second Reject on a decided hunk changes nothing and says so.
    assert.equal((await reject(hunkOfEdit(snapshot, 2).id)).done, false);

    assert.equal((await accept(hunkOfEdit(snapshot, 1).id)).done, true);
    assert.equal((await reject(hunkOfEdit(snapshot, 0).id)).done, true);
    assert.deepEqual(await decision, { acceptedEdits: [1] });
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[1]]).text);
    assert.equal(await reviewSnapshot(uri()), undefined, 'the review should end once every hunk is decided');
    const lensesAfter = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    assert.deepEqual(lensesAfter.filter((lens) => lens.command?.command.startsWith('skillTrainer.')), []);
  });

  it('typing outside a hunk shifts it; typing inside marks it edited and Accept keeps the person’s text', async () => {
    let snapshot = await waitForReview(uri(), 'the review');
    const before = hunkOfEdit(snapshot, 0).range;
    const deleted = hunkOfEdit(snapshot, 2).range;
    // Outside: a word added to the first body paragraph (above every hunk).
    const paragraph = editor.document.getText().indexOf('Write release notes');
    await typeAt(editor, paragraph, paragraph, 'Please ');
    snapshot = await waitForReview(uri(), 'the hunks to shift', (s) => hunkOfEdit(s, 0).range.start === before.start + 7);
    assert.ok(snapshot.hunks.every((hunk) => hunk.state === 'pending'), JSON.stringify(snapshot.hunks.map((h) => h.state)));
    assert.equal(hunkOfEdit(snapshot, 2).range.start, deleted.start + 7);

    // Inside: the person rewrites the words the replacement would remove.
    const range = hunkOfEdit(snapshot, 0).range;
    await typeAt(editor, range.start, range.start + 4, 'simple');
    snapshot = await waitForReview(uri(), 'the hunk to be marked edited', (s) => hunkOfEdit(s, 0).state === 'edited');
    const typed = editor.document.getText();
    const result = await accept(hunkOfEdit(snapshot, 0).id);
    assert.equal(result.done, false);
    assert.match(result.message ?? '', /Edit 1 was not applied: you changed the text it would replace/);
    assert.equal(editor.document.getText(), typed, 'Accept overwrote the person’s text');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri(), 100);
    assert.ok(lenses.some((lens) => lens.command?.title === '$(edit) Edit 1: edited by you — Keep Mine'));
    // The other hunks still apply where they now are.
    assert.equal((await accept(hunkOfEdit(snapshot, 2).id)).done, true);
    assert.ok(!editor.document.getText().includes('Avoid internal ticket numbers'));
    assert.ok(editor.document.getText().includes('Please Write release notes'));
    assert.ok(editor.document.getText().includes('in the simple tense'));
  });

  it('an edit whose target text is gone says it cannot apply and never overwrites', async () => {
    let snapshot = await waitForReview(uri(), 'the review');
    const text = editor.document.getText();
    const target = '- Group changes under Added, Changed, Fixed and Removed.';
    const at = text.indexOf(target);
    await typeAt(editor, at, at + target.length, '- Group changes by area.');
    snapshot = await waitForReview(uri(), 'the insert_after hunk to go stale', (s) => hunkOfEdit(s, 1).state === 'stale');
    const typed = editor.document.getText();
    const result = await accept(hunkOfEdit(snapshot, 1).id);
    assert.equal(result.done, false);
    assert.match(result.message ?? '', /Edit 2 can no longer be applied: the text it is anchored on changed/);
    assert.equal(editor.document.getText(), typed);
    // Undoing the person's change brings the proposal back.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    await waitForReview(uri(), 'the hunk to be pending again', (s) => hunkOfEdit(s, 1).state === 'pending');
  });

  it('Accept All writes every pending edit as one undoable edit', async () => {
    const result = await vscode.commands.executeCommand<{ accepted: number; keptYours: number }>('skillTrainer.acceptAllEdits', { uri: uri().toString() });
    assert.deepEqual(result, { accepted: 3, keptYours: 0 });
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, REVIEW_EDITS.slice(0, 3)).text);
    assert.deepEqual(await decision, { acceptedEdits: [0, 1, 2] });
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
  });

  it('Reject All answers the trainer with no edits', async () => {
    await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri().toString() });
    assert.deepEqual(await decision, { acceptedEdits: [] });
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
    assert.equal(await reviewSnapshot(uri()), undefined);
  });

  it('acts on the hunk at the cursor when called without an argument (keybindings, palette)', async () => {
    const snapshot = await waitForReview(uri(), 'the review');
    const hunk = hunkOfEdit(snapshot, 2);
    await vscode.window.showTextDocument(editor.document);
    editor.selection = new vscode.Selection(hunk.firstLine, 0, hunk.firstLine, 0);
    const result = await vscode.commands.executeCommand<HunkDecisionResult>('skillTrainer.acceptEdit');
    assert.equal(result.done, true, result.message);
    assert.equal(editor.document.getText(), applyEdits(REVIEW_BASE_TEXT, [REVIEW_EDITS[2]]).text);
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
    assert.equal(modified.getText(), applyEdits(REVIEW_BASE_TEXT, REVIEW_EDITS).text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a stopped run closes the review and the trainer hears it was cancelled', async () => {
    await vscode.commands.executeCommand('skillTrainer.rejectAllEdits', { uri: uri().toString() });
    await decision;
    const controller = new AbortController();
    const pending = vscode.commands.executeCommand<ReviewDecision>('skillTrainer.review.decide', fixtureReviewRequest(), {
      skillUri: uri(),
      signal: controller.signal,
    });
    await waitForReview(uri(), 'the second review');
    controller.abort();
    await assert.rejects(Promise.resolve(pending), (error: Error & { code?: string }) => error.code === 'aborted');
    assert.equal(await reviewSnapshot(uri()), undefined);
    assert.equal(editor.document.getText(), REVIEW_BASE_TEXT);
  });
});
