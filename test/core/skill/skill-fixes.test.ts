import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySkillFix, newSkillText, parseSkill, validateSkill } from '../../../src/core/skill';

/** The problems of a text, with their fixes, as an editor sees them. */
function problemsOf(text: string, folderName: string) {
  return validateSkill(text, { folderName });
}

/** Applies the first fix of the first problem matching `pattern`. */
function fix(text: string, folderName: string, pattern: RegExp, kind?: string): string | undefined {
  const problem = problemsOf(text, folderName).find((candidate) => pattern.test(candidate.message));
  assert.ok(problem, `no problem matches ${pattern}: ${problemsOf(text, folderName).map((p) => p.message).join(' | ')}`);
  const chosen = problem.fixes?.find((candidate) => kind === undefined || candidate.kind === kind);
  assert.ok(chosen, `the problem has no ${kind ?? ''} fix: ${problem.message}`);
  return applySkillFix(text, problem.line, chosen);
}

test('a name the spec refuses is fixed to the name its message suggests', () => {
  const text = '---\nname: Release_Notes\ndescription: Writes release notes.\n---\n# Notes\n';
  const fixed = fix(text, 'release-notes', /Use `release-notes`/);
  assert.equal(fixed, text.replace('Release_Notes', 'release-notes'));
  assert.deepEqual(problemsOf(fixed!, 'release-notes'), []);
});

test('a name that differs from the folder is set to the folder name, or the folder is renamed', () => {
  const text = '---\nname: notes\ndescription: Writes release notes.\n---\n# Notes\n';
  const problem = problemsOf(text, 'release-notes').find((candidate) => /they must be equal/.test(candidate.message))!;
  assert.deepEqual(problem.fixes, [{ kind: 'set_name', name: 'release-notes' }, { kind: 'rename_folder', folderName: 'notes' }]);
  assert.equal(applySkillFix(text, problem.line, problem.fixes![0]!), text.replace('name: notes', 'name: release-notes'));
  assert.equal(applySkillFix(text, problem.line, problem.fixes![1]!), undefined, 'a folder rename is not a text change');
  // A missing name gets the folder's.
  const missing = fix('---\ndescription: Writes release notes.\n---\n# Notes\n', 'release-notes', /has no `name`/);
  assert.match(missing!, /^---\ndescription: Writes release notes\.\nname: release-notes\n---\n/);
});

test('a description over the limit keeps whole sentences and moves the rest into the body, losing nothing', () => {
  const sentence = 'Writes release notes from merged pull requests for the people who use the product. ';
  const long = sentence.repeat(15).trim();
  const text = `---\nname: release-notes\ndescription: ${long}\n---\n# Notes\n\nBody text.\n`;
  const fixed = fix(text, 'release-notes', /characters long; the limit is 1024/)!;
  const document = parseSkill(fixed);
  const kept = document.frontmatter!.data!.description as string;
  assert.ok([...kept].length <= 1024 && kept.endsWith('product.'), kept.slice(-40));
  assert.equal(`${kept} ${document.body.trim().split('\n\n')[0]}`, long);
  assert.match(document.body, /\n\n# Notes\n\nBody text\.\n$/);
  assert.deepEqual(problemsOf(fixed, 'release-notes'), []);
});

test('values YAML misreads are put in quotes: a colon, a leading bracket, a number in metadata, a cut comment', () => {
  const colon = fix('---\nname: demo\ndescription: Use this: when drafting\n---\n# D\n', 'demo', /may not contain ": "/)!;
  assert.equal(colon, '---\nname: demo\ndescription: "Use this: when drafting"\n---\n# D\n');
  assert.equal(parseSkill(colon).frontmatter!.data!.description, 'Use this: when drafting');
  const bracket = fix('---\nname: demo\ndescription: [WIP] Drafts notes\n---\n# D\n', 'demo', /starts with/)!;
  assert.equal(parseSkill(bracket).frontmatter!.data!.description, '[WIP] Drafts notes');
  const version = fix('---\nname: demo\ndescription: Drafts.\nmetadata:\n  version: 1.0\n---\n# D\n', 'demo', /metadata\.version/)!;
  assert.equal((parseSkill(version).frontmatter!.data!.metadata as Record<string, unknown>).version, '1.0');
  const comment = fix('---\nname: demo\ndescription: Fixes #12 for good\n---\n# D\n', 'demo', /stops at " #"/)!;
  assert.equal(parseSkill(comment).frontmatter!.data!.description, 'Fixes #12 for good');
  // CRLF stays CRLF.
  const crlf = fix('---\r\nname: demo\r\ndescription: Use this: when drafting\r\n---\r\n# D\r\n', 'demo', /may not contain ": "/)!;
  assert.equal(crlf, '---\r\nname: demo\r\ndescription: "Use this: when drafting"\r\n---\r\n# D\r\n');
});

test('a new skill’s placeholder description is flagged until it is written', () => {
  const placeholder = newSkillText('pr-review');
  assert.ok(problemsOf(placeholder, 'pr-review').some((problem) => problem.severity === 'warning' && /still the placeholder Create Skill wrote/.test(problem.message)));
  const written = newSkillText('pr-review', 'Reviews pull requests: style, tests and risk. Use when asked to review a PR.');
  assert.deepEqual(problemsOf(written, 'pr-review'), []);
  assert.equal(parseSkill(written).frontmatter!.data!.description, 'Reviews pull requests: style, tests and risk. Use when asked to review a PR.');
});
