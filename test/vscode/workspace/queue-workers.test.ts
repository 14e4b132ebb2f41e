import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LibrarySkillView } from '../../../src/core/library';
import type { OptimizeLibraryOutcome } from '../../../src/vscode/library/optimize-library-command';
import type { OptimizeOutcome } from '../../../src/vscode/optimize-skill-command';
import { jobsDone } from '../../support/cli-processes';
import { comparableSteps } from '../../core/training/sim-run-helpers';
import { closedPort, startQueueTestBed, type QueueTestBed } from '../support/queue-test-bed';
import { exampleSkillUri, readWorkspaceText, removeRunStore, setUserSettings } from '../support/shell-helpers';
import { skillTrainerExtension, workspaceFile } from '../support/skill-trainer-extension';

const optimizeSkillCommand = (uri: vscode.Uri) => vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', uri);
const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

// skillTrainer.queue.url makes Optimize Skill a client of `skill-trainer worker`
// processes; settings are not secret, so the URL may not carry the queue's password.
describe('Optimize Skill on a queue of workers (skillTrainer.queue.url)', function () {
  this.timeout(60_000);
  let restoreSettings: () => Promise<void> = async () => undefined;

  before(async () => {
    await skillTrainerExtension().activate();
  });

  afterEach(async () => {
    await restoreSettings();
  });

  it('refuses a password in the setting and says where it goes, before anything runs', async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', 'queue.url': 'redis://:hunter2@127.0.0.1:6379' });
    const outcome = await vscode.commands.executeCommand<OptimizeOutcome>('skillTrainer.optimizeSkill', exampleSkillUri());
    assert.equal(outcome.kind, 'not-started');
    assert.ok(outcome.kind === 'not-started');
    assert.match(outcome.reason, /skillTrainer\.queue\.url setting \(redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/?\) holds a password.*SKILL_TRAINER_QUEUE_PASSWORD/);
    assert.doesNotMatch(outcome.reason, /hunter2/);
  });
});

interface QueueWorkerRow {
  label: string;
  description: string;
  tooltip: string;
  contextValue?: string;
}

const queueWorkerRows = () => vscode.commands.executeCommand<QueueWorkerRow[]>('skillTrainer.trainingQueue.queueWorkerRows');
const optimizeSelected = (uris: vscode.Uri[]) =>
  vscode.commands.executeCommand<OptimizeLibraryOutcome>('skillTrainer.optimizeSelectedSkills', undefined, uris, { confirm: false, waitUntilEnd: true });

/** What a run with the same seed must repeat wherever its rollouts ran: the outcome without ids and costs, and every step's scores and decisions. */
async function comparableLibrarySkills(root: string, skills: readonly LibrarySkillView[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const skill of skills) {
    const { runId, costUsd: _costUsd, ...outcome } = skill.outcome as LibrarySkillView['outcome'] & { runId?: string; costUsd?: unknown };
    results[skill.name] = { outcome, steps: runId ? await comparableSteps(root, runId) : [] };
  }
  return results;
}

// A real redis-server and a real `skill-trainer worker` process; skillTrainer.queue.url
// points the extension at them, as a person does.
describe('Runs on a queue of workers: a redis-server and a skill-trainer worker process', function () {
  this.timeout(300_000);
  const root = () => workspaceFile().fsPath;
  const copy = () => workspaceFile('skills', 'queue-notes');
  const skillUris = () => [exampleSkillUri(), vscode.Uri.joinPath(copy(), 'SKILL.md')];
  let bed: QueueTestBed | undefined;
  let restoreSettings: () => Promise<void> = async () => undefined;

  before(async () => {
    await skillTrainerExtension().activate();
    await removeRunStore();
    const skill = await readWorkspaceText(exampleSkillUri());
    const tasks = await readWorkspaceText(workspaceFile('skills', 'commit-messages', 'evals', 'evals.json'));
    await write(vscode.Uri.joinPath(copy(), 'SKILL.md'), skill.replace('name: commit-messages', 'name: queue-notes'));
    await write(vscode.Uri.joinPath(copy(), 'evals', 'evals.json'), tasks.replace('"skill_name": "commit-messages"', '"skill_name": "queue-notes"'));
    bed = await startQueueTestBed('vscode-e2e-worker');
  });

  afterEach(async () => {
    await restoreSettings();
    restoreSettings = async () => undefined;
  });

  after(async () => {
    await bed?.stop();
    await vscode.workspace.fs.delete(copy(), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await removeRunStore();
  });

  it('without skillTrainer.queue.url the Training Queue has no Queue section; a password in it is one row that never shows the password', async () => {
    assert.deepEqual(await queueWorkerRows(), []);
    restoreSettings = await setUserSettings({ 'queue.url': `redis://:hunter2@127.0.0.1:${bed!.redis.port}` });
    const rows = await queueWorkerRows();
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0]!.contextValue, 'queue:unreachable');
    assert.match(rows[0]!.tooltip, /holds a password.*SKILL_TRAINER_QUEUE_PASSWORD/);
    assert.doesNotMatch(JSON.stringify(rows), /hunter2/);
  });

  it('the Training Queue says in one row that the queue cannot be reached, and how to fix it', async () => {
    restoreSettings = await setUserSettings({ 'queue.url': `redis://127.0.0.1:${await closedPort()}` });
    const rows = await queueWorkerRows();
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.equal(rows[0]!.label, 'Cannot reach the queue');
    assert.equal(rows[0]!.description, 'start Redis, or fix skillTrainer.queue.url');
    assert.match(rows[0]!.tooltip, /^Could not reach Redis at redis:\/\/127\.0\.0\.1:\d+/);
    assert.equal(rows[0]!.contextValue, 'queue:unreachable');
    assert.match(rows[0]!.tooltip, /Could not reach Redis/);
    assert.match(rows[0]!.tooltip, /skillTrainer\.queue\.url/);
  });

  it('Optimize Skill runs its rollouts on the worker and ends as the in-process run with the same seed', async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', epochs: 1 });
    const local = await optimizeSkillCommand(exampleSkillUri());
    assert.equal(local.kind, 'finished', JSON.stringify(local));
    assert.ok(local.kind === 'finished');

    const before = jobsDone(bed!.worker);
    const restoreQueue = await setUserSettings({ 'queue.url': bed!.redis.url });
    try {
      const queued = await optimizeSkillCommand(exampleSkillUri());
      assert.equal(queued.kind, 'finished', JSON.stringify(queued));
      assert.ok(queued.kind === 'finished');
      assert.ok(jobsDone(bed!.worker) > before, `the worker did no job:\n${bed!.worker.stderr()}`);
      assert.deepEqual(await comparableSteps(root(), queued.runId), await comparableSteps(root(), local.runId));
    } finally {
      await restoreQueue();
    }
  });

  it('a library run (Optimize Selected Skills) runs on the worker and ends with the in-process per-skill results', async () => {
    restoreSettings = await setUserSettings({ target: 'sim:demo', epochs: 1, 'library.parallel': 2 });
    const local = await optimizeSelected(skillUris());
    assert.ok(local.kind === 'ended' && local.status === 'finished', JSON.stringify(local));

    const before = jobsDone(bed!.worker);
    const restoreQueue = await setUserSettings({ 'queue.url': bed!.redis.url });
    try {
      const queued = await optimizeSelected(skillUris());
      assert.ok(queued.kind === 'ended' && queued.status === 'finished', JSON.stringify(queued));
      assert.ok(jobsDone(bed!.worker) > before, `the worker did no job of the library run:\n${bed!.worker.stderr()}`);
      const expected = await comparableLibrarySkills(root(), local.skills);
      assert.deepEqual(Object.keys(expected).sort(), ['commit-messages', 'queue-notes']);
      assert.deepEqual(await comparableLibrarySkills(root(), queued.skills), expected);
    } finally {
      await restoreQueue();
    }
  });

  it('the Training Queue lists the worker (targets, load, jobs done) and the target\'s jobs', async () => {
    restoreSettings = await setUserSettings({ 'queue.url': bed!.redis.url });
    const rows = await queueWorkerRows();
    const worker = rows.find((row) => row.label === bed!.workerName);
    assert.ok(worker, JSON.stringify(rows));
    assert.equal(worker.contextValue, 'queue:worker');
    const done = Number(/^\d+\/4 running · (\d+) done · sim:demo$/.exec(worker.description)?.[1]);
    assert.ok(done > 0, worker.description);
    const target = rows.find((row) => row.label === 'sim:demo');
    assert.ok(target, JSON.stringify(rows));
    assert.match(target.description, /^0 running · 0 waiting · [1-9]\d* done$/);
    assert.match(worker.tooltip, /Last heartbeat/);
  });
});
