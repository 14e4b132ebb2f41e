import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skillContentHash, stripProtectedMarkers, suggestSkillName } from '../../../src/core/skill';
import { countLines, detectLineEnding, lineNumberAt, normalizeLineEndings } from '../../../src/core/skill/line-endings';
import { pythonRstrip, pythonStrip } from '../../../src/core/skill/python-whitespace';

test('detectLineEnding picks the majority, LF on ties and for single-line text', () => {
  assert.equal(detectLineEnding('a\r\nb\r\nc\n'), '\r\n');
  assert.equal(detectLineEnding('a\r\nb\n'), '\n');
  assert.equal(detectLineEnding('no break'), '\n');
  assert.equal(detectLineEnding('\r\n'), '\r\n');
});

test('normalizeLineEndings rewrites LF and CRLF but leaves lone CR', () => {
  assert.equal(normalizeLineEndings('a\nb\r\nc\rd', '\r\n'), 'a\r\nb\r\nc\rd');
  assert.equal(normalizeLineEndings('a\r\nb\n', '\n'), 'a\nb\n');
});

test('line numbers are 1-based and count LF', () => {
  assert.equal(lineNumberAt('a\nb\nc', 0), 1);
  assert.equal(lineNumberAt('a\nb\nc', 2), 2);
  assert.equal(lineNumberAt('a\r\nb', 3), 2);
  assert.equal(countLines(''), 1);
  assert.equal(countLines('a\n'), 2);
});

test('python whitespace trimming matches str.strip() / str.rstrip()', () => {
  // Values computed with CPython 3: repr(s.strip()).
  assert.equal(pythonStrip(' \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u2000\u3000x y\u2028\u2029 '), 'x y');
  assert.equal(pythonStrip('\ufeffx\ufeff'), '\ufeffx\ufeff');
  assert.equal(pythonStrip('\u200bx'), '\u200bx', 'zero-width space is not whitespace');
  assert.equal(pythonRstrip('  x \n\n'), '  x');
  assert.equal(pythonRstrip(' '.repeat(100000) + 'x'), ' '.repeat(100000) + 'x');
});

test('stripProtectedMarkers removes every marker, including ones formed by a removal', () => {
  assert.equal(stripProtectedMarkers('a<!-- SLOW_UPDATE_START -->b<!-- APPENDIX_END -->c'), 'abc');
  assert.equal(stripProtectedMarkers('<!-- APPENDIX_<!-- SLOW_UPDATE_END -->START -->x'), 'x');
  assert.equal(stripProtectedMarkers('<!-- OTHER -->'), '<!-- OTHER -->');
});

test('suggestSkillName turns any title into a valid name', () => {
  assert.equal(suggestSkillName('PDF Tools_v2'), 'pdf-tools-v2');
  assert.equal(suggestSkillName('--Café  Menü--'), 'cafe-menu');
  assert.equal(suggestSkillName('!!!'), 'my-skill');
  assert.ok(suggestSkillName('a-'.repeat(60)).length <= 64);
  assert.ok(!suggestSkillName('a-'.repeat(60)).endsWith('-'));
});

test('skillContentHash is the sha256 of the full text, BOM and line endings included', () => {
  assert.equal(skillContentHash(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  assert.equal(skillContentHash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.notEqual(skillContentHash('a\n'), skillContentHash('a\r\n'));
  assert.notEqual(skillContentHash('a'), skillContentHash('\uFEFFa'));
  assert.match(skillContentHash('é🙂'), /^[0-9a-f]{64}$/);
});
