import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonInterpreter } from '../../../src/core/scoring/code/run-python';
import { loadPromptfooSuite } from './task-file-helpers';

const noPython = { skip: pythonInterpreter() === null && 'no python3 on this machine' };
const check = '    assert: [{type: icontains, value: paris}]\n';

test('JavaScript prompt functions are called for each test with vars, provider and config; text, chat and {prompt, config} results become tasks', async () => {
  const config = [
    'providers: [{id: "openai:gpt-4o-mini", label: mini}]',
    'prompts:',
    '  - file://prompts/plain.js',
    '  - {id: "file://prompts/chat.mjs", label: chat}',
    '  - id: file://prompts/plain.js:withConfig',
    '    label: structured',
    '    config: {tone: dry}',
    'tests:',
    '  - vars: {city: Paris}',
    check,
  ].join('\n');
  const { tasks, errors } = await loadPromptfooSuite(config, {
    'evals/prompts/plain.js': [
      'module.exports = ({ vars, provider }) => `Describe ${vars.city} for ${provider.id} (${provider.label}).`;',
      'module.exports.withConfig = async ({ vars, config }) => ({',
      '  prompt: [{ role: "user", content: `Facts about ${vars.city} in a ${config.tone} tone` }],',
      '  config: { temperature: 0, response_format: { type: "json_schema", json_schema: { name: "facts", schema: { type: "object" } } } },',
      '});',
    ].join('\n'),
    'evals/prompts/chat.mjs': 'export default async function ({ vars }) {\n  return [{ role: "system", content: "Be brief." }, { role: "user", content: "Where is {{ city }}?" }];\n}\n',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => task.id), ['prompt-1/test-1', 'prompt-2/test-1', 'prompt-3/test-1']);
  assert.equal(tasks[0].prompt, 'Describe Paris for openai:gpt-4o-mini (mini).');
  assert.equal(tasks[0].messages, undefined);
  // What a function returns is still a template over the test's vars, as in promptfoo.
  assert.deepEqual(tasks[1].messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Where is Paris?' },
  ]);
  assert.deepEqual(tasks[2].messages, [{ role: 'user', content: 'Facts about Paris in a dry tone' }]);
  assert.deepEqual(tasks[2].outputFormat, { type: 'json-schema', name: 'facts', schema: { type: 'object' } });
  assert.deepEqual(tasks[2].assert, [{ type: 'icontains', value: 'paris' }]);
});

test('a {path: label} map and a provider-scoped prompt list name prompt functions by label; a glob names several', async () => {
  const config = 'prompts:\n  file://make.cjs: maker\n  "Plain {{city}}": plain\nproviders: [{id: echo, prompts: [maker]}]\ntests:\n  - vars: {city: Paris}\n' + check;
  const { tasks, errors } = await loadPromptfooSuite(config, { 'evals/make.cjs': 'module.exports = ({ vars }) => "Made for " + vars.city;\n' });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => task.prompt), ['Made for Paris']);

  const glob = await loadPromptfooSuite('prompts: ["file://prompts/*.js"]\ntests:\n  - vars: {city: Paris}\n' + check, {
    'evals/prompts/a.js': 'module.exports = ({ vars }) => "A " + vars.city;\n',
    'evals/prompts/b.js': 'module.exports = ({ vars }) => "B " + vars.city;\n',
  });
  assert.deepEqual(glob.errors, []);
  assert.deepEqual(glob.tasks.map((task) => task.prompt), ['A Paris', 'B Paris']);
});

test('Python prompt functions: a function, a class method, and an older script that prints the prompt', noPython, async () => {
  const config = [
    'prompts:',
    '  - file://prompt.py:describe',
    '  - file://prompt.py:Prompts.chat',
    '  - file://script.py',
    'tests:',
    '  - vars: {city: Paris}',
    check,
  ].join('\n');
  const { tasks, errors } = await loadPromptfooSuite(config, {
    'evals/prompt.py': [
      'def describe(context):',
      '    print("debug output is ignored")',
      '    return "Describe " + context["vars"]["city"] + " to " + context["provider"]["id"]',
      '',
      'class Prompts:',
      '    @staticmethod',
      '    def chat(context):',
      '        return {"prompt": [{"role": "user", "content": "Chat about " + context["vars"]["city"]}], "config": {"response_format": {"type": "json_object"}}}',
      '',
    ].join('\n'),
    'evals/script.py': 'import json, sys\ncontext = json.loads(sys.argv[1])\nprint("Script about " + context["vars"]["city"])\n',
  });
  assert.deepEqual(errors, []);
  assert.equal(tasks[0].prompt, 'Describe Paris to skill-trainer-target');
  assert.deepEqual(tasks[1].messages, [{ role: 'user', content: 'Chat about Paris' }]);
  assert.deepEqual(tasks[1].outputFormat, { type: 'json' });
  assert.equal(tasks[2].prompt, 'Script about Paris');
});

test('a prompt function that throws, returns the wrong shape or is missing gets one error naming the file, function and config line', async () => {
  const config = [
    'prompts:',
    '  - file://bad.js:throws',
    '  - file://bad.js:nothing',
    '  - file://bad.js:absent',
    '  - file://typed.ts',
    'tests:',
    '  - vars: {city: [Paris, Lyon]}',
    check,
  ].join('\n');
  const { located, tasks } = await loadPromptfooSuite(config, {
    'evals/bad.js': 'exports.throws = ({ vars }) => { if (vars.city === "Lyon") throw new TypeError("no Lyon"); return "ok"; };\nexports.nothing = () => 42;\n',
    'evals/typed.ts': 'export default () => "typed";\n',
  });
  assert.equal(tasks.length, 0);
  assert.deepEqual(located.errors, [
    "promptfooconfig.yaml:2 prompts[0]: the prompt function evals/bad.js:throws failed: no Lyon (for prompt-1/test-2)",
    'promptfooconfig.yaml:3 prompts[1]: the prompt function evals/bad.js:nothing failed: it returned number; a prompt function must return the prompt text, a list of chat messages ({role, content}), or {prompt, config} (it failed for 2 tasks; this is prompt-2/test-1\'s failure)',
    `promptfooconfig.yaml:4 prompts[2]: the prompt function evals/bad.js:absent failed: ${located.errors[2].match(/failed: (\S+) has no/)?.[1]} has no function "absent" (it failed for 2 tasks; this is prompt-3/test-1's failure)`,
    'promptfooconfig.yaml:5 prompts[3]: builds the prompt with code, but it points to TypeScript (typed.ts), which is not run (Skill Trainer has no TypeScript compiler at run time); compile it to JavaScript (.js, e.g. with npx tsc) or write the code inline, and name that',
  ]);
});

test('test generators: a JavaScript list or function, {path, config}, and Python generate_tests, loaded like a tests file', async () => {
  const config = [
    'prompts: ["Capital of {{country}}?"]',
    'tests:',
    '  - file://tests/fixed.js',
    '  - path: file://tests/fixed.js:make',
    '    config: {countries: [Japan]}',
    '',
  ].join('\n');
  const { tasks, errors } = await loadPromptfooSuite(config, {
    'evals/tests/fixed.js': [
      'module.exports = [{ vars: { country: "France" }, assert: [{ type: "icontains", value: "paris" }] }];',
      'module.exports.make = async (config) => config.countries.map((country) => ({ vars: { country }, assert: [{ type: "contains", value: "o" }] }));',
    ].join('\n'),
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => [task.id, task.prompt, task.assert[0]?.value]), [
    ['test-1', 'Capital of France?', 'paris'],
    ['test-2', 'Capital of Japan?', 'o'],
  ]);
});

test('Python test generators get their config; problems in the tests they return name the generator', noPython, async () => {
  const config = 'prompts: ["Capital of {{country}}?"]\ntests:\n  - file://gen.py\n  - path: file://gen.py:with_config\n    config: {country: Peru}\n';
  const generator = [
    'def generate_tests():',
    '    return [{"vars": {"country": "Chile"}, "assert": [{"type": "icontains", "value": "santiago"}]}]',
    '',
    'def with_config(config):',
    '    return [{"vars": {"country": config["country"]}, "assert": [{"type": "contains"}]}]',
    '',
  ].join('\n');
  const { tasks, errors } = await loadPromptfooSuite(config, { 'evals/gen.py': generator });
  assert.equal(tasks.length, 0);
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^returned test 1, assert\[0\]/);
  const fixed = await loadPromptfooSuite(config, { 'evals/gen.py': generator.replace('"type": "contains"}', '"type": "contains", "value": "Lima"}') });
  assert.deepEqual(fixed.errors, []);
  assert.deepEqual(fixed.tasks.map((task) => task.prompt), ['Capital of Chile?', 'Capital of Peru?']);
});

test('a test generator that fails or returns no list is named at its config line; the other tests still load', async () => {
  const config = 'prompts: ["{{q}}"]\ntests:\n  - vars: {q: kept}\n' + check + '  - file://gen.js:broken\n  - file://gen.js:text\n';
  const { located } = await loadPromptfooSuite(config, { 'evals/gen.js': 'exports.broken = () => { throw new Error("database is down"); };\nexports.text = () => "not tests";\n' });
  assert.deepEqual(located.errors, [
    'promptfooconfig.yaml:5 tests[1]: generates tests with evals/gen.js:broken, which failed: database is down',
    'promptfooconfig.yaml:6 tests[2]: generates tests with evals/gen.js:text, which returned string; a test generator must return a list of tests ({vars, assert, ...})',
  ]);
});

test('variable loaders: JavaScript and Python code computes a var for each test, in order, and {error} is an error at the var', async () => {
  const config = 'prompts: ["Context: {{context}} | Q: {{question}}"]\ntests:\n  - vars:\n      question: [leave, pay]\n      context: file://load.js\n' + check;
  const { tasks, errors } = await loadPromptfooSuite(config, {
    'evals/load.js': 'module.exports = (name, prompt, vars, provider) => ({ output: `${name} for ${vars.question} (${prompt.length} chars, ${provider.id})` });\n',
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(tasks.map((task) => task.prompt), ['Context: context for leave (38 chars, skill-trainer-target) | Q: leave', 'Context: context for pay (38 chars, skill-trainer-target) | Q: pay']);
  assert.equal(tasks[0].vars?.context, 'context for leave (38 chars, skill-trainer-target)');

  const failing = await loadPromptfooSuite('prompts: ["{{context}}"]\ntests:\n  - vars:\n      context: file://load.js\n' + check, {
    'evals/load.js': 'module.exports = () => ({ error: "index not built" });\n',
  });
  assert.deepEqual(failing.located.errors, ['promptfooconfig.yaml:4 tests[0].vars.context: the variable loader load.js returned an error: index not built (for test-1)']);
});

test('Python variable loaders call get_var(name, prompt, vars); their text output is trimmed', noPython, async () => {
  const config = 'prompts: ["{{context}}"]\ntests:\n  - vars:\n      question: leave\n      context: file://load.py\n' + check;
  const { tasks, errors } = await loadPromptfooSuite(config, {
    'evals/load.py': 'def get_var(var_name, prompt, other_vars):\n    return {"output": "  docs about " + other_vars["question"] + " for " + var_name + "\\n"}\n',
  });
  assert.deepEqual(errors, []);
  assert.equal(tasks[0].prompt, 'docs about leave for context');
});

test('in an untrusted workspace every form of suite code is refused, saying where it runs', async () => {
  const files = { 'evals/p.js': 'module.exports = () => "x";\n', 'evals/g.js': 'module.exports = [];\n', 'evals/v.js': 'module.exports = () => ({ output: "x" });\n' };
  const config = 'prompts: [file://p.js, "{{v}}"]\ntests:\n  - file://g.js\n  - vars: {v: file://v.js}\n' + check;
  const { errors } = await loadPromptfooSuite(config, files, { runCode: false });
  const trust = 'trust this workspace \\(Workspaces: Manage Workspace Trust\\) to load this suite; the command line \\(skill-trainer validate, eval, train\\) runs it';
  assert.equal(errors.length, 3, errors.join('\n'));
  assert.match(errors[0], new RegExp(`^prompts\\[0\\]: builds the prompt with code \\(p\\.js\\), which Skill Trainer does not run here: .*${trust}`));
  assert.match(errors[1], new RegExp(`^tests\\[0\\]: generates tests with code \\(g\\.js\\), which Skill Trainer does not run here: .*${trust}`));
  assert.match(errors[2], /^tests\[1\]\.vars\.v: loads a value with code \(v\.js\), which Skill Trainer does not run here: /);
});

test('without Python on the PATH, Python suite code is one error that says to install it', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync, symlinkSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const { makeSkillFolder } = await import('./task-file-helpers');
  const skill = makeSkillFolder({ 'evals/promptfooconfig.yaml': 'prompts: [file://p.py:make]\ntests:\n  - vars: {city: Paris}\n' + check, 'evals/p.py': 'def make(context):\n    return "x"\n' });
  // A PATH holding only node: no python3 or python can be found.
  const bin = mkdtempSync(join(tmpdir(), 'node-only-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  const loader = resolve('src/core/tasks/load-task-set.ts');
  const script = `import(${JSON.stringify(loader)}).then(async (module) => { const inspectTaskSet = module.inspectTaskSet ?? module.default.inspectTaskSet; const result = await inspectTaskSet(${JSON.stringify(skill)}, { runCode: true }); console.log(JSON.stringify(result.problems.map((problem) => problem.message))); })`;
  let printed: string;
  try {
    printed = execFileSync(join(bin, 'node'), ['--import', 'tsx', '-e', script], { env: { PATH: bin }, encoding: 'utf8' });
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
  const messages = JSON.parse(printed) as string[];
  assert.equal(messages.length, 1, printed);
  assert.match(messages[0], /^the prompt function evals\/p\.py:make failed: Python 3 is not installed \(no python3 or python on the PATH\); install it to run the suite's Python code/);
});

test('transformVars in a Python file runs get_transform(vars, context) while the suite loads', noPython, async () => {
  const config = 'prompts: ["{{q}} / {{loud}}"]\ntests:\n  - vars: {q: hi}\n    options: {transformVars: file://tv.py}\n' + check;
  const { tasks, errors } = await loadPromptfooSuite(config, { 'evals/tv.py': 'def get_transform(vars, context):\n    return {"loud": vars["q"].upper() + "!" + context["vars"]["q"]}\n' });
  assert.deepEqual(errors, []);
  assert.equal(tasks[0].prompt, 'hi / HI!hi');
});
