import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SkillFrontmatterError, parseSkill, serializeSkill, setFrontmatterField, setSkillBody } from '../../../src/core/skill';
import { readSkillFixture } from './skill-fixtures';

test('setSkillBody keeps BOM and frontmatter and writes the body with the document line ending', () => {
  const document = parseSkill(readSkillFixture('windows-release-notes'));
  const changed = serializeSkill(setSkillBody(document, '# New\n\nText.\n'));
  const head = readSkillFixture('windows-release-notes').split('\r\n---\r\n')[0] + '\r\n---\r\n';
  assert.equal(changed, `${head}# New\r\n\r\nText.\r\n`);
  assert.equal(serializeSkill(setSkillBody(parseSkill('---\na: 1\n---\nold'), 'x\r\ny')), '---\na: 1\n---\nx\ny');
});

test('setFrontmatterField replaces one value and leaves comments, quoting and order alone', () => {
  const text = readSkillFixture('commit-message-writer');
  const changed = serializeSkill(setFrontmatterField(parseSkill(text), 'model', 'haiku'));
  assert.equal(changed, text.replace('model: sonnet   # fast enough', 'model: haiku   # fast enough'));
});

test('setFrontmatterField replaces a block value, quoting when YAML needs it', () => {
  const text = readSkillFixture('commit-message-writer');
  const changed = setFrontmatterField(parseSkill(text), 'description', 'Write commit messages: short ones.');
  const source = changed.frontmatter!.source;
  assert.match(source, /^description: "Write commit messages: short ones."\nwhen_to_use:/m);
  assert.equal(changed.frontmatter?.data?.description, 'Write commit messages: short ones.');
  assert.equal(changed.body, parseSkill(text).body);
  assert.ok(source.startsWith('# Keep this in sync with the team handbook.\nname: commit-message-writer\n'));
});

test('setFrontmatterField adds a missing key at the end and removes a key with undefined', () => {
  const text = '---\nname: a\ndescription: d\nlicense:\n---\nBody\n';
  const added = serializeSkill(setFrontmatterField(parseSkill(text), 'metadata', { version: '2' }));
  assert.equal(added, '---\nname: a\ndescription: d\nlicense:\nmetadata:\n  version: "2"\n---\nBody\n');
  assert.equal(serializeSkill(setFrontmatterField(parseSkill(text), 'license', undefined)), '---\nname: a\ndescription: d\n---\nBody\n');
  assert.equal(serializeSkill(setFrontmatterField(parseSkill(text), 'license', 'MIT')), '---\nname: a\ndescription: d\nlicense: MIT\n---\nBody\n');
  assert.equal(serializeSkill(setFrontmatterField(parseSkill(text), 'absent', undefined)), text);
  const multiline = serializeSkill(setFrontmatterField(parseSkill(readSkillFixture('commit-message-writer')), 'metadata', undefined));
  assert.doesNotMatch(multiline, /metadata|platform-team/);
  assert.match(multiline, /model: sonnet {3}# fast enough for short diffs\n---\n# Commit/);
});

test('setFrontmatterField keeps CRLF and BOM, and creates a frontmatter when there is none', () => {
  const crlf = serializeSkill(setFrontmatterField(parseSkill(readSkillFixture('windows-release-notes')), 'license', 'MIT'));
  assert.match(crlf, /^\uFEFF---\r\n[\s\S]*compatibility: [^\r\n]*\r\nlicense: MIT\r\n---\r\n/);
  assert.ok(!/[^\r]\n/.test(crlf));
  assert.equal(serializeSkill(setFrontmatterField(parseSkill('\uFEFF# Title\r\n'), 'name', 'x')), '\uFEFF---\r\nname: x\r\n---\r\n# Title\r\n');
});

test('setFrontmatterField rewrites a one-line flow mapping through the yaml library', () => {
  const changed = setFrontmatterField(parseSkill('---\n{name: a, description: d}\n---\nBody\n'), 'name', 'b');
  assert.deepEqual(changed.frontmatter?.data, { name: 'b', description: 'd' });
  assert.equal(changed.body, 'Body\n');
});

test('setFrontmatterField refuses broken, non-mapping or unclosed frontmatter with a typed error', () => {
  for (const text of [readSkillFixture('broken-yaml'), '---\n- a\n---\n', '---\nname: x\nno close\n', '\n---\nname: x\n---\n']) {
    assert.throws(
      () => setFrontmatterField(parseSkill(text), 'name', 'y'),
      (error: unknown) => error instanceof SkillFrontmatterError && error.code === 'skill_frontmatter_invalid' && /Cannot set frontmatter field 'name'/.test(error.message),
      JSON.stringify(text),
    );
  }
});
