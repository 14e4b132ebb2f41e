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

  it('follows the buffer: shift, edited, undo of the typing, undo of an accept', () => {
    const edits = [
      { op: 'delete', target: 'Beta line two.\n' },
      { op: 'insert_after', target: '# Demo', content: 'Intro.' },
    ];
    const session = new ReviewSession({ id: 's', baseText: BASE, baseVersion: 1, edits, step: { origin: 'stored' } });
    const [deletion, insertion] = [session.hunks.find((h) => h.editIndices[0] === 0)!, session.hunks.find((h) => h.editIndices[0] === 1)!];

    let text = BASE.replace('Alpha', 'Alpha!');
    session.sync(text, 2);
    assert.equal(deletion.state, 'pending');
    assert.equal(session.rangeOf(deletion).start, deletion.span.start + 1);

    text = text.replace('Beta line', 'Beta row');
    session.sync(text, 3);
    assert.equal(deletion.state, 'edited');
    assert.throws(() => session.replacementsFor(deletion.id), /Edit 1 was not applied: you changed the text it would replace/);
    text = text.replace('Beta row', 'Beta line');
    session.sync(text, 4);
    assert.equal(deletion.state, 'pending');

    const beforeAccept = text;
    text = applyReplacements(text, session.replacementsFor(deletion.id));
    session.markAccepted(deletion.id);
    session.sync(text, 5);
    assert.equal(deletion.state, 'accepted');
    assert.equal(insertion.state, 'pending');
    assert.ok(!text.includes('Beta line two.'));
    session.sync(beforeAccept, 6);
    assert.equal(deletion.state, 'pending', 'undoing the accept should bring the proposal back');
    assert.deepEqual(session.acceptedEditIndices(), []);
  });
});
