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

  it('reads a JSON error printed on stderr and classifies it', async () => {
    await assert.rejects(fakeCliModel('gemini-cli', sandbox, { behaviour: 'auth_error' }).complete({ messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof ProviderCallError);
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /Please set an Auth method/);
      assert.match(error.message, /exit code 41/);
      return true;
    });
  });
});
