/**
 * SIGTERM (a cancelled CI job, a stopped container) stops a run like Ctrl-C: at the
 * next safe point, with the resume command, exit code 143. Before, the process died
 * at once with no message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCapturedIo, processExitCode } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { listRuns } from '../../src/core/store/run-reader';

test('SIGTERM stops a training run at the next safe point, prints the resume command and exits 143; resume finishes it', { timeout: 120_000 }, async () => {
  const workspace = await mkdtemp(join(tmpdir(), 'cli-sigterm-'));
  await cp(resolve('skills/commit-messages'), join(workspace, 'skills', 'commit-messages'), { recursive: true });
  const child = spawn(process.execPath, ['--require', resolve('scripts/register-text-modules.cjs'), '--import', 'tsx', resolve('src/cli/main.ts'), 'train', join(workspace, 'skills', 'commit-messages'), '--workspace', workspace], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: workspace },
  });
  let stderr = '';
  let sentAt = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (sentAt === 0 && /step +1 /.test(stderr)) {
      sentAt = Date.now();
      child.kill('SIGTERM');
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => child.once('exit', (exitCode, exitSignal) => done([exitCode, exitSignal])));
  assert.equal(signal, null, 'the process handled the signal rather than dying of it');
  assert.equal(code, 143, stderr);
  assert.ok(Date.now() - sentAt < 10_000, `stopped ${Date.now() - sentAt} ms after SIGTERM`);
  assert.match(stderr, /Stopping \(SIGTERM\)… at the next safe point/);
  // A stop during step 1 (a slow machine) names no step: 'before its first step finished'.
  const runId = /Run (\S+) was cancelled (?:after step \d+|before its first step finished)\. Resume it with: skill-trainer resume \1/.exec(stderr)?.[1];
  assert.ok(runId, stderr);
  assert.doesNotMatch(stderr, /This is a bug/);

  const [run] = await listRuns(workspace);
  assert.equal(run.status, 'cancelled');
  const resumed = createCapturedIo({ cwd: workspace, environment: {} });
  assert.equal(await runMain(['resume', runId, '--workspace', workspace], resumed), 0, resumed.stderrText);
  assert.match(resumed.stdoutText, /finished after 4 steps/);
});

test('a command stopped by a signal exits as shells expect of that signal, unless it finished cleanly', () => {
  assert.equal(processExitCode(130, 'SIGTERM'), 143);
  assert.equal(processExitCode(1, 'SIGTERM'), 143);
  assert.equal(processExitCode(130, 'SIGINT'), 130);
  assert.equal(processExitCode(0, 'SIGTERM'), 0);
  assert.equal(processExitCode(4, undefined), 4);
});
