/**
 * A promptfoo suite whose provider gives the model a tool, end to end through the
 * simulated world: loaded, run on the target with its tool, the call shaped as
 * promptfoo's OpenAI provider gives it, and checked by promptfoo's own tool checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateSkill, isScoredTask } from '../../../src/core/evaluation';
import { createSimulatedModel, createSimulatedWorld } from '../../../src/core/models/sim';
import { loadTaskSet } from '../../../src/core/tasks/load-task-set';
import { makeSkillFolder } from '../tasks/task-file-helpers';
import { weatherToolsSuite } from '../../support/weather-tools-suite';


test('a tools suite runs through the simulated target: the call reaches the checks as an OpenAI tool_calls array', async () => {
  const skillDir = makeSkillFolder({ 'evals/promptfooconfig.yaml': weatherToolsSuite({ simHints: true }) }, 'weather');
  const taskSet = await loadTaskSet(skillDir, { runCode: true });
  assert.equal(taskSet.warnings?.length ?? 0, 0, JSON.stringify(taskSet.warnings));
  const target = createSimulatedModel('sim:target', createSimulatedWorld(taskSet));
  const evaluate = (text: string) => evaluateSkill({ skill: { name: 'weather', text }, tasks: taskSet.tasks, target, trusted: true, skillDirectory: skillDir });

  const [guided] = await evaluate('---\nname: weather\n---\nCall the forecast tool with the city the user names.\n');
  assert.ok(guided && isScoredTask(guided));
  assert.deepEqual(JSON.parse(guided.output), [{ id: 'call_sim_0', type: 'function', function: { name: 'forecast', arguments: '{"city":"Oslo"}' } }]);
  assert.deepEqual(guided.score.checks.map((check) => [check.name, check.pass]), [
    ['is-valid-openai-tools-call', true],
    ['finish-reason', true],
    ['javascript', true],
  ]);
  assert.equal(guided.score.hard, 1);

  // Without the rule the call is still valid, but names no city the user asked about.
  const [unguided] = await evaluate('---\nname: weather\n---\nAnswer questions.\n');
  assert.ok(unguided && isScoredTask(unguided));
  assert.deepEqual(unguided.score.checks.map((check) => check.pass), [true, true, false]);
});
