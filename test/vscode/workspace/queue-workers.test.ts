import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { readJsonLines } from '../../../src/core/store/jsonl-file';
import type { JournalRecord } from '../../../src/core/training/call-journal';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { startTestRedis, type TestRedis } from '../../support/redis-server';
import { exampleSkillUri, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, waitFor, workspaceFile } from '../support/skill-trainer-extension';

// With skillTrainer.queue.url, Optimize Skill is a client of the same workers as the
// command line: the target's rollouts run in a `skill-trainer worker` process.
describe('Optimize Skill on a queue of workers (skillTrainer.queue.url)', function () {
  this.timeout(180_000);
  const optimize = (...args: unknown[]) => vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', ...args);
  let redis: TestRedis;
  let worker: ChildProcess;
  let workerLog = '';
  let restoreSettings: () => Promise<void> = async () => undefined;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    redis = await startTestRedis();
    // The CLI this extension was built with (`npm run build`), run by this Node.
    const cli = join(skillTrainerExtension().extensionPath, 'dist', 'cli.js');
    worker = spawn(process.execPath, [cli, 'worker', '--redis', redis.url, '--name', 'vscode-test-worker', '--targets', 'sim:demo'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker.stderr!.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));
    await waitFor('the worker to serve sim:demo', async () => workerLog.includes('serving sim:demo'), 60_000, 100);
  });

  afterEach(async () => {
    await restoreSettings();
  });

  after(async () => {
    worker?.kill('SIGKILL');
    await redis?.stop();
    await removeRunStore();
  });

  it("runs the target's rollouts on the worker, one job per rollout, and finishes", async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', 'queue.url': redis.url });
    const outcome = await optimize(exampleSkillUri());
    assert.equal(outcome.kind, 'finished', JSON.stringify(outcome));
    assert.ok(outcome.kind === 'finished');
    const journal = await readJsonLines<JournalRecord>(join(workspaceFile().fsPath, '.skill-trainer', 'runs', outcome.runId, 'calls.jsonl'));
    const targetCalls = journal.filter((record) => record.type === 'done' && record.role === 'target').length;
    const jobs = workerLog.split('\n').filter((line) => line.includes('job done')).length;
    assert.ok(targetCalls > 0);
    assert.equal(jobs, targetCalls, workerLog.slice(-2000));
  });

  it('refuses a password in the setting (settings are not secret) and says where it goes', async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', 'queue.url': 'redis://:hunter2@127.0.0.1:6379' });
    const outcome = await optimize(exampleSkillUri());
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started');
    assert.match(outcome.reason, /skillTrainer\.queue\.url setting \(redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/?\) holds a password.*SKILL_TRAINER_QUEUE_PASSWORD/);
    assert.doesNotMatch(outcome.reason, /hunter2/);
  });
});
