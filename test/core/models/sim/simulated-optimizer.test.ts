import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createSimulatedWorld } from '../../../../src/core/models/sim';
import { simulatedMergeReply, simulatedReflectReply } from '../../../../src/core/models/sim/simulated-optimizer';
import { loadTaskSet } from '../../../../src/core/tasks';

const skillDir = 'skills/commit-messages';

/** A failure analyst's prompt as the reflect stage writes it (only the tagged parts the simulation reads). */
function failurePrompt(skill: string, taskIds: readonly string[], budget = 4): string {
  const tasks = taskIds.map((id) => `<task id="${id}" hard="0" soft="0.00">\n<prompt>\n…\n</prompt>\n</task>`).join('\n\n');
  return `<skill>\n${skill}\n</skill>\n\n<edit_budget>${budget}</edit_budget>\n\n## Failed tasks (${taskIds.length} tasks)\n\n${tasks}`;
}

test('the simulated analyst gives every edit its own reasoning: the convention it adds and how many failed tasks broke it', async () => {
  const taskSet = await loadTaskSet(skillDir);
  const world = createSimulatedWorld(taskSet, { seed: 42 });
  const skill = await readFile(`${skillDir}/SKILL.md`, 'utf8');
  const ids = taskSet.tasks.filter((task) => task.split === 'train').slice(0, 6).map((task) => task.id);
  const reply = JSON.parse(simulatedReflectReply(world, failurePrompt(skill, ids))) as { reasoning: string; edits: Array<{ content: string; reasoning?: string }> };
  assert.ok(reply.edits.length >= 2, JSON.stringify(reply));
  for (const edit of reply.edits) {
    assert.match(edit.reasoning ?? '', /^(\d+ of \d+ failed tasks break the convention "[^"]+", which the skill does not state|The outputs look inconsistent|Good answers could also)/, JSON.stringify(edit));
    assert.ok(reply.reasoning.includes(edit.reasoning!.slice(1, -1)), 'each edit’s reasoning is part of the patch’s');
  }
});

test('the simulated merger adds up duplicates and combines their reasonings', () => {
  const patches = [
    { edits: [{ op: 'append', content: '- Rule A.', source: 'failure', support: 1, reasoning: '2 of 4 failed tasks break "a".' }] },
    { edits: [{ op: 'append', content: '- rule  a.', source: 'failure', support: 1, reasoning: '3 of 4 failed tasks break "a".' }, { op: 'append', content: '- Rule B.', source: 'failure', support: 1 }] },
  ];
  const reply = JSON.parse(simulatedMergeReply(`<patches>\n${JSON.stringify(patches)}\n</patches>`)) as { edits: Array<{ content: string; support: number; reasoning?: string }> };
  assert.deepEqual(
    reply.edits.map((edit) => [edit.content, edit.support, edit.reasoning]),
    [
      ['- Rule A.', 2, '2 of 4 failed tasks break "a". 3 of 4 failed tasks break "a".'],
      ['- Rule B.', 1, undefined],
    ],
  );
});
