import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderCallError } from '../../../../src/core/models';
import { createSandbox, exampleSkill, fakeCliModel, leftoverProjects, readRecord, type AgentCliSandbox } from './agent-cli-test-support';

describe('claude-code target specifics', () => {
  let sandbox: AgentCliSandbox;
  before(async () => {
    sandbox = await createSandbox();
  });
  after(async () => {
    await sandbox.remove();
  });

  it('treats is_error: true as a failure even with exit code 0 (logged out), naming the fix', async () => {
    const model = fakeCliModel('claude-code', sandbox, { behaviour: 'logged_out' });
    await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'Hi' }], skill: exampleSkill }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /Invalid API key · Please run \/login/);
      assert.match(error.message, /exit code 0/);
      assert.match(error.message, /log in \(\/login\)/);
      return true;
    });
    assert.deepEqual(await leftoverProjects(sandbox), []);
  });

  it("reads the session's steps from stream-json: text, tool calls with their input, results and errors (thinking left out)", async () => {
    const response = await fakeCliModel('claude-code', sandbox).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(response.trajectory, {
      skippedLines: 0,
      steps: [
        { type: 'text', text: 'I will list the files.' },
        { type: 'tool_call', name: 'Bash', input: '{"command":"ls","description":"List files"}', callId: 'toolu_1' },
        { type: 'tool_result', name: 'Bash', output: 'README.md\nsrc', callId: 'toolu_1' },
        { type: 'tool_call', name: 'Read', input: '{"file_path":"/missing.txt"}', callId: 'toolu_2' },
        { type: 'tool_result', name: 'Read', output: '', error: 'File does not exist.', callId: 'toolu_2' },
        { type: 'text', text: response.text },
      ],
    });
  });

  it('skips malformed lines and unreadable messages, counting them, and still answers', async () => {
    const response = await fakeCliModel('claude-code', sandbox, { behaviour: 'malformed_lines' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.match(response.text, /prompt: Hi/);
    // A log line, a line cut short, and a tool_use block without a name.
    assert.equal(response.trajectory?.skippedLines, 3);
    assert.equal(response.trajectory?.steps.filter((step) => step.type === 'tool_call').length, 2);
  });

  it('reads the result entry when the output is a message list', async () => {
    const response = await fakeCliModel('claude-code', sandbox, { behaviour: 'verbose_array' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.match(response.text, /prompt: Hi/);
    assert.equal(response.usage.costUsd, 0.0123);
    assert.deepEqual(response.trajectory, { steps: [{ type: 'text', text: 'Done.' }], skippedLines: 0 }, 'the messages of the list are the trajectory');
  });

  it('keeps user settings, user skills and MCP servers out, sends the prompt on stdin, and does not nest in a Claude session', async () => {
    const model = fakeCliModel('claude-code', sandbox, { extraEnvironment: { CLAUDECODE: '1' } });
    await model.complete({ messages: [{ role: 'user', content: 'The task prompt.' }], skill: exampleSkill });
    const record = await readRecord(sandbox);
    assert.deepEqual(record.argv.slice(0, 4), ['-p', '--output-format', 'stream-json', '--verbose']);
    assert.equal(record.argv[record.argv.indexOf('--setting-sources') + 1], 'project');
    assert.ok(record.argv.includes('--strict-mcp-config'));
    assert.equal(record.stdin, 'The task prompt.');
    assert.ok(!record.argv.includes('The task prompt.'), 'the prompt is not on the command line');
    assert.equal(record.env.CLAUDECODE, undefined);
    // The login stays where Claude Code keeps it.
    assert.equal(record.env.CLAUDE_CONFIG_DIR, undefined);
    assert.equal(record.env.HOME, sandbox.home);
  });

  it('asks for JSON in the prompt when the request has a schema', async () => {
    await fakeCliModel('claude-code', sandbox).complete({
      messages: [{ role: 'user', content: 'Grade it.' }],
      jsonSchema: { name: 'grade', schema: { type: 'object' } },
    });
    const record = await readRecord(sandbox);
    assert.match(String(record.stdin), /^Grade it\.\n\nReply with one JSON value that matches the JSON Schema "grade"/);
  });
});
