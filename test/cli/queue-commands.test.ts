import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { callsDone, exampleWorkspace, jobsDone, startCli, startWorker, useQueueTestBed } from './queue-processes';

const bed = useQueueTestBed();
const processes = bed.started;

async function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, 0);
  const { code } = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

test('eval --queue scores every task as in-process; workers lists the workers, their targets and load; a worker for another target takes none of its jobs', { timeout: 240_000 }, async () => {
  const bystander = startCli(['worker', '--redis', bed.redis().url, '--name', 'other-target', '--targets', 'sim:other'], 0);
  const worker = startWorker(bed.redis().url, 'eval-worker', { latencyMs: 0, concurrency: 3 });
  processes.push(bystander, worker);
  const root = await exampleWorkspace('queue-eval');
  const skill = join(root, 'skills', 'commit-messages');
  const local = await run(['eval', skill, '--target', 'sim:target', '--judge', 'sim:judge', '--json', '--no-cache']);
  const queued = await run(['eval', skill, '--target', 'sim:target', '--judge', 'sim:judge', '--json', '--no-cache', '--queue', bed.redis().url]);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(queued.code, 0, queued.stderr);
  const scores = (output: string) => (JSON.parse(output) as { tasks: Array<{ id: string; status: string; hard: number; soft: number }> }).tasks.map(({ id, status, hard, soft }) => ({ id, status, hard, soft }));
  assert.deepEqual(scores(queued.stdout), scores(local.stdout));
  assert.ok(callsDone(worker) >= scores(local.stdout).length);
  assert.equal(jobsDone(bystander), 0);

  // Heartbeats come every 3 s: wait for one after the jobs.
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  const listed = await run(['workers', '--redis', bed.redis().url, '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  const overview = JSON.parse(listed.stdout) as { workers: Array<{ name: string; targets: string[]; concurrency: number; done: number }>; accounts: Array<{ account: string; targets: string[]; completed: number; waiting: number }> };
  const byName = new Map(overview.workers.map((entry) => [entry.name, entry]));
  assert.deepEqual(byName.get('other-target')?.targets, ['sim:other']);
  assert.deepEqual(byName.get('eval-worker')?.targets, ['sim:target']);
  assert.equal(byName.get('eval-worker')?.concurrency, 3);
  assert.equal(byName.get('eval-worker')?.done, callsDone(worker));
  assert.deepEqual(overview.accounts.map(({ account, targets, waiting }) => ({ account, targets, waiting })), [{ account: 'sim', targets: ['sim:target'], waiting: 0 }]);

  const table = await run(['workers', '--redis', bed.redis().url]);
  assert.match(table.stdout, /2 workers connected to redis:\/\/127\.0\.0\.1:\d+\/?:\n/);
  assert.match(table.stdout, /eval-worker\s+0\/3\s+\d+\s+\S+ \S+\s+sim:target/);
});

test('a worker told to serve a target it cannot (no key) refuses to start and says why; a URL that is not Redis is refused before anything runs, one that cannot be reached after 10 s', { timeout: 120_000 }, async () => {
  const worker = await run(['worker', '--redis', bed.redis().url, '--targets', 'openai:gpt-5-mini']);
  assert.equal(worker.code, 1);
  assert.match(worker.stderr, /This worker cannot serve --targets openai:gpt-5-mini: .*OPENAI_API_KEY/);

  const root = await exampleWorkspace('queue-bad-url');
  const train = await run(['train', join(root, 'skills', 'commit-messages'), '--workspace', root, '--queue', 'http://127.0.0.1:6379']);
  assert.equal(train.code, 1);
  assert.match(train.stderr, /The queue URL 'http:\/\/127\.0\.0\.1:6379\/' uses http: \(redis: or rediss: expected\)\. Give a Redis URL such as redis:\/\/127\.0\.0\.1:6379/);

  // Nothing listens on port 1: said after the first connection's 10 s, not a silent wait.
  const unreachable = await run(['workers', '--redis', 'redis://127.0.0.1:1']);
  assert.equal(unreachable.code, 1);
  assert.match(unreachable.stderr, /Could not reach Redis at redis:\/\/127\.0\.0\.1:1 within 10 s \(connect ECONNREFUSED 127\.0\.0\.1:1\)\. Check that it runs/);

  const missing = await run(['worker']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /A worker needs the queue's Redis: pass --redis <url>/);
});
