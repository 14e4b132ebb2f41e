import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { malformedProblem, truncationProblem } from '../../../src/core/training/malformed-edit-guard';

const skill = '# Skill\n\n## Rules\n\n- Use the imperative mood.\n';
const fence = '```';

test('an edit that opens a code fence and never closes it is rejected', () => {
  assert.match(malformedProblem({ op: 'append', content: `- Example:\n\n${fence}\ngit commit -m "fix: x"\n` }, skill) ?? '', /code fence \(```\) unclosed/);
  assert.equal(malformedProblem({ op: 'append', content: `- Example:\n\n${fence}bash\ngit commit -m "fix: x"\n${fence}\n` }, skill), undefined);
  // A ``` line inside a ```` block is content, as in CommonMark.
  assert.equal(malformedProblem({ op: 'append', content: `${fence}\`markdown\n${fence}\ninner\n${fence}\n${fence}\`\n` }, skill), undefined);
  // Replacing one fence line with another keeps the document balanced; deleting one does not.
  assert.equal(malformedProblem({ op: 'replace', target: `${fence}js`, content: `${fence}ts` }, skill), undefined);
  assert.match(malformedProblem({ op: 'delete', target: `${fence}js\nconst a = 1;` }, skill) ?? '', /deletes one fence/);
});

test('a <think> block is rejected, unless the skill itself talks about the tag', () => {
  assert.match(malformedProblem({ op: 'append', content: '<think>The user wants shorter subjects.</think>\n- Keep subjects short.' }, skill) ?? '', /<think> block/);
  assert.match(malformedProblem({ op: 'append', content: '- Keep subjects short.\n<thinking>\n' }, skill) ?? '', /<think> block/);
  assert.equal(malformedProblem({ op: 'append', content: '- Strip `<think>` tags from the model output.' }, skill), undefined, 'inside inline code');
  const aboutTags = `${skill}- Reasoning models wrap thoughts in <think> tags.\n`;
  assert.equal(malformedProblem({ op: 'append', content: '- Remove every <think> block before replying.' }, aboutTags), undefined);
});

test('truncated sentences are rejected; complete ones, lists and lead-ins are not', () => {
  for (const [content, why] of [
    ['- Keep the subject line short and', /stops on "and"/],
    ['- Always mention the', /stops on "the"/],
    ['- Name the scope (for example `cli`', /parenthesis open/],
    ['- Quote the code in `backticks', /inline code open/],
    ['- Reference the issue,', /stops on ","/],
    ['- Add a footer —', /dash/],
  ] as const) {
    assert.match(malformedProblem({ op: 'append', content }, skill) ?? '', why, content);
  }
  for (const content of [
    '- Use the imperative mood.',
    '- Start the CTA with a verb',
    '- Prefer `fix:` over `bugfix:`',
    '- Never write "Submit"',
    '- Pick option A',
    '- One of:\n  - feat;\n  - fix.',
    '- Explain why the change was made, in the body\n  (wrapped onto a second line).',
    'Use these prefixes:',
    '## Examples',
    '| type | use |\n| --- | --- |\n| fix | a bug |',
  ]) {
    assert.equal(malformedProblem({ op: 'append', content }, skill), undefined, content);
  }
});

test('a rewrite is judged against the skill it replaces: faults already there are not its doing', () => {
  const cutSkill = '# Skill\n\nAlways write the';
  assert.equal(malformedProblem({ op: 'rewrite', content: '# Skill\n\nNever write the' }, cutSkill), undefined);
  assert.match(malformedProblem({ op: 'rewrite', content: '# Skill\n\nNever write the' }, skill) ?? '', /cut off/);
  assert.equal(truncationProblem(`text\n${fence}\ncode and\n${fence}`), undefined, 'a text ending in code');
});

test('the example skills and their simulated rules pass the guard', async () => {
  for (const name of ['commit-messages', 'landing-page-headlines', 'code-review-comments']) {
    const text = await readFile(`skills/${name}/SKILL.md`, 'utf8');
    const hints = JSON.parse(await readFile(`skills/${name}/evals/evals.json`, 'utf8')).sim as Record<'rules' | 'harmful' | 'useless', Array<{ instruction: string }>>;
    for (const rule of [...hints.rules, ...hints.harmful, ...hints.useless]) {
      assert.equal(malformedProblem({ op: 'append', content: `- ${rule.instruction}` }, text), undefined, rule.instruction);
    }
    for (const paragraph of text.split(/\n{2,}/)) assert.equal(malformedProblem({ op: 'append', content: paragraph }, text), undefined, paragraph);
  }
});
