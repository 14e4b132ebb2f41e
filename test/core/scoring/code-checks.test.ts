import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyUsage } from '../../../src/core/models/chat-model';
import { pythonInterpreter } from '../../../src/core/scoring/code/run-python';
import { scoreTask } from '../../../src/core/scoring/score-task';
import type { AssertionSpec, EvalTask } from '../../../src/core/tasks/eval-task';
import { makeSkillFolder } from '../tasks/task-file-helpers';

const task = (assertions: AssertionSpec[], extra: Partial<EvalTask> = {}): EvalTask => ({
  id: 'fruit',
  prompt: 'Describe a banana as JSON',
  rubric: { hard: [], soft: [] },
  assert: assertions,
  vars: { item: 'banana' },
  ...extra,
});

const skillDirectory = makeSkillFolder({
  'evals/checks/cjs.js': 'module.exports = { isYellow: (output, context) => ({ pass: output.color === "yellow", reason: `color of ${context.vars.item}` }) };\n',
  'evals/checks/esm.mjs': 'export default async function (output) { return output.countries.length / 4; }\n',
  'evals/checks/grade.py': 'def get_assert(output, context):\n    return {"pass": output["color"] == "yellow", "score": 0.75, "reason": "from python " + context["vars"]["item"]}\n\ndef named(output, context):\n    return len(output["countries"]) > 1\n',
  'evals/transform.js': 'module.exports = (output) => output.countries;\n',
});
const reply = '{"color": "yellow", "countries": ["Ecuador", "Costa Rica"]}';
const jsonTask = (assertions: AssertionSpec[], extra: Partial<EvalTask> = {}) =>
  task(assertions, { outputFormat: { type: 'json-schema', name: 'fruit', schema: { type: 'object' } }, ...extra });

test('a task that asks for a JSON schema gives javascript checks the parsed object (output.field)', async () => {
  const score = await scoreTask(jsonTask([{ type: 'javascript', value: "output.color === 'yellow' && output.countries.includes('Ecuador')" }, { type: 'contains', value: '"color": "yellow"' }]), reply, { trusted: true });
  assert.deepEqual(score.checks.map((check) => check.pass), [true, true]);
  // Plain JSON mode (json_object) leaves the text, as promptfoo's OpenAI provider does.
  const plain = await scoreTask(task([{ type: 'javascript', value: 'JSON.parse(output).color === "yellow"' }], { outputFormat: { type: 'json' } }), reply, { trusted: true });
  assert.equal(plain.checks[0].pass, true);
});

test('javascript checks from files: CommonJS with a named function, ES modules, async results', async () => {
  const score = await scoreTask(
    jsonTask([
      { type: 'javascript', value: 'file://evals/checks/cjs.js:isYellow' },
      { type: 'javascript', value: 'file://evals/checks/esm.mjs' },
      { type: 'javascript', value: 'file://evals/checks/missing.js' },
    ]),
    reply,
    { trusted: true, skillDirectory },
  );
  assert.deepEqual(score.checks.map((check) => [check.pass, check.score]), [[true, 1], [true, 0.5], [false, 0]]);
  assert.match(score.checks[0].reason, /color of banana/);
  assert.match(score.checks[2].reason, /it threw Error: the file .*missing\.js does not exist/);
});

test('python checks run inline and from files when Python is installed', { skip: pythonInterpreter() === null && 'no python3 on this machine' }, async () => {
  const score = await scoreTask(
    jsonTask([
      { type: 'python', value: 'file://evals/checks/grade.py' },
      { type: 'python', value: 'file://evals/checks/grade.py:named' },
      { type: 'python', value: "output['color'] == 'green'" },
      { type: 'python', value: 'print("noise")\nreturn {"pass": True, "score": 0.5}' },
      { type: 'python', value: 'raise ValueError("bad output")' },
    ]),
    reply,
    { trusted: true, skillDirectory },
  );
  assert.deepEqual(score.checks.map((check) => [check.pass, check.score]), [[true, 0.75], [true, 1], [false, 0], [true, 0.5], [false, 0]]);
  assert.match(score.checks[0].reason, /from python banana/);
  assert.match(score.checks[4].reason, /the Python code failed: .*ValueError: bad output/);
});

test("transforms: the task's apply before every check, a check's own after it; a failing one fails the checks with why", async () => {
  const transformed = await scoreTask(
    task([{ type: 'contains-any', value: ['Peru', 'Ecuador'] }, { type: 'equals', value: '2', transform: 'String(output.length)' }], { transforms: ['JSON.parse(output)', 'file://evals/transform.js'] }),
    reply,
    { trusted: true, skillDirectory },
  );
  assert.deepEqual(transformed.checks.map((check) => check.pass), [true, true]);

  const broken = await scoreTask(task([{ type: 'contains', value: 'x' }], { transforms: ['JSON.parse(output)'] }), 'not json', { trusted: true });
  assert.equal(broken.hard, 0);
  assert.match(broken.checks[0].reason, /the transform "JSON\.parse\(output\)" failed on this output: .*JSON/);
  assert.equal(broken.checks[0].skipped, undefined);
});

test('in an untrusted workspace transforms and code checks do not run: they are skipped, not failed', async () => {
  const untrusted = await scoreTask(task([{ type: 'contains', value: 'x' }], { transforms: ['output.trim()'] }), 'x', { trusted: false });
  assert.match(untrusted.checks[0].skipped ?? '', /this task's output passes through a transform, code from the eval file, and this workspace is not trusted/);
  const ownTransform = await scoreTask(task([{ type: 'contains', value: 'x', transform: 'output.trim()' }, { type: 'contains', value: 'x' }]), 'x', { trusted: false });
  assert.match(ownTransform.checks[0].skipped ?? '', /'contains' has a transform \(code from the eval file\), and this workspace is not trusted/);
  assert.deepEqual([ownTransform.hard, ownTransform.soft], [1, 1]);
});

test('cost and latency read what the target call consumed when it was made; an unknown price skips the check', async () => {
  const usage = { ...emptyUsage(), costUsd: 0.004, latencyMs: 1200 };
  const checks = [
    { type: 'cost', value: 0.01 },
    { type: 'cost', value: 0.001 },
    { type: 'latency', value: 1000 },
  ];
  const score = await scoreTask(task(checks), 'x', { trusted: true, usage });
  assert.deepEqual(score.checks.map((check) => [check.pass, check.reason]), [
    [true, 'expected to cost at most $0.01; it cost $0.0040'],
    [false, 'expected to cost at most $0.001; it cost $0.0040'],
    [false, 'expected to take at most 1000 ms; it took 1200 ms'],
  ]);
  const unknownPrice = await scoreTask(task([checks[0]]), 'x', { trusted: true, usage: { ...usage, costUsd: null } });
  assert.match(unknownPrice.checks[0].skipped ?? '', /the target model's price is unknown; give it in skillTrainer\.prices or a --prices file/);
});

test('is-refusal recognises a declined request; not-is-refusal asserts an answer', async () => {
  const refusals = ["I'm sorry, but I can't help with that.", 'As an AI language model, I cannot provide that.', '', 'Unfortunately, I am unable to assist with this request.'];
  const answers = ['Paris is the capital of France.', 'Sorry for the wait — here is the recipe you asked for: ...'.replace('Sorry for the wait', 'Thanks for waiting')];
  for (const text of refusals) assert.equal((await scoreTask(task([{ type: 'is-refusal' }]), text, { trusted: true })).hard, 1, text);
  for (const text of answers) assert.equal((await scoreTask(task([{ type: 'not-is-refusal' }]), text, { trusted: true })).hard, 1, text);
});
