import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { evaluateSkill, isScoredTask, rolloutRequest } from '../../../src/core/evaluation';
import { createSimulatedModel, createSimulatedWorld } from '../../../src/core/models/sim';
import { loadTaskSet } from '../../../src/core/tasks';

const task = { id: 't1', prompt: 'Write a commit message', assert: [], rubric: { hard: [], soft: [] } } as unknown as Parameters<typeof rolloutRequest>[0];
const skill = { name: 'commit-messages', text: '# Commit messages\nUse the imperative.' };

test('without the skill, an API model gets the task alone and an agent CLI gets nothing installed', () => {
  const api = rolloutRequest(task, skill, { installsSkills: false }, { withoutSkill: true });
  assert.deepEqual(api.messages, [{ role: 'user', content: 'Write a commit message' }]);
  assert.equal(api.skill, undefined);
  const agent = rolloutRequest(task, skill, { installsSkills: true }, { withoutSkill: true });
  assert.equal(agent.skill, undefined);
  assert.deepEqual(rolloutRequest(task, skill, { installsSkills: false }).messages[0], { role: 'system', content: skill.text }, 'with the skill, as before');
});

test('evaluating without the skill scores what the target does on its own', async () => {
  const directory = resolve('skills/commit-messages');
  const taskSet = await loadTaskSet(directory);
  const world = createSimulatedWorld(taskSet);
  const model = createSimulatedModel('sim:target', world);
  const payload = { name: 'commit-messages', text: await readFile(join(directory, 'SKILL.md'), 'utf8') };
  const common = { skill: payload, tasks: taskSet.tasks, target: model, judge: model, trusted: true, skillDirectory: directory };
  const mean = (results: Awaited<ReturnType<typeof evaluateSkill>>) => results.filter(isScoredTask).reduce((sum, result) => sum + result.score.soft, 0) / results.length;
  const withSkill = mean(await evaluateSkill(common));
  const without = mean(await evaluateSkill({ ...common, withoutSkill: true }));
  assert.ok(without < withSkill, `without the skill ${without} should score below ${withSkill}`);
});
