/**
 * Every bundled example skill is a proper Agent Skills folder whose tasks load, and its
 * simulated-world hints agree with its checks: the world's best answer passes every
 * check, the answer under the shipped SKILL.md leaves room to learn, and each harmful
 * rule visibly hurts every validation task (so the gate can reject it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSkill } from '../../src/core/skill';
import { scoreTask } from '../../src/core/scoring';
import { exampleSkillNames, loadExample, simulatedJudge, skillStatingEveryRule } from './example-skills';

const names = exampleSkillNames();

test('skills/ holds at least three example skills, commit-messages among them', () => {
  assert.ok(names.length >= 3, `found ${names.join(', ')}`);
  assert.ok(names.includes('commit-messages'));
});

for (const name of names) {
  test(`${name}: SKILL.md passes validation with its folder name`, async () => {
    const { skillText } = await loadExample(name);
    assert.deepEqual(validateSkill(skillText, { folderName: name }), []);
  });

  test(`${name}: evals.json loads without warnings: 12+ tasks with explicit splits, rubrics and assertions`, async () => {
    const { taskSet } = await loadExample(name);
    assert.equal(taskSet.skillName, name);
    assert.deepEqual(taskSet.warnings ?? [], []);
    assert.ok(taskSet.tasks.length >= 12, `${taskSet.tasks.length} tasks`);
    for (const split of ['train', 'val', 'test'] as const) {
      assert.ok(taskSet.tasks.some((task) => task.split === split), `a ${split} task`);
    }
    for (const task of taskSet.tasks) {
      assert.ok(task.split, `${task.id} has an explicit split`);
      assert.ok(task.rubric.hard.length > 0, `${task.id} has hard criteria`);
      assert.ok(task.rubric.soft.length > 0, `${task.id} has soft criteria`);
      assert.ok(task.assert.length > 0, `${task.id} has assertions`);
      assert.ok(task.expectedOutput, `${task.id} has an expected output`);
    }
    // More train tasks than validation or test tasks, as in a real split.
    const count = (split: string) => taskSet.tasks.filter((task) => task.split === split).length;
    assert.ok(count('train') > count('val') && count('train') > count('test'));
  });

  test(`${name}: the world's best answer to every task passes every check and is its expected output`, async () => {
    const { world } = await loadExample(name);
    const judge = simulatedJudge(world);
    const best = skillStatingEveryRule(world);
    for (const simulated of world.tasks) {
      const output = world.answer(simulated, best);
      assert.equal(output, simulated.task.expectedOutput, `${simulated.task.id}: expected_output is the template with every rule followed`);
      const score = await scoreTask(simulated.task, output, { judge, trusted: false });
      const failed = score.checks.filter((check) => !check.pass).map((check) => `${check.name}: ${check.reason}`);
      assert.deepEqual(failed, [], simulated.task.id);
      assert.equal(score.hard, 1, simulated.task.id);
    }
  });

  test(`${name}: every rule is stated in the skill, learnable from the train split, or both`, async () => {
    const { world, skillText } = await loadExample(name);
    const stated = world.followedRules(skillText);
    const learnable = new Set(world.tasks.filter((task) => task.task.split === 'train').flatMap((task) => task.rules));
    for (const rule of world.hints.rules) assert.ok(stated.has(rule.id) || learnable.has(rule.id), rule.id);
    // The shipped skill is plausible but incomplete: it states some rules, not all.
    assert.ok(stated.size > 0 && stated.size < world.hints.rules.length, `states ${[...stated].join(', ')}`);
    for (const rule of [...world.hints.harmful, ...world.hints.useless]) assert.ok(!world.states(skillText, rule.phrase), `does not state '${rule.phrase}'`);
  });

  test(`${name}: the shipped skill fails some validation tasks, and each harmful rule fails every one`, async () => {
    const { world, skillText } = await loadExample(name);
    const judge = simulatedJudge(world);
    const val = world.tasks.filter((task) => task.task.split === 'val');
    const hardUnder = async (skill: string) =>
      Promise.all(val.map(async (task) => (await scoreTask(task.task, world.answer(task, skill), { judge, trusted: false })).hard));
    const baseline = await hardUnder(skillText);
    assert.ok(baseline.includes(0), 'room to learn');
    for (const harmful of world.hints.harmful) {
      const damaged = await hardUnder(`${skillStatingEveryRule(world)}\n- ${harmful.instruction}`);
      assert.deepEqual(damaged, val.map(() => 0), `harmful rule ${harmful.id}`);
    }
  });
}
