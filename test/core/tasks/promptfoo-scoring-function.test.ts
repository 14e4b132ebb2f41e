import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { scoreTask } from '../../../src/core/scoring/score-task';
import { inspectTaskSet } from '../../../src/core/tasks/load-task-set';
import { loadPromptfooSuite, makeSkillFolder } from './task-file-helpers';

// Suites written from promptfoo's documentation of assertScoringFunction: named metrics
// on the assertions, a default function under defaultTest, a test's own overriding it.

const scoringFiles = {
  'evals/scoring/average.js': 'module.exports = (scores) => { const v = Object.values(scores); const score = v.reduce((a, b) => a + b, 0) / v.length; return { pass: score >= 0.5, score, reason: "average" }; };\n',
  'evals/scoring/custom.js': 'module.exports.strictest = (scores, context) => ({ pass: Object.values(scores).every((s) => s >= (context.threshold ?? 1)), score: Math.min(...Object.values(scores)), reason: "strictest" });\n',
};

const suite = [
  'prompts: ["Answer the customer: {{question}}"]',
  'defaultTest:',
  '  assertScoringFunction: file://scoring/average.js',
  '  assert:',
  '    - {type: icontains, value: refund, metric: accuracy}',
  'tests:',
  '  - vars: {question: Can I return shoes?}',
  '    assert:',
  '      - {type: icontains, value: sorry, metric: tone}',
  '  - vars: {question: Where is my order?}',
  '    threshold: 0.5',
  '    assertScoringFunction: file://scoring/custom.js:strictest',
  '    assert:',
  '      - {type: contains, value: tracking, metric: accuracy}',
  '',
].join('\n');

test("defaultTest's scoring function reaches every test, a test's own wins, and metric names are kept", async () => {
  const { tasks, errors, warnings } = await loadPromptfooSuite(suite, scoringFiles);
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  // Named relative to the skill folder, where scoring looks for them.
  assert.deepEqual(tasks.map((task) => task.scoringFunction), ['file://evals/scoring/average.js', 'file://evals/scoring/custom.js:strictest']);
  assert.deepEqual(tasks[0].assert, [
    { type: 'icontains', value: 'refund', metric: 'accuracy' },
    { type: 'icontains', value: 'sorry', metric: 'tone' },
  ]);
  assert.equal(tasks[1].threshold, 0.5);
});

test('a loaded suite is scored by its function', async () => {
  const skillDir = makeSkillFolder({ 'evals/promptfooconfig.yaml': suite, ...scoringFiles });
  const { taskSet } = await inspectTaskSet(skillDir, { runCode: true });
  const [first, second] = taskSet!.tasks;
  // accuracy 1, tone 0: the average (0.5) passes, where "every check passes" would not.
  const averaged = await scoreTask(first, 'A refund is possible.', { trusted: true, skillDirectory: skillDir });
  assert.deepEqual([averaged.hard, averaged.soft], [1, 0.5]);
  const strictest = await scoreTask(second, 'Your order ships soon.', { trusted: true, skillDirectory: skillDir });
  assert.deepEqual([strictest.hard, strictest.soft], [0, 0]);
  assert.match(strictest.checks.at(-1)!.reason, /strictest/);
  assert.equal(dirname(taskSet!.source), `${skillDir}/evals`);
});

test('a scoring function that is not a file, is TypeScript, or is missing is an error at its line', async () => {
  const config = (value: string) =>
    ['prompts: ["{{q}}"]', 'tests:', '  - vars: {q: hi}', `    assertScoringFunction: ${value}`, '    assert: [{type: contains, value: hi, metric: greeting}]', ''].join('\n');
  const inline = await loadPromptfooSuite(config('"(scores) => ({pass: true, score: 1, reason: \'ok\'})"'));
  assert.match(inline.located.errors.join('\n'), /promptfooconfig\.yaml:4 tests\[0\]\.assertScoringFunction: is ".*"; it must be a file:\/\/ path to a JavaScript or Python function, e\.g\. file:\/\/scoring\.js or file:\/\/scoring\.py:score/);
  const typescript = await loadPromptfooSuite(config('file://scoring.ts'), { 'evals/scoring.ts': 'export default () => true;\n' });
  assert.match(typescript.errors.join('\n'), /assertScoringFunction: points to TypeScript \(scoring\.ts\), which is not run/);
  const missing = await loadPromptfooSuite(config('file://nowhere.py:score'));
  assert.match(missing.errors.join('\n'), /assertScoringFunction: points to nowhere\.py, which does not exist/);
  const notText = await loadPromptfooSuite(config('{path: scoring.js}'));
  assert.match(notText.errors.join('\n'), /assertScoringFunction: must be a file:\/\/ path to a JavaScript or Python function/);
});

test('a broken defaultTest scoring function is reported once, at defaultTest', async () => {
  const { errors } = await loadPromptfooSuite(
    ['prompts: ["{{q}}"]', 'defaultTest: {assertScoringFunction: file://missing.js}', 'tests:', '  - vars: {q: a}', '  - vars: {q: b}', ''].join('\n'),
  );
  assert.deepEqual(errors, ['defaultTest.assertScoringFunction: points to missing.js, which does not exist; paths are relative to the promptfoo config']);
});

test('without Python, a Python scoring function is skipped with one warning and the checks combine as usual', async () => {
  const skillDir = makeSkillFolder({
    'evals/promptfooconfig.yaml': ['prompts: ["{{q}}"]', 'defaultTest: {assertScoringFunction: file://scoring.py:score}', 'tests:', '  - vars: {q: hi}', '    assert: [{type: contains, value: hi, metric: greeting}]', '  - vars: {q: yo}', '    assert: [{type: contains, value: yo}]', ''].join('\n'),
    'evals/scoring.py': 'def score(named_scores, context):\n    return {"pass": False, "score": 0, "reason": "never"}\n',
  });
  // A child process whose PATH holds no python3 or python.
  const script = `
    // tsx hands TypeScript modules to an ES module as CommonJS: their exports sit on default.
    const load = async (path) => { const module = await import(path); return module.default ?? module; };
    const { inspectTaskSet } = await load(${JSON.stringify(resolve('src/core/tasks/load-task-set.ts'))});
    const { scoreTask } = await load(${JSON.stringify(resolve('src/core/scoring/score-task.ts'))});
    const { taskSet, problems } = await inspectTaskSet(${JSON.stringify(skillDir)}, { runCode: true });
    const task = { ...taskSet.tasks[0], scoringFunction: 'file://evals/scoring.py:score' };
    const score = await scoreTask(task, 'hi there', { trusted: true, skillDirectory: ${JSON.stringify(skillDir)} });
    console.log(JSON.stringify({ problems: problems.map((p) => p.path + ': ' + p.message), functions: taskSet.tasks.map((t) => t.scoringFunction ?? null), score }));
  `;
  const child = spawnSync(process.execPath, ['--require', resolve('scripts/register-text-modules.cjs'), '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: mkdtempSync(join(tmpdir(), 'no-python-')) } });
  assert.equal(child.status, 0, child.stderr);
  const seen = JSON.parse(child.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(seen.problems, [
    "defaultTest.assertScoringFunction: a Python assertScoringFunction cannot be checked by Skill Trainer: Python 3 is not installed here (no python3 or python on the PATH), so the task's checks are combined as a weighted mean instead; install Python to run it; it is skipped",
  ]);
  assert.deepEqual(seen.functions, [null, null]);
  // Given one anyway (a task set loaded where Python was), scoring falls back the same way.
  assert.deepEqual([seen.score.hard, seen.score.soft], [1, 1]);
  assert.match(seen.score.checks.at(-1).skipped, /^not run: Python 3 is not installed .*; the checks are combined as usual \(weighted mean\)$/);
});
