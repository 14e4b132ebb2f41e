import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSkill, serializeSkill, validateSkill } from '../../../src/core/skill';

// Shapes seen in published SKILL.md files, reduced to the lines that matter.

test('a frontmatter under an HTML comment is reported as misplaced, with the comment as the fix', () => {
  const text = '<!-- Generated file: do not edit -->\n---\nname: compress\ndescription: Compress files.\n---\nBody\n';
  const document = parseSkill(text);
  assert.equal(document.frontmatter, undefined);
  assert.equal(serializeSkill(document), text);
  const [problem] = validateSkill(text, { folderName: 'compress' });
  assert.equal(problem?.line, 1);
  assert.match(problem!.message, /starts on line 2.*Move the HTML comment above `---` below the closing `---`/);

  const multiLine = '<!--\nBanner\n-->\n<!-- BEGIN -->\n\n---\nname: x\n---\n';
  assert.match(validateSkill(multiLine)[0]!.message, /starts on line 6/);
});

test('a Markdown rule under a comment, or a comment with text after it, is just a missing frontmatter', () => {
  for (const text of ['<!-- note -->\n---\n\n## Heading\n', '<!-- a --> text\n---\nname: x\n---\n', '<!-- open\n---\nname: x\n']) {
    const problems = validateSkill(text);
    assert.equal(problems.length, 1, text);
    assert.match(problems[0]!.message, /no YAML frontmatter/, text);
  }
});

test('text after a block indicator on the same line gets the block-scalar fix', () => {
  const [problem] = validateSkill('---\nname: x\ndescription: | Use when this capability is needed.\n---\nBody\n', { folderName: 'x' });
  assert.deepEqual([problem?.severity, problem?.line], ['error', 3]);
  assert.match(problem!.message, /after `\|` the text must start on the next line, indented/);
  assert.doesNotMatch(problem!.message, /\.\./);
});

test('a line after a closed quote names the quote, not a missing bracket', () => {
  const text = '---\nname: k8s\ndescription: "Container Scheduling"\n  and Management\nlicense: MIT\n---\nBody\n';
  const messages = validateSkill(text, { folderName: 'k8s' }).map((problem) => problem.message);
  assert.ok(messages.some((message) => /`and Management`.*a quoted value ends at its closing quote/.test(message)), messages.join('\n'));
  assert.ok(messages.every((message) => !/Close the quote or bracket|All mapping items/.test(message)), messages.join('\n'));
});

test('a description cut short by " #" is a warning that shows what agents read', () => {
  const text = '---\nname: git-pitfalls\ndescription: Squash merges, Fixes #N closing rules, ls-remote checks\n---\nBody\n';
  const problems = validateSkill(text, { folderName: 'git-pitfalls' });
  assert.deepEqual(
    problems.map((problem) => [problem.severity, problem.line]),
    [['warning', 3]],
  );
  assert.match(problems[0]!.message, /`description` stops at " #".*agents see only `Squash merges, Fixes`.*quotes/);

  const fine = ['description: "Fixes #N" # note', 'description: >\n  Fixes #N\n', 'description: C# and F#', 'description: Fixes\n  # next line'];
  for (const line of fine) {
    assert.deepEqual(validateSkill(`---\nname: a\n${line}\n---\nBody\n`, { folderName: 'a' }), [], line);
  }
});

test('unknown keys: scalars may move under metadata, lists and mappings may not', () => {
  const text = '---\nname: a\ndescription: d\nlayer: 1-intelligence\nreads_from:\n  - a.json\n---\nBody\n';
  const [layer, readsFrom] = validateSkill(text, { folderName: 'a' });
  assert.match(layer!.message, /`layer`.*Move it under `metadata:`/);
  assert.match(readsFrom!.message, /`reads_from`.*Delete it, or keep that data in a file beside SKILL.md/);
});

test('a missing description message reads as a sentence', () => {
  const [problem] = validateSkill('---\nname: a\n---\nBody\n', { folderName: 'a' });
  assert.match(problem!.message, /Add `description: …` that says what the skill does and when to use it\./);
});

test('a folder whose own name is invalid is not offered as the name', () => {
  const [problem] = validateSkill('---\nname: safe-editing\ndescription: d\n---\nBody\n', { folderName: ' safe-editing' });
  assert.match(problem!.message, /folder is ' safe-editing'.*Rename the folder to `safe-editing` \(' safe-editing' is not a valid skill name\)/);
});

test('a value opened by a bracket or quote with text after its close names that and the quoting fix', () => {
  const cases = [
    ['description: [WIP] Formats dates', /starts with '\[' \(a list\) ends where it closes, and text follows\. Put the whole value in quotes, or/],
    ['description: {draft} Formats dates', /starts with '\{' \(a mapping\)/],
    ['description: "Dates" made easy', /starts with a quote \("\).*single quotes, as it contains double ones/],
    ["description: 'Dates' made easy", /starts with a quote \('\).*double quotes, as it contains single ones/],
  ] as const;
  for (const [line, expected] of cases) {
    const problems = validateSkill(`---\nname: dates\n${line}\n---\nBody\n`, { folderName: 'dates' });
    assert.deepEqual(problems.map((problem) => [problem.severity, problem.line]), [['error', 3]], line);
    assert.match(problems[0]!.message, expected, line);
  }
});
