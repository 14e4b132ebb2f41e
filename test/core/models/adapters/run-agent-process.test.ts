import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAgentProcess } from '../../../../src/core/models/adapters/agent-cli/run-agent-process';
import { waitForProcessesToEnd } from './agent-cli-test-support';

const node = process.execPath;
const base = { cwd: tmpdir(), env: { PATH: process.env.PATH }, timeoutMs: 10_000 };

describe('runAgentProcess', () => {
  it('feeds stdin and collects stdout, stderr and the exit code', async () => {
    const result = await runAgentProcess({
      ...base,
      executable: node,
      args: ['-e', 'process.stdin.pipe(process.stdout); process.stderr.write("note"); process.stdin.on("end", () => process.exitCode = 3)'],
      stdin: 'hello through stdin',
    });
    assert.equal(result.stdout, 'hello through stdin');
    assert.equal(result.stderr, 'note');
    assert.equal(result.exitCode, 3);
    assert.equal(result.timedOut, false);
    assert.equal(result.aborted, false);
  });

  it('gives the child only the environment it is handed', async () => {
    const result = await runAgentProcess({
      ...base,
      env: { PATH: process.env.PATH, ONLY_THIS: 'yes' },
      executable: node,
      args: ['-e', 'process.stdout.write(JSON.stringify([process.env.ONLY_THIS, process.env.HOME ?? null]))'],
    });
    assert.deepEqual(JSON.parse(result.stdout), ['yes', null]);
  });

  it('stops a session whose output grows past the limit', async () => {
    const result = await runAgentProcess({
      ...base,
      executable: node,
      args: ['-e', 'const line = "x".repeat(1024) + "\\n"; setInterval(() => process.stdout.write(line.repeat(64)), 1)'],
      maxOutputBytes: 256 * 1024,
    });
    assert.equal(result.outputLimitExceeded, true);
    assert.ok(result.stdout.length <= 256 * 1024);
  });

  it('rejects with ENOENT when the executable does not exist', async () => {
    await assert.rejects(runAgentProcess({ ...base, executable: '/nonexistent/agent-cli', args: [] }), { code: 'ENOENT' });
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const startedAt = Date.now();
    const result = await runAgentProcess({
      ...base,
      executable: node,
      args: ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready")'],
      timeoutMs: 300,
      killGraceMs: 300,
    });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null, 'ended by a signal');
    assert.ok(Date.now() - startedAt < 3000);
  });
});

describe('runAgentProcess when this process exits', () => {
  it('kills the sessions still running, whose group the terminal cannot reach', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'exit-hook-'));
    try {
      const pidFile = join(folder, 'pids.txt');
      // A parent that starts a hanging session (CLI + grandchild), waits for its pids, then exits abruptly.
      const script = `
        const { runAgentProcess } = require(${JSON.stringify(resolve('src/core/models/adapters/agent-cli/run-agent-process.ts'))});
        const fs = require('node:fs');
        runAgentProcess({ executable: ${JSON.stringify(resolve('test/fixtures/fake-clis/claude'))}, args: ['-p', '--output-format', 'stream-json', '--verbose'],
          cwd: ${JSON.stringify(folder)}, env: { PATH: process.env.PATH, FAKE_CLI_BEHAVIOUR: 'hang', FAKE_CLI_PID_FILE: ${JSON.stringify(pidFile)} },
          timeoutMs: 60000 });
        const poll = setInterval(() => { if (fs.existsSync(${JSON.stringify(pidFile)})) { clearInterval(poll); process.exit(0); } }, 20);
      `;
      const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(result.status, 0, result.stderr);
      const pids = (await readFile(pidFile, 'utf8')).trim().split(/\s+/).map(Number);
      assert.deepEqual(await waitForProcessesToEnd(pids), [], 'neither the CLI nor its grandchild outlives the parent');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
