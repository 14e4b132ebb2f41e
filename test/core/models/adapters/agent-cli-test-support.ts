/**
 * Shared setup for the agent-CLI adapter tests: the fake CLIs in
 * test/fixtures/fake-clis, a fake user home with logins and user skills (which must
 * not leak into rollouts), and process checks.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createChatModel, type ChatModel } from '../../../../src/core/models';
import type { AgentCliProvider } from '../../../../src/core/models';

export const fakeCliDirectory = resolve('test/fixtures/fake-clis');

export const fakeExecutables: Record<AgentCliProvider, string> = {
  'claude-code': join(fakeCliDirectory, 'claude'),
  codex: join(fakeCliDirectory, 'codex'),
  'gemini-cli': join(fakeCliDirectory, 'gemini'),
};

/** A skill as the rollout hands it to an agent CLI. */
export const exampleSkill = {
  name: 'commit-messages',
  text: '---\nname: commit-messages\ndescription: Write commit messages.\n---\n\n# Commit messages: imperative mood\n\nUse the imperative.\n',
};

/** Folders one test owns: temp projects go under `temporary`, `home` plays the user's home. */
export interface AgentCliSandbox {
  root: string;
  temporary: string;
  home: string;
  recordFile: string;
  pidFile: string;
  remove(): Promise<void>;
}

export async function createSandbox(): Promise<AgentCliSandbox> {
  const root = await mkdtemp(join(tmpdir(), 'agent-cli-test-'));
  const temporary = join(root, 'tmp');
  const home = join(root, 'home');
  await mkdir(temporary);
  // The user's own setup, which must stay out of rollouts (no real secrets: placeholders).
  for (const folder of ['.claude/skills/user-skill', '.agents/skills/user-skill', '.codex', '.gemini']) {
    await mkdir(join(home, folder), { recursive: true });
  }
  await writeFile(join(home, '.claude/skills/user-skill/SKILL.md'), '---\nname: user-skill\ndescription: x\n---\nUser skill\n');
  await writeFile(join(home, '.agents/skills/user-skill/SKILL.md'), '---\nname: user-skill\ndescription: x\n---\nUser skill\n');
  await writeFile(join(home, '.codex/auth.json'), '{"placeholder": true}\n');
  await writeFile(join(home, '.codex/config.toml'), 'model = "user-model"\n');
  await writeFile(join(home, '.gemini/oauth_creds.json'), '{"placeholder": true}\n');
  await writeFile(join(home, '.gemini/settings.json'), JSON.stringify({ security: { auth: { selectedType: 'oauth-personal' } }, mcpServers: { user: {} } }));
  return {
    root,
    temporary,
    home,
    recordFile: join(root, 'record.json'),
    pidFile: join(root, 'pids.txt'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

export interface FakeCliModelOptions {
  behaviour?: string;
  timeoutMs?: number;
  spec?: string;
  executable?: string;
  extraEnvironment?: Record<string, string>;
}

/** A model for `provider` that runs the fake CLI inside `sandbox`. */
export function fakeCliModel(provider: AgentCliProvider, sandbox: AgentCliSandbox, options: FakeCliModelOptions = {}): ChatModel {
  return createChatModel(options.spec ?? provider, {
    trusted: true,
    agentClis: {
      executables: { [provider]: options.executable ?? fakeExecutables[provider] },
      timeoutMs: options.timeoutMs ?? 20_000,
      temporaryDirectory: sandbox.temporary,
      userHomeDirectory: sandbox.home,
      environment: {
        PATH: process.env.PATH,
        HOME: sandbox.home,
        FAKE_CLI_BEHAVIOUR: options.behaviour ?? 'success',
        FAKE_CLI_RECORD: sandbox.recordFile,
        FAKE_CLI_PID_FILE: sandbox.pidFile,
        ...options.extraEnvironment,
      },
    },
  });
}

/** What the fake CLI saw, as it recorded it. */
export async function readRecord(sandbox: AgentCliSandbox): Promise<Record<string, unknown> & { argv: string[]; env: Record<string, string | undefined> }> {
  return JSON.parse(await readFile(sandbox.recordFile, 'utf8'));
}

/** Temp projects left in the sandbox (should be none after every call). */
export async function leftoverProjects(sandbox: AgentCliSandbox): Promise<string[]> {
  return readdir(sandbox.temporary);
}

/** The fake's pid and its grandchild's pid, as written for hang and leave_background. */
export async function recordedPids(sandbox: AgentCliSandbox): Promise<number[]> {
  const text = await readFile(sandbox.pidFile, 'utf8');
  return text.trim().split(/\s+/).map(Number);
}

/** True while `pid` runs; a zombie (exited, not yet reaped) counts as gone. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** Waits up to `timeoutMs` for every pid to be gone; returns those still alive. */
export async function waitForProcessesToEnd(pids: number[], timeoutMs = 3000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let alive = pids.filter(isProcessAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    alive = alive.filter(isProcessAlive);
  }
  return alive;
}

/** Waits until the fake has written its pid file (it does so right after starting its grandchild). */
export async function waitForPidFile(sandbox: AgentCliSandbox, timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const pids = await recordedPids(sandbox);
      if (pids.length === 2 && pids.every(Number.isFinite)) return pids;
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) throw new Error('the fake CLI never wrote its pid file');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
