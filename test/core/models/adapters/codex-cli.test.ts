import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ProviderCallError } from '../../../../src/core/models';
import { createSandbox, exampleSkill, fakeCliModel, readRecord, type AgentCliSandbox } from './agent-cli-test-support';

describe('codex target specifics', () => {
  let sandbox: AgentCliSandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(async () => {
    await sandbox.remove();
  });

  it('isolates CODEX_HOME and HOME, keeping only a symlink to the login', async () => {
    await fakeCliModel('codex', sandbox).complete({ messages: [{ role: 'user', content: 'Task.' }], skill: exampleSkill });
    const record = await readRecord(sandbox);
    assert.deepEqual(record.argv, ['exec', '--json', '--skip-git-repo-check', '-']);
    assert.equal(record.stdin, 'Task.');
    assert.ok(record.env.CODEX_HOME?.startsWith(sandbox.temporary), 'CODEX_HOME is inside the temporary project');
    assert.ok(record.env.HOME?.startsWith(sandbox.temporary), 'HOME is the isolated one');
    assert.deepEqual(record.codexHomeFiles, ['auth.json'], "no config.toml, skills or history of the user's");
    assert.equal(record.authIsSymlink, true, 'the login is linked, not copied');
    assert.equal(record.userSkillsVisible, false, '~/.agents/skills of the user is out of sight');
    assert.deepEqual(record.skills, [{ name: 'commit-messages', firstLine: '# Commit messages: imperative mood' }]);
    assert.equal(record.env.CODEX_HOME, join(record.env.HOME ?? '', '.codex'));
  });

  it('reports turn.failed as a failure, classified (401 → auth)', async () => {
    await assert.rejects(fakeCliModel('codex', sandbox, { behaviour: 'turn_failed' }).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /401 Unauthorized/);
      assert.match(error.message, /codex login/);
      return true;
    });
  });

  it("reads the session's steps from the finished items: messages, commands with output and exit code, patches, MCP calls", async () => {
    const response = await fakeCliModel('codex', sandbox).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(response.trajectory, {
      skippedLines: 0,
      steps: [
        { type: 'tool_call', name: 'shell', input: 'bash -lc ls', callId: 'item_3' },
        { type: 'tool_result', name: 'shell', output: 'README.md\n', callId: 'item_3' },
        { type: 'tool_call', name: 'shell', input: 'bash -lc "cat missing.txt"', callId: 'item_4' },
        { type: 'tool_result', name: 'shell', output: 'cat: missing.txt: No such file or directory\n', error: 'exit code 1', callId: 'item_4' },
        { type: 'tool_call', name: 'apply_patch', input: 'add notes.md', callId: 'item_5' },
        { type: 'tool_result', name: 'apply_patch', output: 'completed', callId: 'item_5' },
        { type: 'tool_call', name: 'docs.search', input: '{"q":"commit style"}', callId: 'item_6' },
        { type: 'tool_result', name: 'docs.search', output: '', error: 'server not running', callId: 'item_6' },
        { type: 'text', text: 'a first draft' },
        { type: 'text', text: response.text },
      ],
    });
  });

  it('skips malformed lines and unreadable items, counting them, and still answers', async () => {
    const response = await fakeCliModel('codex', sandbox, { behaviour: 'malformed_lines' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.match(response.text, /prompt: Hi/);
    // A line cut short, a line of text, and a command item without its command.
    assert.equal(response.trajectory?.skippedLines, 3);
    assert.equal(response.trajectory?.steps.length, 10);
  });

  it('ignores passing error notices when the session still answered', async () => {
    const response = await fakeCliModel('codex', sandbox, { behaviour: 'reconnect_notice' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.match(response.text, /prompt: Hi/);
  });
});
