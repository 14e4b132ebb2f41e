import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

const load = (config: string, files: Record<string, string> = {}) => loadPromptfooSuite(config, files);

const oneTest = 'tests:\n  - vars: {question: "Who wrote Hamlet?"}\n    assert: [{type: icontains, value: shakespeare}]\n';

test('a JSON chat file becomes the conversation; its transcript is the prompt', async () => {
  const { tasks, errors } = await load(`prompts: [file://chat.json]\n${oneTest}`, {
    'evals/chat.json': JSON.stringify([
      { role: 'system', content: 'You are a literature tutor.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello! Ask me anything.' },
      { role: 'user', content: '{{question}}' },
    ]),
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks[0]?.messages, [
    { role: 'system', content: 'You are a literature tutor.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello! Ask me anything.' },
    { role: 'user', content: 'Who wrote Hamlet?' },
  ]);
  assert.equal(tasks[0]?.prompt, 'System: You are a literature tutor.\n\nUser: Hi\n\nAssistant: Hello! Ask me anything.\n\nUser: Who wrote Hamlet?');
});

test('a YAML chat file, and a list of messages in the config, are chat prompts too', async () => {
  const yaml = await load(`prompts: [file://chat.yaml]\n${oneTest}`, {
    'evals/chat.yaml': '- role: system\n  content: Be brief.\n- role: user\n  content: "{{question}}"\n',
  });
  assert.deepEqual(yaml.errors, []);
  assert.deepEqual(yaml.tasks[0]?.messages?.map((message) => message.role), ['system', 'user']);

  const inline = await load(`prompts:\n  - label: tutor\n    messages:\n      - {role: developer, content: Be brief.}\n      - {role: user, content: "{{question}}"}\n${oneTest}`);
  assert.deepEqual(inline.errors, []);
  assert.deepEqual(inline.tasks[0]?.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Who wrote Hamlet?' },
  ]);
});

test('a chat JSON templated with {% for %} is rendered before it is read, as promptfoo does', async () => {
  const template = [
    '[',
    '  {"role": "system", "content": {{ system_message | dump }}},',
    '  {% for message in history %}{% for role, content in message %}',
    '  {"role": "{{ role }}", "content": {{ content | dump }}},',
    '  {% endfor %}{% endfor %}',
    '  {"role": "user", "content": {{ question | dump }}}',
    ']',
  ].join('\n');
  const { tasks, errors } = await load(
    [
      'prompts: [file://prompt.json]',
      'defaultTest:',
      '  vars:',
      '    system_message: file://system.txt',
      '    history:',
      '      - user: Who founded Facebook?',
      '      - assistant: Mark Zuckerberg',
      'tests:',
      '  - vars: {question: "Did he say \\"hi\\"?"}',
      '    assert: [{type: contains, value: x}]',
      '',
    ].join('\n'),
    { 'evals/prompt.json': template, 'evals/system.txt': 'Answer "briefly".\n' },
  );
  assert.deepEqual(errors, []);
  // The history list is one value (lists of non-strings do not expand into several tests).
  assert.equal(tasks.length, 1);
  assert.deepEqual(tasks[0]?.messages, [
    { role: 'system', content: 'Answer "briefly".' },
    { role: 'user', content: 'Who founded Facebook?' },
    { role: 'assistant', content: 'Mark Zuckerberg' },
    { role: 'user', content: 'Did he say "hi"?' },
  ]);
});

test('a templated chat prompt that renders as broken JSON says so at the test, not "not valid YAML"', async () => {
  const { errors } = await load(`prompts: [file://prompt.json]\n${oneTest}`, {
    'evals/prompt.json': '[{"role": "user", "content": "{{ question }}"} {% if x %}{% endif %}, ]',
  });
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^tests\[0\]\.vars: prompt\.json renders as a chat prompt that is not valid JSON for this test .*"\| dump"/);
  assert.doesNotMatch(errors[0], /YAML/);
});

test('every way promptfoo names a prompt: {id, label}, a {path: label} map, bare paths and globs', async () => {
  const files = { 'evals/prompts/a.txt': 'A: {{question}}', 'evals/prompts/b.txt': 'B: {{question}}', 'evals/single.md': '# Ask\n{{question}}\n---\nnot a separator in .md' };
  const byId = await load(`prompts:\n  - id: file://prompts/a.txt\n    label: first\n${oneTest}`, files);
  assert.deepEqual(byId.tasks.map((task) => task.prompt), ['A: Who wrote Hamlet?']);

  const map = await load(`prompts:\n  prompts/a.txt: first\n  file://prompts/b.txt: second\n${oneTest}`, files);
  assert.deepEqual(map.tasks.map((task) => task.prompt), ['A: Who wrote Hamlet?', 'B: Who wrote Hamlet?']);

  const bare = await load(`prompts: [prompts/a.txt, single.md]\n${oneTest}`, files);
  assert.deepEqual(bare.tasks.map((task) => task.prompt), ['A: Who wrote Hamlet?', '# Ask\nWho wrote Hamlet?\n---\nnot a separator in .md']);

  const glob = await load(`prompts: ['prompts/*.txt']\n${oneTest}`, files);
  assert.deepEqual(glob.tasks.map((task) => task.prompt), ['A: Who wrote Hamlet?', 'B: Who wrote Hamlet?']);

  // Neither becomes the literal text "prompts.txt" or "*.txt".
  const missing = await load(`prompts: [prompts.txt]\n${oneTest}`);
  assert.match(missing.errors[0], /^prompts\[0\]: points to prompts\.txt, which cannot be read \(ENOENT\)/);
  const noMatch = await load(`prompts: ['*.txt']\n${oneTest}`);
  assert.match(noMatch.errors[0], /^prompts\[0\]: matches no files \(\*\.txt\)/);
  // Prose that ends in a file name is still a prompt.
  const prose = await load(`prompts: ['Summarise the attached notes.txt']\n${oneTest}`);
  assert.deepEqual(prose.tasks.map((task) => task.prompt), ['Summarise the attached notes.txt']);
});

test('provider-scoped prompt lists keep the prompts some provider runs', async () => {
  const { tasks, warnings } = await load(
    [
      'prompts:',
      '  - {raw: "Chat: {{question}}", label: chat}',
      '  - {raw: "Text: {{question}}", label: text}',
      '  - {raw: "Unused: {{question}}", label: unused}',
      'providers:',
      '  - {id: openai:gpt-4o, prompts: [chat]}',
      '  - {id: anthropic:claude, prompts: [text, nothing]}',
      oneTest,
    ].join('\n'),
  );
  assert.deepEqual(tasks.map((task) => task.prompt), ['Chat: Who wrote Hamlet?', 'Text: Who wrote Hamlet?']);
  assert.match(warnings.join('\n'), /providers\[1\]\.prompts: names the prompt "nothing", which no prompt is labelled/);
});

test('prompts kept online and missing prompt functions are refused with a message, never sent as text', async () => {
  for (const [prompt, pattern] of [
    ['pf://support-bot', /is a prompt kept online \(pf:\/\/support-bot\), which cannot be fetched here/],
    ['langfuse://support@production:chat', /is a prompt kept online \(langfuse:\/\//],
    ['file://prompt.py:make_prompt', /builds the prompt with code, but it points to prompt\.py, which does not exist/],
  ] as const) {
    const { tasks, errors } = await load(`prompts: ['${prompt}']\n${oneTest}`);
    assert.equal(tasks.length, 0);
    assert.match(errors[0], pattern);
  }
});

test('chat messages a text model cannot take are named: images, tool turns, no user turn', async () => {
  const image = await load(`prompts: [file://vision.json]\n${oneTest}`, {
    'evals/vision.json': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: '{{question}}' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] }]),
  });
  assert.match(image.errors[0], /vision\.json sends a image_url part in message 1; Skill Trainer sends text only/);
  const tool = await load(`prompts: [file://tool.json]\n${oneTest}`, { 'evals/tool.json': JSON.stringify([{ role: 'user', content: 'x' }, { role: 'tool', content: '{}' }]) });
  assert.match(tool.errors[0], /has a message with role "tool" \(message 2\)/);
  const noUser = await load(`prompts: [file://system.json]\n${oneTest}`, { 'evals/system.json': JSON.stringify([{ role: 'system', content: 'x' }]) });
  assert.match(noUser.errors[0], /is a chat prompt without a user message/);
});

test('Nunjucks in prompts renders as in promptfoo: filters, conditionals, the suite env; never the process environment', async () => {
  process.env.SKILL_TRAINER_TEST_SECRET = 'sk-should-not-leak';
  const { tasks, warnings } = await load(
    [
      'env: {TONE: warm}',
      'prompts: ["{% if formal %}Dear {{ name | upper }}{% else %}Hey {{ name }}{% endif %} ({{ env.TONE }}{{ env.SKILL_TRAINER_TEST_SECRET }})"]',
      'tests:',
      '  - vars: {name: ada, formal: true}',
      '    assert: [{type: contains, value: ADA}]',
      '  - vars: {name: bob}',
      '    assert: [{type: contains, value: bob}]',
      '',
    ].join('\n'),
  );
  delete process.env.SKILL_TRAINER_TEST_SECRET;
  assert.deepEqual(tasks.map((task) => task.prompt), ['Dear ADA (warm)', 'Hey bob (warm)']);
  // `formal` is read inside {% if %}: a test that leaves it out is warned about.
  assert.match(warnings.join('\n'), /tests\[1\]\.vars: prompt 1 uses \{\{formal\}\}, which this test does not set/);
});

test("promptfoo's multi-turn _conversation cannot be provided: refused, unless the test gives it", async () => {
  const chat = JSON.stringify([{ role: 'user', content: '{% for turn in _conversation %}{{ turn.input }} {% endfor %}{{question}}' }]);
  const refused = await load(`prompts: [file://chat.json]\n${oneTest}`, { 'evals/chat.json': chat });
  assert.match(refused.errors[0], /uses _conversation \(the earlier turns of a promptfoo multi-turn run/);
  const given = await load(`prompts: [file://chat.json]\ntests:\n  - vars: {question: Q, _conversation: [{input: A, output: B}]}\n    assert: [{type: contains, value: x}]\n`, {
    'evals/chat.json': chat,
  });
  assert.deepEqual(given.errors, []);
  assert.equal(given.tasks[0]?.messages?.[0]?.content, 'A Q');
});

test('a template cannot reach JavaScript through constructors: loading a suite runs none of its code', async () => {
  (globalThis as { pwned?: boolean }).pwned = undefined;
  const { tasks, errors } = await load(`prompts: ['{{ range.constructor("globalThis.pwned = true")() }}{{ question }}']\n${oneTest}`);
  assert.equal((globalThis as { pwned?: boolean }).pwned, undefined);
  assert.equal(tasks.length, 0);
  assert.match(errors[0], /prompt 1 has a template error: Unable to call `range\["constructor"\]`, which is undefined/);
});
