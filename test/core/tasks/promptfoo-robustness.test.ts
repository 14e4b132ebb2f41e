import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectTaskSet, loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { expandGlob } from '../../../src/core/tasks/promptfoo/expand-glob';
import { makeSkillFolder } from './task-file-helpers';

/** Problems of a suite written as `evals/promptfooconfig.yaml` (plus extra files). */
async function inspectSuite(yaml: string, extra: Record<string, string> = {}) {
  const skillDir = makeSkillFolder({ 'SKILL.md': '# x', 'evals/promptfooconfig.yaml': yaml, ...extra });
  return { skillDir, ...(await inspectTaskSet(skillDir)) };
}

const errorsOf = (result: { problems: { severity: string; message: string }[] }) =>
  result.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.message);

test('broken YAML aliases and alias bombs are reported, not thrown', async () => {
  const unresolved = await inspectSuite('prompts: *missing\n');
  assert.equal(unresolved.taskSet, undefined);
  assert.match(errorsOf(unresolved)[0] ?? '', /not valid YAML \(Unresolved alias.*\*name/);

  const circular = await inspectSuite('prompts: ["{{x}}"]\ntests:\n  - vars: {x: &a [*a]}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(circular)[0] ?? '', /circular structure/);

  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (const name of 'bcdefg') levels.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`).join(',')}]`);
  const bomb = await inspectSuite(`${levels.join('\n')}\nprompts: ["{{x}}"]\n`);
  assert.match(errorsOf(bomb)[0] ?? '', /resource exhaustion/);
});

test('file:// references may not leave the skill folder or point at the config itself', async () => {
  const outsideVar = await inspectSuite('prompts: ["{{x}}"]\ntests:\n  - vars: {x: file://../../../../../../etc/hostname}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(outsideVar)[0] ?? '', /points outside the skill folder \(\.\.\/.*etc\/hostname\); copy the file into/);
  const outsidePrompt = await inspectSuite('prompts: [file:///etc/hostname]\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(outsidePrompt)[0] ?? '', /points outside the skill folder/);
  const outsideTests = await inspectSuite('prompts: ["{{x}}"]\ntests: file://../../elsewhere/tests.yaml\n');
  assert.match(errorsOf(outsideTests)[0] ?? '', /points outside the skill folder/);
  const self = await inspectSuite('prompts: ["{{x}}"]\ntests: file://promptfooconfig.yaml\n');
  assert.match(errorsOf(self)[0] ?? '', /points to the promptfoo config itself/);
  // A sibling folder of evals/ is still inside the skill.
  const inside = await inspectSuite('prompts: [file://../prompts/p.txt]\ntests:\n  - vars: {x: hi}\n    assert: [{type: contains, value: hi}]\n', {
    'prompts/p.txt': 'Say {{x}}',
  });
  assert.equal(inside.taskSet?.tasks[0]?.prompt, 'Say hi');
});

test('a broken JSON var file is named in the error', async () => {
  const result = await inspectSuite('prompts: ["{{x}}"]\ntests:\n  - vars: {x: file://v.json}\n    assert: [{type: contains, value: a}]\n', { 'evals/v.json': '{bad' });
  assert.match(errorsOf(result)[0] ?? '', /refers to v\.json, which is not valid JSON/);
});

test('a suite with no prompt, or a prompt that renders empty, is an error', async () => {
  const noPrompts = await inspectSuite('prompts: []\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(noPrompts)[0] ?? '', /has no prompt templates/);
  const emptyFile = await inspectSuite('prompts: [file://p.txt]\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n', { 'evals/p.txt': '---\n' });
  assert.match(errorsOf(emptyFile)[0] ?? '', /points to p\.txt, which is empty; write the prompt in it/);
  const rendersEmpty = await inspectSuite('prompts: ["{{x}}"]\ntests:\n  - assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(rendersEmpty)[0] ?? '', /renders as empty text/);
});

test('runaway var expansion is refused; options.disableVarExpansion keeps lists whole', async () => {
  // Lists of strings expand (promptfoo keeps lists of anything else whole).
  const lists = Array.from({ length: 5 }, (_, index) => `      v${index}: [${Array.from({ length: 23 }, (__, item) => `s${item}`).join(',')}]`).join('\n');
  const runaway = await inspectSuite(`prompts: ["{{v0}}"]\ntests:\n  - vars:\n${lists}\n    assert: [{type: contains, value: a}]\n`);
  assert.match(errorsOf(runaway)[0] ?? '', /expands to more than 50000 tasks/);

  const kept = await inspectSuite(
    'prompts: ["Files: {{files}}"]\ntests:\n  - options: {disableVarExpansion: true}\n    vars: {files: [a.md, b.md]}\n    assert: [{type: equals, value: x}, {type: ruby, value: x}]\n',
  );
  assert.equal(kept.taskSet?.tasks.length, 1);
  // Nunjucks writes a list as its items joined by commas, as promptfoo renders it ("| dump" gives JSON).
  assert.equal(kept.taskSet?.tasks[0]?.prompt, 'Files: a.md,b.md');

  const expanded = await inspectSuite('prompts: ["File: {{files}}"]\ntests:\n  - vars: {files: [a.md, b.md]}\n    assert: [{type: ruby, value: x}]\n');
  assert.equal(expanded.taskSet?.tasks.length, 2);
  // The skipped ruby check is reported once, not once per expansion.
  assert.equal(expanded.problems.filter((problem) => problem.message.includes("'ruby'")).length, 1);
});

test('assert-set members are inlined when all must pass, and a partial set is skipped with a warning', async () => {
  const result = await inspectSuite(
    [
      'prompts: ["{{q}}"]',
      'defaultTest:',
      '  assert:',
      '    - type: assert-set',
      '      metric: tone',
      '      threshold: 0.5',
      '      assert: [{type: llm-rubric, value: calm}, {type: llm-rubric, value: polite}]',
      'tests:',
      '  - vars: {q: hi}',
      '    assert:',
      '      - type: assert-set',
      '        assert:',
      '          - {type: contains, value: hello}',
      '          - {type: llm-rubric, value: "Greets {{q}} back"}',
      '',
    ].join('\n'),
  );
  const task = result.taskSet?.tasks[0];
  assert.deepEqual(task?.assert, [
    { type: 'contains', value: 'hello' },
    { type: 'llm-rubric', value: 'Greets hi back' },
  ]);
  const warnings = result.problems.map((problem) => `${problem.path}: ${problem.message}`);
  assert.ok(
    warnings.some((warning) => /^defaultTest\.assert\[0\]\.threshold: an 'assert-set' with a threshold below 1 cannot be checked by Skill Trainer: it passes when only some .* list the assertions/.test(warning)),
    warnings.join('\n'),
  );
  assert.ok(!warnings.some((warning) => warning.includes('unknown key "assert"')), warnings.join('\n'));

  const broken = await inspectSuite('prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n    assert: [{type: assert-set, assert: [{type: containz, value: a}]}]\n');
  assert.match(errorsOf(broken)[0] ?? '', /unknown assertion type 'containz'/);
});

test('transforms, file:// check files and file:// assertion values load as promptfoo reads them', async () => {
  const suite = (extraAssertion = '') =>
    [
      'prompts: ["{{item}}"]',
      'tests:',
      '  - vars: {item: Banana}',
      '    options: {transform: JSON.parse(output)}',
      '    assert:',
      '      - {type: contains-any, transform: output.countries, value: [Peru]}',
      '      - {type: javascript, value: "file://checks/grade.js:named"}',
      '      - {type: contains, value: "file://expected.txt"}',
      extraAssertion,
      '',
    ].join('\n');
  const files = { 'evals/checks/grade.js': 'exports.named = (output) => output.length > 0;\n', 'evals/expected.txt': 'yellow' };
  const result = await inspectSuite(suite('      - {type: python, value: "file://missing.py"}'), files);
  // The check file is named relative to the skill folder, where scoring finds it.
  const messages = result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('\n');
  assert.match(messages, /tests\[0\]\.assert\[3\]\.value: points to missing\.py, which does not exist/);

  const loaded = await inspectSuite(suite(), files);
  assert.deepEqual(loaded.problems, []);
  const task = loaded.taskSet?.tasks[0];
  assert.deepEqual(task?.transforms, ['JSON.parse(output)']);
  assert.deepEqual(task?.assert, [
    { type: 'contains-any', value: ['Peru'], transform: 'output.countries' },
    { type: 'javascript', value: 'file://evals/checks/grade.js:named' },
    { type: 'contains', value: 'yellow' },
  ]);
});

test('tests given as a bare path or a glob are read like file:// paths', async () => {
  const bare = await inspectSuite('prompts: ["{{x}}"]\ntests: cases/tests.json\n', {
    'evals/cases/tests.json': '[{"vars": {"x": "one"}, "assert": [{"type": "contains", "value": "one"}]}]',
  });
  assert.deepEqual(bare.taskSet?.tasks.map((task) => task.prompt), ['one']);

  const globbed = await inspectSuite('prompts: ["{{x}}"]\ntests: file://cases/*.yaml\n', {
    'evals/cases/b.yaml': '- vars: {x: two}\n  assert: [{type: contains, value: two}]\n',
    'evals/cases/a.yaml': '- vars: {x: one}\n  assert: [{type: contains, value: one}]\n',
    'evals/cases/notes.md': 'not a test',
  });
  assert.deepEqual(globbed.taskSet?.tasks.map((task) => task.prompt), ['one', 'two']);

  const none = await inspectSuite('prompts: ["{{x}}"]\ntests: file://cases/*.csv\n');
  assert.match(errorsOf(none)[0] ?? '', /matches no test files \(cases\/\*\.csv\)/);
});

test('expandGlob matches *, ? and ** per segment and {a,b} alternatives', async () => {
  const dir = makeSkillFolder({ 'a/x1.yaml': '', 'a/x2.yml': '', 'a/deep/x3.yaml': '', 'b/y.csv': '' });
  assert.deepEqual(await expandGlob('a/*.yaml', dir), ['a/x1.yaml']);
  assert.deepEqual(await expandGlob('a/x?.{yaml,yml}', dir), ['a/x1.yaml', 'a/x2.yml']);
  assert.deepEqual(await expandGlob('**/*.yaml', dir), ['a/deep/x3.yaml', 'a/x1.yaml']);
  assert.deepEqual(await expandGlob('missing/*.yaml', dir), []);
});

test('a defaultTest that is not a map says what it should be', async () => {
  const result = await inspectSuite('prompts: ["{{x}}"]\ndefaultTest: null\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(result)[0] ?? '', /must be a map of test settings/);
  await assert.rejects(loadTaskSet(result.skillDir), { code: 'task_file_invalid' });
});

test('a YAML file with a second document says so, in words, at the second `---`', async () => {
  const result = await inspectSuite('prompts: ["{{x}}"]\ntests:\n  - vars: {x: a}\n---\nmore: 1\n');
  assert.equal(result.taskSet, undefined);
  const [problem] = result.problems.filter((candidate) => candidate.severity === 'error');
  assert.equal(problem?.line, 4);
  assert.match(problem?.message ?? '', /holds more than one YAML document \(a second `---` line starts another\); keep one document/);
  assert.doesNotMatch(problem?.message ?? '', /parseAllDocuments/);
});

test('prompts from a YAML list file and tests from a folder load, as promptfoo allows', async () => {
  const { taskSet, problems } = await inspectSuite('prompts: file://configs/prompts.yaml\ntests: file://cases/\n', {
    'evals/configs/prompts.yaml': "- 'Answer: {{question}}'\n- id: short\n  label: Short\n  raw: 'Q: {{question}}'\n",
    'evals/cases/a.yaml': '- vars: {question: "2+2?"}\n  assert: [{type: contains, value: "4"}]\n',
    'evals/cases/b.json': '[{"vars": {"question": "3+3?"}, "assert": [{"type": "contains", "value": "6"}]}]',
    'evals/cases/notes.txt': 'not a tests file',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(taskSet?.tasks.map((task) => task.prompt).sort(), ['Answer: 2+2?', 'Answer: 3+3?', 'Q: 2+2?', 'Q: 3+3?']);

  const chat = await inspectSuite('prompts: [file://chat.json]\ntests: [{vars: {q: a}, assert: [{type: contains, value: a}]}]\n', {
    'evals/chat.json': '[{"role": "system", "content": "hi"}, {"role": "user", "content": "{{q}}"}]',
  });
  assert.deepEqual(chat.taskSet?.tasks[0]?.messages, [
    { role: 'system', content: 'hi' },
    { role: 'user', content: 'a' },
  ]);

  const emptyFolder = await inspectSuite('prompts: ["{{q}}"]\ntests: file://cases/\n', { 'evals/cases/readme.md': 'none here' });
  assert.match(errorsOf(emptyFolder)[0] ?? '', /matches no test files \(cases\/\).*a folder is read for \.yaml, \.yml, \.json, \.jsonl and \.csv files/);
});

test('defaultTest may come from a file:// YAML file inside the skill folder', async () => {
  const { taskSet, problems } = await inspectSuite('prompts: ["Say {{x}}"]\ndefaultTest: file://configs/default-test.yaml\ntests:\n  - vars: {x: hi}\n', {
    'evals/configs/default-test.yaml': 'assert:\n  - type: contains\n    value: "{{x}}"\n',
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(taskSet?.tasks[0]?.assert, [{ type: 'contains', value: 'hi' }]);

  const broken = await inspectSuite('prompts: ["{{x}}"]\ndefaultTest: file://missing.yaml\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(broken)[0] ?? '', /missing\.yaml.*cannot be read/);
  const outside = await inspectSuite('prompts: ["{{x}}"]\ndefaultTest: file://../../shared.yaml\ntests:\n  - vars: {x: 1}\n    assert: [{type: contains, value: a}]\n');
  assert.match(errorsOf(outside)[0] ?? '', /points outside the skill folder/);
});
