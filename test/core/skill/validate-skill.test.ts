import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSkill, type SkillProblem } from '../../../src/core/skill';
import { readSkillFixture } from './skill-fixtures';

/** `[severity, line, message]` triples, for compact expectations. */
function summary(problems: SkillProblem[]): Array<[string, number, string]> {
  return problems.map((problem) => [problem.severity, problem.line, problem.message]);
}

function skill(frontmatter: string, body = '# Steps\n\nDo the thing.\n'): string {
  return `---\n${frontmatter}---\n${body}`;
}

const valid = 'name: my-skill\ndescription: Does one thing. Use when the user asks for it.\n';

test('the clean fixtures have no problems when the folder matches', () => {
  for (const name of ['pdf-form-filling', 'commit-message-writer', 'windows-release-notes']) {
    assert.deepEqual(validateSkill(readSkillFixture(name), { folderName: name }), [], name);
  }
  assert.deepEqual(validateSkill(skill(valid)), []);
});

test('messy real-world frontmatter is read tolerantly: only warnings', () => {
  const problems = validateSkill(readSkillFixture('messy-real-world'), { folderName: 'messy-real-world' });
  assert.deepEqual(
    problems.map((problem) => [problem.severity, problem.line]),
    [
      ['warning', 6],
      ['warning', 8],
    ],
  );
  assert.match(problems[0]!.message, /Unknown frontmatter key `tags`.*metadata/);
  assert.match(problems[1]!.message, /`metadata.version` is a number.*quotes/);
});

test('missing, unclosed, late and broken frontmatter are errors on the right line', () => {
  const [missing] = validateSkill(readSkillFixture('plain-markdown'));
  assert.deepEqual([missing?.severity, missing?.line], ['error', 1]);
  assert.match(missing!.message, /no YAML frontmatter.*`---`/);

  assert.deepEqual(summary(validateSkill('---\nname: x\n')).map(([severity, line]) => [severity, line]), [['error', 1]]);
  assert.match(validateSkill('\n---\nname: x\n---\n')[0]!.message, /starts on line 2/);

  const broken = validateSkill(readSkillFixture('broken-yaml'), { folderName: 'broken-yaml' });
  assert.deepEqual(broken.map((problem) => [problem.severity, problem.line]), [['error', 3]]);
  assert.match(broken[0]!.message, /may not contain ": ".*quotes/);
});

test('a file broken with bare carriage returns (old Mac OS) is told to change its line breaks, not to add `---`', () => {
  const text = skill(valid).replace(/\n/g, '\r');
  const problems = validateSkill(text, { folderName: 'my-skill' });
  assert.deepEqual(problems.map((problem) => [problem.severity, problem.line]), [['error', 1]]);
  assert.match(problems[0]!.message, /bare carriage returns.*Save it with LF \(or CRLF\) line breaks/);
  assert.doesNotMatch(problems[0]!.message, /Start the file with/);
  // With a BOM too; CRLF files keep their frontmatter.
  assert.match(validateSkill(`\uFEFF${text}`)[0]!.message, /bare carriage returns/);
  assert.deepEqual(validateSkill(skill(valid).replace(/\n/g, '\r\n'), { folderName: 'my-skill' }), []);
});

test('YAML syntax errors name the line and the usual fix', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['name: a\ndescription: `backticks`\n', 3, /may not start with '`'.*quotes/],
    ['name: a\nname: b\ndescription: d\n', 3, /`name` appears more than once/],
    ['name: a\ndescription: "unclosed\n', 3, /Missing closing "quote.*Close the quote/],
    ['name: a\ndescription: [one,\n  two\n', 4, /must be sufficiently indented and end with a \]/],
  ];
  for (const [frontmatter, line, message] of cases) {
    const [first] = validateSkill(skill(frontmatter));
    assert.equal(first?.severity, 'error', frontmatter);
    assert.equal(first?.line, line, frontmatter);
    assert.match(first!.message, message);
  }
});

test('tab indentation is an error, but the fields are still checked', () => {
  const problems = validateSkill(skill('name: Tabbed\ndescription: d\nmetadata:\n\tversion: "1"\n'), { folderName: 'tabbed' });
  assert.deepEqual(
    problems.map((problem) => [problem.severity, problem.line]),
    [
      ['error', 2],
      ['error', 2],
      ['error', 5],
    ],
  );
  assert.match(problems[2]!.message, /tab/);
});

test('a frontmatter that is not a mapping is an error on its first line', () => {
  const [problem] = validateSkill(skill('- name\n- description\n'));
  assert.deepEqual([problem?.severity, problem?.line], ['error', 2]);
  assert.match(problem!.message, /must be a YAML mapping.*it is a list/);
});

test('name: required, text, 1-64 chars of a-z0-9-, no edge or double hyphens, equal to the folder', () => {
  const cases: Array<[string, RegExp]> = [
    ['description: d\n', /has no `name`/],
    ['name:\ndescription: d\n', /`name` must be text; it is empty/],
    ['name: 123\ndescription: d\n', /`name` must be text; it is a number/],
    ['name: ""\ndescription: d\n', /`name` is empty/],
    [`name: ${'a'.repeat(65)}\ndescription: d\n`, /65 characters long; the limit is 64/],
    ['name: PDF_Tools\ndescription: d\n', /must be lowercase.*'P'.*Use `pdf-tools`/],
    ['name: pdf tools!\ndescription: d\n', /only contain a–z, 0–9 and '-'; found ' ', '!'/],
    ['name: -pdf\ndescription: d\n', /may not start or end with '-'. Use `pdf`/],
    ['name: pdf-\ndescription: d\n', /may not start or end with '-'/],
    ['name: pdf--tools\ndescription: d\n', /may not contain '--'. Use `pdf-tools`/],
  ];
  for (const [frontmatter, message] of cases) {
    const errors = validateSkill(skill(frontmatter)).filter((problem) => problem.severity === 'error');
    assert.equal(errors.length, 1, `${frontmatter}: ${JSON.stringify(errors)}`);
    assert.match(errors[0]!.message, message);
    assert.equal(errors[0]!.line, frontmatter.startsWith('name') ? 2 : 1, frontmatter);
  }
  assert.deepEqual(validateSkill(skill(`name: ${'a'.repeat(64)}\ndescription: d\n`)), []);
  assert.deepEqual(validateSkill(skill('name: v2-api-3\ndescription: d\n'), { folderName: 'v2-api-3' }), []);

  const [mismatch] = validateSkill(skill(valid), { folderName: 'other-folder' });
  assert.deepEqual([mismatch?.severity, mismatch?.line], ['error', 2]);
  assert.match(mismatch!.message, /'my-skill' but the skill's folder is 'other-folder'.*`name: other-folder`/);
});

test('names with reserved words get a warning', () => {
  const [problem] = validateSkill(skill('name: claude-helper\ndescription: d\n'));
  assert.deepEqual([problem?.severity, problem?.line], ['warning', 2]);
  assert.match(problem!.message, /reserved word 'claude'/);
});

test('description: required, non-empty text of at most 1024 characters', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['name: a\n', 1, /has no `description`/],
    ['name: a\ndescription:\n', 3, /must be text; it is empty/],
    ['name: a\ndescription: "   "\n', 3, /`description` is empty/],
    ['name: a\ndescription: [Read, Write]\n', 3, /it is a list \(text starting with `\[` is read as a list: quote it\)/],
    [`name: a\ndescription: ${'é'.repeat(1025)}\n`, 3, /1025 characters long; the limit is 1024/],
  ];
  for (const [frontmatter, line, message] of cases) {
    const problems = validateSkill(skill(frontmatter));
    assert.equal(problems.length, 1, `${frontmatter}: ${JSON.stringify(problems)}`);
    assert.deepEqual([problems[0]!.severity, problems[0]!.line], ['error', line]);
    assert.match(problems[0]!.message, message);
  }
  // 1024 characters counted as code points, not UTF-16 units: 1024 emoji are fine.
  assert.deepEqual(validateSkill(skill(`name: a\ndescription: ${'🙂'.repeat(1024)}\n`)), []);
  // Folded and literal block descriptions are ordinary text.
  assert.deepEqual(validateSkill(skill('name: a\ndescription: >\n  Does a thing.\n  Use when asked.\n')), []);
  assert.deepEqual(validateSkill(skill("name: a\ndescription: 'Quoted: with colon'\n")), []);
});

test('descriptions with XML tags get a warning', () => {
  const [problem] = validateSkill(skill('name: a\ndescription: Use for <example>tasks</example>.\n'));
  assert.deepEqual([problem?.severity, problem?.line], ['warning', 3]);
  assert.match(problem!.message, /XML tag <example>/);
  assert.deepEqual(validateSkill(skill('name: a\ndescription: Use when a < b and c > d.\n')), []);
});

test('license and compatibility: optional text; compatibility at most 500 characters', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['license: 2024\n', 'error', 4, /`license` must be text; it is a number/],
    ['license:\n', 'warning', 4, /`license` is empty/],
    ['compatibility: [linux]\n', 'error', 4, /`compatibility` must be text; it is a list/],
    [`compatibility: ${'x'.repeat(501)}\n`, 'error', 4, /501 characters long; the limit is 500/],
    ["compatibility: ''\n", 'warning', 4, /`compatibility` is empty/],
  ];
  for (const [extra, severity, line, message] of cases) {
    const problems = validateSkill(skill(valid + extra));
    assert.equal(problems.length, 1, `${extra}: ${JSON.stringify(problems)}`);
    assert.deepEqual([problems[0]!.severity, problems[0]!.line], [severity, line], extra);
    assert.match(problems[0]!.message, message);
  }
  assert.deepEqual(validateSkill(skill(`${valid}license: Apache-2.0\ncompatibility: ${'x'.repeat(500)}\n`)), []);
});

test('metadata: a map of text; numbers, lists and nesting warn (other validators turn them into text), each on its own line', () => {
  const problems = validateSkill(skill(`${valid}metadata:\n  author: me\n  version: 1.0\n  beta: true\n  tags: [a, b]\n  owner:\n    team: x\n`));
  assert.deepEqual(summary(problems).map(([severity, line]) => [severity, line]), [
    ['warning', 6],
    ['warning', 7],
    ['warning', 8],
    ['warning', 9],
  ]);
  assert.match(problems[2]!.message, /`metadata.tags` is a list; the spec wants text values. Write it as one text value: `tags: "a, b"`/);
  assert.match(problems[3]!.message, /`metadata.owner` is a mapping; the spec wants a flat map of text values/);
  const [notMap] = validateSkill(skill(`${valid}metadata: v1\n`));
  assert.deepEqual([notMap?.severity, notMap?.line], ['error', 4]);
  assert.match(notMap!.message, /mapping of text keys to text values; it is text/);
});

test('allowed-tools: a string or a list of strings', () => {
  assert.deepEqual(validateSkill(skill(`${valid}allowed-tools: Read Grep Bash(git:*)\n`)), []);
  assert.deepEqual(validateSkill(skill(`${valid}allowed-tools: Read, Grep\n`)), []);
  assert.deepEqual(validateSkill(skill(`${valid}allowed-tools:\n  - Read\n  - Bash(npm test:*)\n`)), []);
  for (const value of ['3', '{read: true}', '[Read, 3]']) {
    const [problem] = validateSkill(skill(`${valid}allowed-tools: ${value}\n`));
    assert.deepEqual([problem?.severity, problem?.line], ['error', 4], value);
    assert.match(problem!.message, /space-separated string of tool names/);
  }
});

test("Claude Code's extra keys are accepted; wrong shapes are warnings with the fix", () => {
  const extras = [
    'argument-hint: "[issue-number]"',
    'disable-model-invocation: true',
    'user-invocable: false',
    'model: sonnet',
    'effort: high',
    'context: fork',
    'agent: Explore',
    'hooks:\n  PreToolUse: []',
    'version: 1.2.0',
    'when_to_use: After a deploy.',
    'paths: ["src/**/*.ts"]',
    'shell: bash',
    'arguments: [file, mode]',
    'disallowed-tools: AskUserQuestion',
  ].join('\n');
  assert.deepEqual(validateSkill(skill(`${valid}${extras}\n`)), []);

  const problems = validateSkill(skill(`${valid}argument-hint: [issue]\nuser-invocable: "false"\nhooks: yes\n`));
  assert.deepEqual(summary(problems).map(([severity, line]) => [severity, line]), [
    ['warning', 4],
    ['warning', 5],
    ['warning', 6],
  ]);
  assert.match(problems[0]!.message, /read as a list.*`argument-hint: "\[issue\]"`/);
  assert.match(problems[1]!.message, /the text "false".*Remove the quotes/);
  assert.match(problems[2]!.message, /expects `hooks` to be a mapping; it is text/);
});

test('unknown keys are warnings, with a suggestion for near misses', () => {
  const problems = validateSkill(skill(`${valid}allowed_tools: Read\nDescripton: x\nowner: team-a\n`));
  assert.deepEqual(summary(problems).map(([severity, line]) => [severity, line]), [
    ['warning', 4],
    ['warning', 5],
    ['warning', 6],
  ]);
  assert.match(problems[0]!.message, /`allowed_tools`.*Did you mean `allowed-tools`\?/);
  assert.match(problems[1]!.message, /`Descripton`.*Did you mean `description`\?/);
  assert.match(problems[2]!.message, /`owner`.*Move it under `metadata:`/);
});

test('body: empty body and overlong files are warnings', () => {
  const [empty] = validateSkill(readSkillFixture('frontmatter-only'), { folderName: 'frontmatter-only' });
  assert.deepEqual([empty?.severity, empty?.line], ['warning', 5]);
  assert.match(empty!.message, /no instructions/);

  const long = skill(valid, Array.from({ length: 520 }, (_, index) => `Line ${index}`).join('\n'));
  const [tooLong] = validateSkill(long);
  assert.deepEqual([tooLong?.severity, tooLong?.line], ['warning', 5]);
  assert.match(tooLong!.message, /524 lines.*under 500.*references\//);
});

test('protected markers: unpaired, inverted and repeated markers are warnings at the marker', () => {
  const S = '<!-- SLOW_UPDATE_START -->';
  const SE = '<!-- SLOW_UPDATE_END -->';
  const A = '<!-- APPENDIX_START -->';
  const AE = '<!-- APPENDIX_END -->';
  const body = `# Steps\n${S}\nguidance\n${AE}\n${A}\n`;
  const problems = validateSkill(skill(valid, body));
  assert.deepEqual(summary(problems).map(([severity, line]) => [severity, line]), [
    ['warning', 6],
    ['warning', 8],
  ]);
  assert.match(problems[0]!.message, /SLOW_UPDATE_START --> has no matching/);
  assert.match(problems[1]!.message, /APPENDIX_END --> comes before/);
  const [orphanEnd] = validateSkill(skill(valid, `Body\n${SE}\n`));
  assert.deepEqual([orphanEnd?.line, /no matching <!-- SLOW_UPDATE_START --> before it/.test(orphanEnd!.message)], [6, true]);

  const triage = validateSkill(readSkillFixture('support-triage'), { folderName: 'support-triage' });
  assert.deepEqual(triage.map((problem) => [problem.severity, problem.line]), [['warning', 33]]);
  assert.match(triage[0]!.message, /appears again \(first on line 31\)/);

  assert.deepEqual(validateSkill(skill(valid, `Body\n${S}\n${SE}\n${A}\nx\n${AE}\n`)), []);
});

test('problems come in file order, errors first on a line', () => {
  const problems = validateSkill(skill('name: Bad--Name-\nfoo: 1\n'), { folderName: 'x' });
  const lines = problems.map((problem) => problem.line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.equal(problems[0]?.line, 1, 'missing description first');
});

test('validateSkill never throws on hostile input', () => {
  for (const text of ['', '\uFEFF', '---', '---\n', '---\n---', '\u0000\u0001', '---\nname: &a [*a]\n---\n', '---\n' + 'a: '.repeat(5000) + '\n---\n', '---\n' + '['.repeat(2000) + '\n---\n']) {
    const problems = validateSkill(text);
    assert.ok(Array.isArray(problems));
    assert.ok(problems.every((problem) => problem.line >= 1));
  }
});
