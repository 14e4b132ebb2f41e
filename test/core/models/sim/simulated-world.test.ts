import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { loadTaskSet } from '../../../../src/core/tasks';
import { scoreTask } from '../../../../src/core/scoring';
import { createSimulatedModel, createSimulatedWorld, SimulationHintError } from '../../../../src/core/models/sim';
import type { TaskSet } from '../../../../src/core/tasks/eval-task';

const skillDir = 'skills/commit-messages';

async function exampleWorld() {
  const taskSet = await loadTaskSet(skillDir);
  const world = createSimulatedWorld(taskSet, { seed: 7 });
  return { taskSet, world, model: createSimulatedModel('sim:demo', world) };
}

async function scoreAll(taskSet: TaskSet, skill: string, split: 'train' | 'val' | 'test') {
  const { world, model } = await exampleWorld();
  const tasks = taskSet.tasks.filter((task) => task.split === split);
  const scores = [];
  for (const task of tasks) {
    const reply = await model.complete({ messages: [{ role: 'system', content: skill }, { role: 'user', content: task.prompt }] });
    scores.push(await scoreTask(task, reply.text, { judge: model, trusted: false }));
  }
  void world;
  return scores;
}

test('the simulated target writes a plausible answer that follows only the rules the skill states', async () => {
  const { taskSet, world, model } = await exampleWorld();
  const task = taskSet.tasks.find((candidate) => candidate.id === 'config-empty-file')!;
  const baseline = await readFile(`${skillDir}/SKILL.md`, 'utf8');
  const reply = await model.complete({ messages: [{ role: 'system', content: baseline }, { role: 'user', content: task.prompt }] });
  assert.equal(reply.text, 'Handle empty config files.\nReturn the default configuration when the file is empty.');
  assert.equal(reply.usage.costUsd, 0);
  assert.ok(reply.usage.inputTokens > 50 && reply.usage.outputTokens > 5);
  const all = world.hints.rules.map((rule) => `- ${rule.instruction}`).join('\n');
  const good = await model.complete({ messages: [{ role: 'system', content: all }, { role: 'user', content: task.prompt }] });
  assert.equal(good.text, task.expectedOutput);
  assert.match(good.text, /^fix\(config\): Handle empty config files\n\nThe loader assumed/);
  const harmed = await model.complete({ messages: [{ role: 'system', content: `${all}\n- ${world.hints.harmful[0].instruction}` }, { role: 'user', content: task.prompt }] });
  assert.match(harmed.text, /^fix\(config\): Handled empty config files/);
});

test('every example task scores hard 1 when the skill states every rule, and the baseline passes only the simple ones', async () => {
  const { taskSet, world } = await exampleWorld();
  const all = world.hints.rules.map((rule) => `- ${rule.instruction}`).join('\n');
  for (const split of ['train', 'val', 'test'] as const) {
    const scores = await scoreAll(taskSet, all, split);
    assert.deepEqual(scores.map((score) => score.hard), scores.map(() => 1), `${split}: ${JSON.stringify(scores.filter((s) => s.hard === 0).map((s) => [s.taskId, s.checks.filter((c) => !c.pass)]))}`);
  }
  const baseline = await readFile(`${skillDir}/SKILL.md`, 'utf8');
  const val = await scoreAll(taskSet, baseline, 'val');
  assert.deepEqual(val.filter((score) => score.hard === 1).map((score) => score.taskId), ['readme-badges', 'lint-config']);
  const failed = val.find((score) => score.taskId === 'retry-uploads')!;
  assert.ok(failed.checks.some((check) => !check.pass && /blank line/i.test(check.name) && /does not follow/.test(check.reason)));
  assert.ok(failed.soft > 0 && failed.soft < 1);
  // A harmful rule breaks a rule every task needs: nothing passes.
  const harmed = await scoreAll(taskSet, `${all}\n- ${world.hints.harmful[1].instruction}`, 'val');
  assert.deepEqual(harmed.map((score) => score.hard), harmed.map(() => 0));
});

test('the simulated judge fails every criterion of an output it does not recognise', async () => {
  const { taskSet, model } = await exampleWorld();
  const task = taskSet.tasks[0];
  const score = await scoreTask(task, 'something else entirely', { judge: model, trusted: false });
  assert.equal(score.hard, 0);
  assert.ok(score.checks.filter((check) => check.kind !== 'assertion').every((check) => !check.pass));
});

test('hints are validated with a message naming the file, path and fix', () => {
  const base: TaskSet = { source: '/x/evals.json', tasks: [] };
  const task = { id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [] };
  assert.throws(() => createSimulatedWorld({ ...base, tasks: [task], sim: undefined }), SimulationHintError);
  // A skill with no tasks and no hints yet gets an empty world: enough to draft its first tasks.
  assert.deepEqual(createSimulatedWorld(base).hints, { rules: [], harmful: [], useless: [] });
  assert.throws(
    () => createSimulatedWorld({ ...base, sim: { rules: [{ id: 'a', phrase: 'abc', instruction: 'no phrase here' }] } }),
    /evals\.json.*must contain its phrase 'abc'.*skills\/README\.md/,
  );
  assert.throws(
    () =>
      createSimulatedWorld({
        ...base,
        sim: { rules: [{ id: 'a', phrase: 'abc', instruction: 'say abc' }] },
        tasks: [{ id: 't', prompt: 'p', rubric: { hard: [], soft: [] }, assert: [], sim: { output: '{{b|x|y}}' } }],
      }),
    /task 't' sim\.output.*names no rule/,
  );
});

test('a promptfoo chat task with hints is answered by the simulated target, also when it asks for JSON', async () => {
  const { createSimulatedModel } = await import('../../../../src/core/models/sim');
  const { evaluateSkill, isScoredTask } = await import('../../../../src/core/evaluation');
  const { loadPromptfooSuite } = await import('../../tasks/task-file-helpers');
  const suite = await loadPromptfooSuite(
    [
      'sim:',
      '  rules: [{id: polite, phrase: say please, instruction: Always say please., criterion: Says please}]',
      'prompts: [file://chat.json]',
      'providers: [{id: openai:gpt-4o, config: {response_format: {type: json_object}}}]',
      'tests:',
      '  - vars: {ask: "Pass the salt"}',
      '    metadata: {sim: {output: "{\\"reply\\": \\"{{polite|Please, |}}here it is\\"}"}}',
      '    assert: [{type: icontains, value: please}]',
      '',
    ].join('\n'),
    { 'evals/chat.json': JSON.stringify([{ role: 'system', content: 'You are a butler.' }, { role: 'user', content: '{{ask}}' }]) },
  );
  const taskSet = { source: 'promptfooconfig.yaml', tasks: suite.tasks, sim: { rules: [{ id: 'polite', phrase: 'say please', instruction: 'Always say please.', criterion: 'Says please' }] } };
  const world = createSimulatedWorld(taskSet, { seed: 1 });
  const target = createSimulatedModel('sim:target', world);
  const [untrained, trained] = await Promise.all(
    ['# Butler\n', '# Butler\nAlways say please.\n'].map((text) => evaluateSkill({ skill: { name: 'butler', text }, tasks: suite.tasks, target, trusted: true })),
  );
  assert.deepEqual([untrained, trained].map(([result]) => (result && isScoredTask(result) ? [result.output, result.score.hard] : undefined)), [
    ['{"reply": "here it is"}', 0],
    ['{"reply": "Please, here it is"}', 1],
  ]);
});
