import { after, before, describe, it } from 'node:test';
import { rm } from 'node:fs/promises';
import assert from 'node:assert/strict';
import {
  AgentCliNotFoundError,
  AgentCliUntrustedError,
  CallAbortedError,
  createChatModel,
  ProviderCallError,
  type AgentCliProvider,
  type Usage,
} from '../../../../src/core/models';
import {
  createSandbox,
  exampleSkill,
  fakeCliDirectory,
  fakeCliModel,
  leftoverProjects,
  readRecord,
  waitForPidFile,
  waitForProcessesToEnd,
  type AgentCliSandbox,
} from './agent-cli-test-support';
import { rejection } from './rejection';

const expectedUsage: Record<AgentCliProvider, Omit<Usage, 'latencyMs'>> = {
  // Claude Code: input 10 + cache read 100 + cache write 5; it reports its own cost.
  'claude-code': { inputTokens: 115, outputTokens: 20, cachedInputTokens: 100, costUsd: 0.0123, turns: 3 },
  codex: { inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, costUsd: null, turns: 1 },
  // Gemini CLI: two models summed; thinking counts as output.
  'gemini-cli': { inputTokens: 250, outputTokens: 55, cachedInputTokens: 150, costUsd: null, turns: 3 },
};

const providers: AgentCliProvider[] = ['claude-code', 'codex', 'gemini-cli'];

for (const provider of providers) {
  describe(`${provider} target (fake CLI)`, () => {
    let sandbox: AgentCliSandbox;
    before(async () => {
      sandbox = await createSandbox();
    });
    after(async () => {
      await sandbox.remove();
    });

    it('installs the skill where the CLI loads it, runs headless, and reads text, tokens, turns and cost', async () => {
      const model = fakeCliModel(provider, sandbox);
      assert.equal(model.installsSkills, true);
      const response = await model.complete({ messages: [{ role: 'user', content: 'Write a commit message.' }], skill: exampleSkill });
      assert.equal(
        response.text.trim(),
        'skills: commit-messages (# Commit messages: imperative mood)\nprompt: Write a commit message.',
        'only the candidate skill is installed, none of the user’s',
      );
      const { latencyMs, ...usage } = response.usage;
      assert.deepEqual(usage, expectedUsage[provider]);
      assert.ok(latencyMs > 0);
      assert.deepEqual(await leftoverProjects(sandbox), [], 'the temporary project is removed');
    });

    it('runs without a skill when the request has none (a baseline)', async () => {
      const response = await fakeCliModel(provider, sandbox).complete({ messages: [{ role: 'user', content: 'Hi' }] });
      assert.match(response.text, /^skills: none/);
    });

    it('passes the model and extra system text through', async () => {
      const model = fakeCliModel(provider, sandbox, { spec: `${provider}:fake-model-1` });
      assert.equal(model.spec, `${provider}:fake-model-1`);
      const response = await model.complete({
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Hi' },
        ],
      });
      assert.match(response.text, /prompt: Answer in French\.\n\nHi/);
      const record = await readRecord(sandbox);
      assert.equal(record.argv[record.argv.indexOf('--model') + 1], 'fake-model-1');
    });

    it('stops the whole process tree on timeout and removes the project', async () => {
      const model = fakeCliModel(provider, sandbox, { behaviour: 'hang', timeoutMs: 700 });
      const call = model.complete({ messages: [{ role: 'user', content: 'Hi' }], skill: exampleSkill });
      const pids = await waitForPidFile(sandbox);
      const error = await rejection(call);
      assert.ok(error instanceof ProviderCallError, String(error));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /did not finish within 1 s/);
      assert.deepEqual(await waitForProcessesToEnd(pids), [], 'the CLI and its grandchild are gone');
      assert.deepEqual(await leftoverProjects(sandbox), []);
    });

    it('cancels promptly through the signal, killing the process tree', async () => {
      await rm(sandbox.pidFile, { force: true });
      const controller = new AbortController();
      const model = fakeCliModel(provider, sandbox, { behaviour: 'hang' });
      const call = model.complete({ messages: [{ role: 'user', content: 'Hi' }], signal: controller.signal });
      const pids = await waitForPidFile(sandbox);
      const abortedAt = Date.now();
      controller.abort();
      const error = await rejection(call);
      assert.ok(error instanceof CallAbortedError, String(error));
      assert.ok(Date.now() - abortedAt < 3000, 'rejects within the kill grace period');
      assert.deepEqual(await waitForProcessesToEnd(pids), []);
      assert.deepEqual(await leftoverProjects(sandbox), []);
    });

    it('leaves no tool process behind after a successful session', async () => {
      await rm(sandbox.pidFile, { force: true });
      await fakeCliModel(provider, sandbox, { behaviour: 'leave_background' }).complete({ messages: [{ role: 'user', content: 'Hi' }] });
      const pids = await waitForPidFile(sandbox);
      assert.deepEqual(await waitForProcessesToEnd(pids), []);
    });

    it('reports garbage output as a process failure', async () => {
      const error = await rejection(fakeCliModel(provider, sandbox, { behaviour: 'garbage' }).complete({ messages: [{ role: 'user', content: 'Hi' }] }));
      assert.ok(error instanceof ProviderCallError, String(error));
      assert.equal(error.kind, 'process');
      assert.match(error.body ?? '', /Something went wrong/);
      assert.deepEqual(await leftoverProjects(sandbox), []);
    });

    it('reports a crash with its exit code and stderr', async () => {
      const error = await rejection(fakeCliModel(provider, sandbox, { behaviour: 'error_exit' }).complete({ messages: [{ role: 'user', content: 'Hi' }] }));
      assert.ok(error instanceof ProviderCallError, String(error));
      assert.equal(error.kind, 'process');
      assert.match(error.message, /exit code 1; stderr: Error: the fake CLI crashed on purpose/);
    });

    it('names the install command when the executable is missing', async () => {
      const model = fakeCliModel(provider, sandbox, { executable: `${fakeCliDirectory}/not-installed-${provider}` });
      const error = await rejection(model.complete({ messages: [{ role: 'user', content: 'Hi' }] }));
      assert.ok(error instanceof AgentCliNotFoundError, String(error));
      assert.match(error.message, /was not found/);
      assert.match(error.message, /npm install -g @(anthropic-ai\/claude-code|openai\/codex|google\/gemini-cli)/);
      assert.deepEqual(await leftoverProjects(sandbox), []);
    });

    it('refuses a skill name that is not a safe folder name', async () => {
      const error = await rejection(
        fakeCliModel(provider, sandbox).complete({ messages: [{ role: 'user', content: 'Hi' }], skill: { name: '../escape', text: 'x' } }),
      );
      assert.ok(error instanceof ProviderCallError, String(error));
      assert.equal(error.kind, 'bad_request');
      assert.deepEqual(await leftoverProjects(sandbox), []);
    });

    it('is refused in an untrusted workspace, saying why', () => {
      assert.throws(
        () => createChatModel(provider, { trusted: false }),
        (error: unknown) => error instanceof AgentCliUntrustedError && /untrusted workspace/.test(error.message) && /runs tools/.test(error.message),
      );
    });
  });
}

describe('agent CLI executable lookup', () => {
  it('finds the default executable name on the PATH it is given', async () => {
    const sandbox = await createSandbox();
    try {
      const model = createChatModel('claude-code', {
        trusted: true,
        agentClis: {
          temporaryDirectory: sandbox.temporary,
          userHomeDirectory: sandbox.home,
          environment: { PATH: `${fakeCliDirectory}:${process.env.PATH}`, HOME: sandbox.home },
        },
      });
      const response = await model.complete({ messages: [{ role: 'user', content: 'Hi' }] });
      assert.match(response.text, /prompt: Hi/);
    } finally {
      await sandbox.remove();
    }
  });
});
