import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mock, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { exampleWorkspace, jobsDone, startCli, startWorker, useQueueTestBed, workerReady, type CliProcess } from './queue-processes';

const bed = useQueueTestBed();
const processes = bed.started;
let server: MockLlmServer;

after(async () => {
  await server?.close();
});

/** Workers reach the mock vendor through their own environment, as on another machine. */
const vendorEnvironment = () => ({ OPENAI_COMPATIBLE_BASE_URL: server.baseUrls.openai, OPENAI_COMPATIBLE_API_KEY: 'test-key-not-secret' });

async function evalOnQueue(root: string, concurrency: number, extra: string[] = []): Promise<CliProcess> {
  const cli = startCli(['eval', join(root, 'skills', 'commit-messages'), '--target', 'openai-compatible:mock-model', '--judge', 'sim:judge', '--json', '--no-cache', '--concurrency', String(concurrency), '--queue', bed.redis().url, ...extra], 0);
  processes.push(cli);
  return cli;
}

test("the per-provider limit lives in Redis: two coordinators and two workers together keep to one account's concurrency", { timeout: 240_000 }, async () => {
  let most = 0;
  server = await startMockLlmServer({
    latencyMs: 300,
    recordRequests: false,
    respond: () => {
      most = Math.max(most, server.inFlight());
      return mock.reply('fix: handle empty config files');
    },
  });
  // 2 jobs at a time each: only both workers together reach the limit of 3.
  const workers = [startWorker(bed.redis().url, 'limit-1', { latencyMs: 0, concurrency: 2, environment: vendorEnvironment() }), startWorker(bed.redis().url, 'limit-2', { latencyMs: 0, concurrency: 2, environment: vendorEnvironment() })];
  processes.push(...workers);
  await Promise.all(workers.map(workerReady));
  const root = await exampleWorkspace('queue-limit');
  // Each coordinator alone keeps 3 in flight; together, without a shared limit, the workers would run 4.
  // One call per job, so the limit in calls is 3 jobs and both workers' slots count.
  const coordinators = [await evalOnQueue(root, 3, ['--queue-batch', '1']), await evalOnQueue(root, 3, ['--queue-batch', '1'])];
  for (const coordinator of coordinators) assert.equal((await coordinator.exited).code, 0, coordinator.stderr());
  assert.equal(most, 3, `${most} calls were in flight at most (3 expected: the limit, reached by both workers together)`);
  assert.ok(jobsDone(workers[0]!) > 0 && jobsDone(workers[1]!) > 0, 'both workers took jobs');
  for (const worker of workers) await worker.kill();
  await server.close();
});

test('a 429 seen by one worker pauses the queue for every worker for the retry-after, then all go on', { timeout: 240_000 }, async () => {
  const arrivals: number[] = [];
  let refusedAt: number | undefined;
  server = await startMockLlmServer({
    latencyMs: 50,
    recordRequests: false,
    respond: () => {
      arrivals.push(Date.now());
      // The fifth call is refused with a 2 s retry-after; the rest answer.
      if (arrivals.length === 5) {
        refusedAt = Date.now();
        return { kind: 'status', status: 429, retryAfter: '2' };
      }
      return mock.reply('fix: handle empty config files');
    },
  });
  const workers = [startWorker(bed.redis().url, 'pause-1', { latencyMs: 0, concurrency: 1, environment: vendorEnvironment() }), startWorker(bed.redis().url, 'pause-2', { latencyMs: 0, concurrency: 1, environment: vendorEnvironment() })];
  processes.push(...workers);
  await Promise.all(workers.map(workerReady));
  const root = await exampleWorkspace('queue-pause');
  const coordinator = await evalOnQueue(root, 8);
  assert.equal((await coordinator.exited).code, 0, coordinator.stderr());
  assert.ok(refusedAt, 'a call was refused');
  // A job taken just before the 429 may still reach the vendor (on a busy machine a few hundred ms
  // later); after that nothing is sent until the pause ends.
  const duringPause = arrivals.filter((at) => at > refusedAt! + 600 && at < refusedAt! + 1_700);
  assert.deepEqual(duringPause, [], `${duringPause.length} calls were sent during the pause (refused at ${refusedAt}); workers:\n${workers.map((worker) => worker.stderr()).join("\n")}`);
  assert.ok(arrivals.some((at) => at >= refusedAt! + 1_700), 'the work went on after the pause');
  assert.match(workers.map((worker) => worker.stderr()).join(''), /openai-compatible:mock-model: rate limited by the provider; its queue pauses 2000 ms for every worker/);
});
