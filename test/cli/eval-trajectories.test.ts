import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvalCommand } from '../../src/cli/commands/eval-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { emptyUsage } from '../../src/core/models/chat-model';
import { ScriptedChatModel } from '../../src/core/models/scripted-chat-model';

const evals = { skill_name: 'lister', evals: [{ id: 'lists-files', prompt: 'List the files.', assert: [{ type: 'contains', value: 'README' }] }] };

test('eval --trajectories prints what an agent target did on each task; --json always carries the trajectory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skill-trainer-trajectories-'));
  try {
    const skillDir = join(root, 'lister');
    await mkdir(join(skillDir, 'evals'), { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '---\nname: lister\ndescription: Lists files.\n---\nUse ls.\n');
    await writeFile(join(skillDir, 'evals', 'evals.json'), JSON.stringify(evals));
    const agent = () =>
      new ScriptedChatModel([], {
        fallback: () => ({
          text: 'README.md',
          usage: emptyUsage(),
          trajectory: { steps: [{ type: 'tool_call', name: 'Bash', input: 'ls -1' }, { type: 'tool_result', name: 'Bash', output: 'README.md' }, { type: 'text', text: 'README.md' }], skippedLines: 0 },
        }),
      });
    const args = { skillDir, target: 'scripted:agent', cache: false, split: 'all' as const };

    const text = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand({ ...args, trajectories: true }, text, { createModel: agent }), 0, text.stderrText);
    assert.match(text.stdoutText, /Trajectories \(what the agent did on each task; the final answer is in the table\):\n\n── lists-files ──\n/);
    assert.match(text.stdoutText, /Bash[\s\S]*ls -1[\s\S]*README\.md/);

    const plain = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand(args, plain, { createModel: agent }), 0);
    assert.doesNotMatch(plain.stdoutText, /Trajectories/, 'only when asked');

    const json = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand({ ...args, json: true }, json, { createModel: agent }), 0);
    const report = JSON.parse(json.stdoutText) as { tasks: { trajectory?: { steps: { type: string }[] } }[] };
    assert.deepEqual(report.tasks[0]!.trajectory?.steps.map((step) => step.type), ['tool_call', 'tool_result', 'text']);

    const chat = createCapturedIo({ environment: {} });
    assert.equal(await runEvalCommand({ ...args, trajectories: true }, chat, { createModel: () => new ScriptedChatModel([], { fallback: () => 'README.md' }) }), 0);
    assert.match(chat.stdoutText, /Trajectories: the target reported none \(plain chat APIs have none; agent-CLI targets do\)\./);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
