import * as assert from 'node:assert/strict';
import { clipAtWord } from '../../../src/vscode/clip-at-word';

// Checkpoint hovers cut edits at 100 characters mid-word ("…the migra…"); they cut at a word now.
describe('clipping a line at a word', () => {
  it('cuts at the last word that fits, without trailing punctuation, and never mid-word', () => {
    const edit = 'Put breaking changes first, under a **Breaking** heading, with the migration step each one needs for existing users.';
    const clipped = clipAtWord(edit, 100);
    assert.ok(clipped.length <= 100, clipped);
    assert.equal(clipped, 'Put breaking changes first, under a **Breaking** heading, with the migration step each one needs…');
    assert.ok(edit.startsWith(clipped.slice(0, -1)));
  });

  it('keeps short text, flattens whitespace, and cuts a single overlong word where it must', () => {
    assert.equal(clipAtWord('  short\n text ', 100), 'short text');
    assert.equal(clipAtWord('x'.repeat(30), 10), `${'x'.repeat(9)}…`);
  });
});
