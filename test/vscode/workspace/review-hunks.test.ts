import * as assert from 'node:assert/strict';
import { applyEdits, type SkillEdit } from '../../../src/core/skill';
import { changedRegion, planHunks } from '../../../src/vscode/review/plan-hunks';
import { ReviewSession } from '../../../src/vscode/review/review-session';
import { applyReplacements, diffRegions, mapOffset } from '../../../src/vscode/review/text-regions';

// The hunk arithmetic behind the inline review (no editor needed): which text each edit
// changes, how overlapping edits merge, and how hunks follow the person's typing.
const BASE = [
  '---',
  'name: demo',
  'description: A demo skill.',
  '---',
  '# Demo',
  '',
  'Alpha line one.',
  'Beta line two.',
  '',
  '<!-- SLOW_UPDATE_START -->',
  'guide',
  '<!-- SLOW_UPDATE_END -->',
  '',
].join('\n');

function composed(base: string, edits: SkillEdit[]): string {
  return applyReplacements(base, planHunks(base, edits).hunks.flatMap((hunk) => hunk.parts));
}

describe('review hunks', () => {
  it('gives each edit on distinct text its own hunk, and together they equal applyEdits', () => {
    const edits = [
      { op: 'replace', target: 'Alpha', content: 'Gamma' },
      { op: 'insert_after', target: '# Demo', content: 'Delta' },
      { op: 'append', content: 'Closing words.' },
    ];
    const plan = planHunks(BASE, edits);
    assert.deepEqual(plan.hunks.map((hunk) => hunk.editIndices), [[0], [1], [2]]);
    assert.equal(composed(BASE, edits), applyEdits(BASE, edits).text);
    assert.equal(plan.hunks[0].originalText, 'Alpha');
    assert.equal(plan.hunks[0].proposedText, 'Gamma');
  });

  it('shows an insert into a tight list the way the run applied it (keepListsTight), else as SkillOpt does', () => {
    const base = '# Rules\n\n- one\n- two\n';
    const edits = [{ op: 'insert_after', target: '- one', content: '- one and a half' }];
    const tight = planHunks(base, edits, undefined, { keepListsTight: true });
    assert.equal(applyReplacements(base, tight.hunks.flatMap((hunk) => hunk.parts)), '# Rules\n\n- one\n- one and a half\n- two\n');
    assert.equal(composed(base, edits), '# Rules\n\n- one\n\n- one and a half\n- two\n');
  });

  it('merges edits on the same text into one hunk from a line diff', () => {
    const edits = [
      { op: 'replace', target: 'Alpha line one.', content: 'Alpha line uno.' },
      { op: 'replace', target: 'line uno', content: 'row one' },
    ];
    const plan = planHunks(BASE, edits);
    assert.equal(plan.hunks.length, 1);
    assert.deepEqual(plan.hunks[0].editIndices, [0, 1]);
    assert.equal(plan.hunks[0].proposedText, 'Alpha row one.\n');
    assert.equal(composed(BASE, edits), applyEdits(BASE, edits).text);
  });

  it('merges everything when an edit targets text another edit writes', () => {
    const edits = [
      { op: 'append', content: 'Fresh paragraph here.' },
      { op: 'replace', target: 'Fresh paragraph', content: 'New paragraph' },
      { op: 'replace', target: 'Alpha', content: 'Gamma' },
    ];
    const plan = planHunks(BASE, edits);
    assert.equal(plan.hunks.length, 1);
    assert.deepEqual(plan.hunks[0].editIndices, [0, 1, 2]);
    assert.equal(composed(BASE, edits), applyEdits(BASE, edits).text);
  });

  it('lists edits that change nothing: protected region, missing target, unknown op, trainer-skipped', () => {
    const edits = [
      { op: 'replace', target: 'guide', content: 'x' },
      { op: 'delete', target: 'nowhere' },
      { op: 'bogus', content: 'x' },
      { op: 'replace', target: 'Beta', content: 'Zeta' },
    ];
    const plan = planHunks(BASE, edits, [{ index: 4, status: 'skipped_target_missing' }]);
    assert.deepEqual(plan.hunks, []);
    assert.deepEqual(
      plan.unapplied.map((entry) => [entry.index, entry.status, entry.skippedByTrainer]),
      [
        [0, 'skipped_protected', false],
        [1, 'skipped_target_missing', false],
        [2, 'skipped_unknown_op', false],
        [3, 'skipped_target_missing', true],
      ],
    );
  });

  it('keeps a CRLF document CRLF and never splits a word', () => {
    const crlf = BASE.replace(/\n/g, '\r\n');
    const edits = [{ op: 'replace', target: 'Alpha line one.', content: 'Alpha line 1.' }];
    assert.equal(composed(crlf, edits), applyEdits(crlf, edits).text);
    const region = changedRegion('the importance', 'the imperative');
    assert.deepEqual(region, { start: 4, end: 14, text: 'imperative' });
  });

  it('maps offsets across the person’s changes', () => {
    const regions = diffRegions('abc def ghi', 'abc XX def ghi!');
    assert.equal(mapOffset(regions, 4, 'right'), 7);
    assert.equal(mapOffset(regions, 4, 'left'), 4);
    assert.equal(mapOffset(regions, 11, 'left'), 14);
  });

  it('starts with every proposal in the text; follows shifts, typing inside, Reject, its undo and a withdrawn proposal', () => {
    const edits = [
      { op: 'delete', target: 'Beta line two.\n' },
      { op: 'insert_after', target: '# Demo', content: 'Intro.' },
    ];
    const session = new ReviewSession({ id: 's', baseText: BASE, edits, step: { origin: 'stored' } });
    const [deletion, insertion] = [session.hunks.find((h) => h.editIndices[0] === 0)!, session.hunks.find((h) => h.editIndices[0] === 1)!];
    const shown = applyReplacements(BASE, session.initialReplacements());
    assert.equal(shown, applyEdits(BASE, edits).text, 'the first write shows every proposal');
    session.sync(shown, 1);
    assert.deepEqual([deletion.state, insertion.state], ['pending', 'pending']);

    // Typing above every hunk shifts them.
    let text = shown.replace('# Demo', '# Demo!');
    session.sync(text, 2);
    assert.deepEqual([deletion.state, insertion.state], ['pending', 'pending']);
    assert.equal(text.slice(session.rangeOf(insertion).start, session.rangeOf(insertion).end), '\nIntro.\n');

    // Typing inside a proposal marks it edited; Reject restores the base bytes of that hunk only.
    text = text.replace('Intro.', 'Intro, briefly.');
    session.sync(text, 3);
    assert.equal(insertion.state, 'edited');
    const beforeReject = text;
    text = applyReplacements(text, session.rejectReplacements(insertion.id));
    session.markRejected(insertion.id);
    session.sync(text, 4);
    assert.equal(text, applyEdits(BASE, [edits[0]]).text.replace('# Demo', '# Demo!'));
    assert.equal(insertion.state, 'rejected');
    // Undoing the Reject brings the proposal back, undecided.
    session.sync(beforeReject, 5);
    assert.equal(insertion.state, 'edited');
    assert.deepEqual(session.acceptedEditIndices(), []);

    // Accept keeps what stands: nothing to write.
    assert.deepEqual(session.acceptReplacements(deletion.id), []);
    session.markAccepted(deletion.id);
    // Undoing the first write takes every proposal out: undecided again, nothing decided by the undo.
    text = BASE.replace('# Demo', '# Demo!');
    session.sync(text, 6);
    assert.deepEqual([deletion.state, insertion.state], ['withdrawn', 'withdrawn']);
    assert.equal(session.isComplete, false);
    // Put Back writes it again, where it belongs.
    text = applyReplacements(text, session.acceptReplacements(deletion.id));
    session.markAccepted(deletion.id);
    session.sync(text, 7);
    assert.equal(text, applyEdits(BASE, [edits[0]]).text.replace('# Demo', '# Demo!'));
    assert.deepEqual(session.acceptedEditIndices(), [0]);
    assert.equal(session.decidedText(), applyEdits(BASE, [edits[0]]).text);
  });

  it('Reject of a proposal whose first word the person rewrote restores the base text exactly', () => {
    const edits = [{ op: 'replace', target: 'Alpha line one.', content: 'Alpha present line.' }];
    const session = new ReviewSession({ id: 'u', baseText: BASE, edits, step: { origin: 'stored' } });
    const [hunk] = session.hunks;
    let text = applyReplacements(BASE, session.initialReplacements());
    session.sync(text, 1);
    const range = session.rangeOf(hunk);
    assert.equal(text.slice(range.start, range.end), 'present line');
    text = text.slice(0, range.start) + 'simple' + text.slice(range.start + 'present'.length);
    session.sync(text, 2);
    assert.equal(hunk.state, 'edited');
    assert.equal(applyReplacements(text, session.rejectReplacements(hunk.id)), BASE);
  });

  it('refuses to put back a withdrawn proposal whose place the person rewrote', () => {
    const edits = [{ op: 'replace', target: 'Alpha line one.', content: 'Alpha line uno.' }];
    const session = new ReviewSession({ id: 't', baseText: BASE, edits, step: { origin: 'stored' } });
    const [hunk] = session.hunks;
    session.sync(BASE, 1);
    assert.equal(hunk.state, 'withdrawn');
    session.sync(BASE.replace('Alpha line one.', 'Alpha row one.'), 2);
    assert.equal(session.isBlocked(hunk), true);
    assert.throws(() => session.acceptReplacements(hunk.id), /cannot be put back: you changed the text it would replace/);
    assert.deepEqual(session.rejectReplacements(hunk.id), [], 'rejecting a withdrawn proposal writes nothing');
  });
});
