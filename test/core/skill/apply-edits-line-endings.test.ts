import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, parseSkill, serializeSkill } from '../../../src/core/skill';
import { readSkillFixture } from './skill-fixtures';

/*
 * Models write edits with `\n`. In a CRLF skill Skill Trainer rewrites the line breaks of
 * target and content, and the separators it adds, to `\r\n`: the file stays pure CRLF and
 * a multi-line target quoted with `\n` still matches. On LF files this is SkillOpt exactly.
 */

test('a CRLF skill stays CRLF after every kind of edit', () => {
  const text = readSkillFixture('windows-release-notes');
  const { text: edited, reports } = applyEdits(text, [
    { op: 'append', content: 'Mention breaking changes first.\nThen the rest.' },
    { op: 'insert_after', target: '## Write\n', content: 'Use past tense.' },
    { op: 'replace', target: '- Group by label: Features, Fixes, Known issues.\n- One line per change', content: '- Group by label.\n- One line per change' },
    { op: 'delete', target: 'Do not promise dates.' },
  ]);
  assert.deepEqual(reports.map((report) => report.status), ['applied', 'applied', 'applied', 'applied']);
  assert.ok(!/[^\r]\n/.test(edited), 'no bare LF may appear');
  assert.ok(edited.startsWith('\uFEFF---\r\nname: windows-release-notes\r\n'), 'BOM and frontmatter kept');
  // The target ends with a line break, so the insertion follows the next line: the blank one.
  assert.ok(edited.includes('## Write\r\n\r\n\r\nUse past tense.\r\n- Group by label.\r\n- One line per change, written'));
  assert.ok(edited.endsWith('Keep the tone plain. \r\n\r\nMention breaking changes first.\r\nThen the rest.\r\n'));
});

test('CRLF insert_after lands after the full \\r\\n of the target line', () => {
  const { text } = applyEdits('a\r\nb\r\n', [{ op: 'insert_after', target: 'a', content: 'X' }]);
  assert.equal(text, 'a\r\n\r\nX\r\nb\r\n');
});

test('an LF skill turns CRLF in edit content into LF', () => {
  const { text } = applyEdits('a\n', [{ op: 'append', content: 'x\r\ny' }]);
  assert.equal(text, 'a\n\nx\ny\n');
});

test('a mixed file keeps its untouched line breaks byte for byte', () => {
  // Mostly CRLF, with one bare LF in a code block; only inserted text is normalised.
  const text = 'one\r\ntwo\r\ncode\nthree\r\n';
  const { text: edited } = applyEdits(text, [{ op: 'insert_after', target: 'one', content: 'new' }]);
  assert.equal(edited, 'one\r\n\r\nnew\r\ntwo\r\ncode\nthree\r\n');
});

test('after edits the document still round-trips and keeps its frontmatter', () => {
  const text = readSkillFixture('windows-release-notes');
  const { text: edited } = applyEdits(text, [{ op: 'append', content: 'Closing line.' }]);
  const document = parseSkill(edited);
  assert.equal(serializeSkill(document), edited);
  assert.equal(document.frontmatter?.source, parseSkill(text).frontmatter?.source);
  assert.equal(document.lineEnding, '\r\n');
});
