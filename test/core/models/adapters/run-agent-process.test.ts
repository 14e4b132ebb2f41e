import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { runAgentProcess } from '../../../../src/core/models/adapters/agent-cli/run-agent-process';

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
