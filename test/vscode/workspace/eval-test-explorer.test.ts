import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RecordedResult } from '../../../src/vscode/testing/eval-test-recording';
import { exampleSkillUri, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension } from '../support/skill-trainer-extension';

type Snapshot = { id: string; label: string; description?: string; error?: string; children: { id: string; label: string; description?: string; tags: string[]; uri?: string; line?: number }[] }[];

const snapshot = () => vscode.commands.executeCommand<Snapshot>('skillTrainer.evalTests.snapshot');
const run = (options: { taskIds?: string[]; withSkill?: boolean }) =>
  vscode.commands.executeCommand<RecordedResult[]>('skillTrainer.evalTests.run', { skillUri: exampleSkillUri().toString(), ...options });

// Eval tasks in the Test Explorer: each skill an item, each task a child at its place in
// evals.json; Run scores them (with or without the skill) in the simulated world.
describe('eval tasks in the Test Explorer', function () {
  this.timeout(60_000);
  let restore: () => Promise<void>;
  let validation: string[];

  before(async () => {
    await skillTrainerExtension().activate();
    restore = await setUserSettings({ target: 'sim:demo' });
  });
  after(async () => restore());

  it('lists each skill with its tasks, tagged by split, each at its place in evals.json', async () => {
    const skill = (await snapshot()).find((item) => item.label === 'commit-messages');
    assert.ok(skill, 'commit-messages is not in the Test Explorer');
    assert.equal(skill.children.length, 24);
    assert.equal(skill.description, '24 tasks');
    assert.ok(skill.children.every((child) => child.uri?.endsWith('/skills/commit-messages/evals/evals.json')));
    const lines = skill.children.map((child) => child.line);
    assert.equal(new Set(lines).size, 24, `each task has its own line: ${lines.join(', ')}`);
    assert.deepEqual([...new Set(skill.children.flatMap((child) => child.tags))].sort(), ['test', 'train', 'val']);
    validation = skill.children.filter((child) => child.tags.includes('val')).map((child) => child.label);
    assert.ok(validation.length >= 2);
    assert.ok(skill.children.find((child) => child.label === validation[0])?.description?.startsWith('validation'));
  });

  it('Run with Skill scores the tasks; a failure shows its failed checks, expected beside actual, and the judge’s evidence', async () => {
    const results = await run({ taskIds: validation, withSkill: true });
    assert.deepEqual(results.map((result) => result.taskId).sort(), [...validation].sort());
    assert.ok(results.every((result) => result.state === 'passed' || result.state === 'failed'), JSON.stringify(results.map((r) => r.state)));
    const failed = results.filter((result) => result.state === 'failed');
    assert.ok(failed.length > 0, 'the untrained example should fail a validation task');
    const messages = failed.flatMap((result) => result.messages);
    assert.ok(messages.some((message) => message.expected !== undefined && message.actual !== undefined), 'no message with expected and actual text');
    assert.ok(messages.some((message) => /^The expected output \(left\) beside the output/.test(message.text)), 'no diff against the expected output');
    assert.ok(messages.every((message) => message.line !== undefined), 'a message without the task’s place');
    assert.ok(messages.some((message) => /The judge's evidence/.test(message.text)) || messages.some((message) => /^(regex|not-regex|contains):/.test(message.text)));
  });

  it('Run without Skill runs the same tasks unaided, and each task keeps its history', async () => {
    const without = await run({ taskIds: [validation[0]!], withSkill: false });
    assert.equal(without.length, 1);
    assert.ok(['passed', 'failed'].includes(without[0]!.state));
    const task = (await snapshot()).find((item) => item.label === 'commit-messages')!.children.find((child) => child.label === validation[0]);
    // Two runs so far: one with the skill, one (marked ∅) without.
    assert.match(task?.description ?? '', /· [✓✗]∅[✓✗]$/);
  });
});
