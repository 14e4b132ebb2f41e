import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderCallError } from '../../../../src/core/models';
import { createSandbox, exampleSkill, fakeCliModel, readRecord, type AgentCliSandbox } from './agent-cli-test-support';

describe('gemini-cli target specifics', () => {
  let sandbox: AgentCliSandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(async () => {
    await sandbox.remove();
  });

  it('isolates GEMINI_CLI_HOME, carrying over only the login and the chosen auth method', async () => {
    await fakeCliModel('gemini-cli', sandbox).complete({ messages: [{ role: 'user', content: '-starts with a dash' }], skill: exampleSkill });
    const record = await readRecord(sandbox);
    assert.equal(record.prompt, '-starts with a dash');
    assert.equal(record.stdin, '', 'stdin is empty, so nothing is put in front of the prompt');
    assert.ok(record.env.GEMINI_CLI_HOME?.startsWith(sandbox.temporary));
    assert.deepEqual((record.geminiHomeFiles as string[]).sort(), ['oauth_creds.json', 'settings.json']);
    assert.deepEqual(record.settings, { security: { auth: { selectedType: 'oauth-personal' } } }, "none of the user's MCP servers");
    assert.deepEqual(record.skills, [{ name: 'commit-messages', firstLine: '# Commit messages: imperative mood' }]);
  });

  it("reads the session's steps from stream-json: tool calls, results and errors, notices, the answer's pieces as one text", async () => {
    const response = await fakeCliModel('gemini-cli', sandbox).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(response.trajectory, {
      skippedLines: 0,
      steps: [
        { type: 'tool_call', name: 'list_directory', input: '{"path":"."}', callId: 'call-1' },
        { type: 'tool_result', name: 'list_directory', output: 'Listed 2 item(s).', callId: 'call-1' },
        { type: 'tool_call', name: 'read_file', input: '{"absolute_path":"/missing.txt"}', callId: 'call-2' },
        { type: 'tool_result', name: 'read_file', output: '', error: 'file_not_found: File not found: /missing.txt', callId: 'call-2' },
        { type: 'notice', message: 'warning: Loop detection is off.' },
        { type: 'text', text: response.text },
      ],
    });
  });

  it('skips malformed lines and unreadable events, counting them, and still answers', async () => {
    const response = await fakeCliModel('gemini-cli', sandbox, { behaviour: 'malformed_lines' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.match(response.text, /prompt: Hi/);
    // A log line, a line cut short, and a tool result without its status.
    assert.equal(response.trajectory?.skippedLines, 3);
    assert.equal(response.trajectory?.steps.length, 6);
  });

  for (const [behaviour, where] of [
    ['auth_error', 'a closing result event with status error'],
    ['auth_error_document', 'a JSON error document on stderr'],
  ]) {
    it(`reads a failure reported as ${where} and classifies it`, async () => {
      await assert.rejects(fakeCliModel('gemini-cli', sandbox, { behaviour }).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
        assert.ok(error instanceof ProviderCallError);
        assert.equal(error.kind, 'auth');
        assert.match(error.message, /FatalAuthenticationError: Please set an Auth method/);
        assert.match(error.message, /exit code 41/);
        return true;
      });
    });
  }
});
