import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSkill, serializeSkill } from '../../../src/core/skill';
import { readSkillFixture, skillFixtureNames } from './skill-fixtures';

test('every fixture survives parse then serialize byte for byte', () => {
  const names = skillFixtureNames();
  assert.ok(names.length >= 8, `expected the fixture skills, found ${names.join(', ')}`);
  for (const name of names) {
    const text = readSkillFixture(name);
    assert.equal(serializeSkill(parseSkill(text)), text, name);
  }
});

test('the fixtures really contain the awkward cases the round trip must survive', () => {
  const windows = readSkillFixture('windows-release-notes');
  assert.ok(windows.startsWith('\uFEFF---\r\n'), 'BOM and CRLF');
  assert.ok(!/[^\r]\n/.test(windows), 'CRLF only');
  assert.ok(!readSkillFixture('commit-message-writer').endsWith('\n'), 'no trailing newline');
  assert.match(readSkillFixture('pdf-form-filling'), /```markdown\n---\n/, '--- inside a code fence');
  assert.match(readSkillFixture('support-triage'), /<!-- APPENDIX_END -->/, 'protected regions');
  assert.match(readSkillFixture('messy-real-world'), /^\.\.\.$/m, '... terminator');
});

test('a typical skill splits into frontmatter data and body', () => {
  const document = parseSkill(readSkillFixture('pdf-form-filling'));
  assert.equal(document.bom, '');
  assert.equal(document.lineEnding, '\n');
  assert.equal(document.frontmatter?.open, '---\n');
  assert.equal(document.frontmatter?.close, '---\n');
  assert.equal(document.frontmatter?.firstLine, 2);
  assert.equal(document.frontmatter?.data?.name, 'pdf-form-filling');
  assert.equal(document.frontmatter?.data?.license, 'Complete terms in LICENSE.txt');
  assert.ok(document.body.startsWith('\n# PDF form filling\n'));
  assert.equal(document.bodyFirstLine, 6);
  assert.deepEqual(document.problems, []);
  // The fenced `---` lines in the body are body text, not a second frontmatter.
  assert.match(document.body, /full_name: applicant\.name/);
});

test('BOM, CRLF and delimiters are kept as written', () => {
  const document = parseSkill(readSkillFixture('windows-release-notes'));
  assert.equal(document.bom, '\uFEFF');
  assert.equal(document.lineEnding, '\r\n');
  assert.equal(document.frontmatter?.open, '---\r\n');
  assert.equal(document.frontmatter?.close, '---\r\n');
  assert.equal(document.frontmatter?.data?.compatibility, 'Needs the GitHub CLI (gh) and network access to github.com.');
});

test('comments, block scalars and lists in the frontmatter parse to plain data', () => {
  const data = parseSkill(readSkillFixture('commit-message-writer')).frontmatter?.data;
  assert.equal(data?.description, 'Write Conventional Commits messages from a staged diff. Use when the user says "commit this", asks for a commit message, or runs /commit-message-writer.\n');
  assert.deepEqual(data?.['allowed-tools'], ['Bash(git diff:*)', 'Bash(git status:*)', 'Read']);
  assert.equal(data?.model, 'sonnet');
  assert.deepEqual(data?.metadata, { author: 'platform-team', version: '2.1' });
});

test('a "..." line closes the frontmatter, as YAML allows', () => {
  const document = parseSkill(readSkillFixture('messy-real-world'));
  assert.equal(document.frontmatter?.close, '...\n');
  assert.equal(document.frontmatter?.data?.name, 'messy-real-world');
  assert.ok(document.body.startsWith('# Meeting notes'));
});

test('edge cases round trip exactly and split where expected', () => {
  const cases: Array<{ text: string; source?: string; body: string; close?: string }> = [
    { text: '', body: '' },
    { text: '\uFEFF', body: '' },
    { text: '# Title\n\nNo frontmatter.', body: '# Title\n\nNo frontmatter.' },
    { text: '---\n---\n', source: '', body: '', close: '---\n' },
    { text: '---\n---', source: '', body: '', close: '---' },
    { text: '---\nname: x\n---', source: 'name: x\n', body: '', close: '---' },
    { text: '---\r\nname: x\r\n---\r\nBody', source: 'name: x\r\n', body: 'Body', close: '---\r\n' },
    { text: '---  \nname: x\n---\t\nBody\n', source: 'name: x\n', body: 'Body\n', close: '---\t\n' },
    { text: '---\n# only a comment\n---\nBody\n', source: '# only a comment\n', body: 'Body\n', close: '---\n' },
    { text: '---\nname: x\n---\n---\nnot: frontmatter\n---\n', source: 'name: x\n', body: '---\nnot: frontmatter\n---\n', close: '---\n' },
    { text: '---\ndescription: |\n  ---\n  indented dashes stay in the block\n---\n', source: 'description: |\n  ---\n  indented dashes stay in the block\n', body: '', close: '---\n' },
  ];
  for (const { text, source, body, close } of cases) {
    const document = parseSkill(text);
    assert.equal(serializeSkill(document), text, JSON.stringify(text));
    assert.equal(document.body, body, JSON.stringify(text));
    assert.equal(document.frontmatter?.source, source, JSON.stringify(text));
    assert.equal(document.frontmatter?.close, close, JSON.stringify(text));
  }
});

test('empty and comment-only frontmatter parse to an empty mapping', () => {
  assert.deepEqual(parseSkill('---\n---\n').frontmatter?.data, {});
  assert.deepEqual(parseSkill('---\n# nothing yet\n---\n').frontmatter?.data, {});
});

test('an unclosed frontmatter leaves the whole text as body and says so on line 1', () => {
  const text = '---\nname: x\ndescription: y\n\n# Body\n';
  const document = parseSkill(text);
  assert.equal(document.frontmatter, undefined);
  assert.equal(document.body, text);
  assert.equal(serializeSkill(document), text);
  assert.equal(document.problems.length, 1);
  assert.equal(document.problems[0]?.line, 1);
  assert.match(document.problems[0]!.message, /never closed.*Add a line containing only `---`/);
});

test('a frontmatter after blank lines is not frontmatter, and the problem names its line', () => {
  const document = parseSkill('\n\n---\nname: x\n---\nBody\n');
  assert.equal(document.frontmatter, undefined);
  assert.match(document.problems[0]!.message, /starts on line 3.*Delete the blank lines/);
});

test('broken YAML still parses: data undefined, problem recorded with its file line', () => {
  const text = readSkillFixture('broken-yaml');
  const document = parseSkill(text);
  assert.equal(serializeSkill(document), text);
  assert.equal(document.frontmatter?.data, undefined);
  assert.equal(document.frontmatter?.source, 'name: broken-yaml\ndescription: Use this skill when: the user asks about YAML\n');
  assert.deepEqual(
    document.problems.map((problem) => [problem.severity, problem.line]),
    [['error', 3]],
  );
  assert.match(document.problems[0]!.message, /quotes/);
});

test('frontmatter that is a list, a plain string or an unresolved alias has no data', () => {
  for (const source of ['- a\n- b\n', 'just words\n', 'name: *missing\n']) {
    const document = parseSkill(`---\n${source}---\nBody\n`);
    assert.equal(document.frontmatter?.data, undefined, source);
    assert.equal(document.problems[0]?.severity, 'error', source);
    assert.equal(document.problems[0]?.line, 2, source);
  }
});

test('bodyFirstLine counts the frontmatter lines', () => {
  assert.equal(parseSkill('Body only\n').bodyFirstLine, 1);
  assert.equal(parseSkill('---\na: 1\nb: 2\n---\nBody\n').bodyFirstLine, 5);
  assert.equal(parseSkill('\uFEFF---\r\na: 1\r\n---\r\nBody\r\n').bodyFirstLine, 4);
});
