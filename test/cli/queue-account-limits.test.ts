import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mock, startMockLlmServer, type MockLlmServer } from '../support/mock-llm-server';
import { callsDone, exampleWorkspace, startCli, startWorker, useQueueTestBed, workerReady, type CliProcess } from './queue-processes';

const bed = useQueueTestBed();
const processes = bed.started;
let server: MockLlmServer;
/** Every mock vendor started, closed at the end even when a test failed before closing its own. */
const servers: MockLlmServer[] = [];

after(async () => {
  await Promise.all(servers.map((started) => started.close().catch(() => undefined)));
});

async function startVendor(options: Parameters<typeof startMockLlmServer>[0]): Promise<MockLlmServer> {
  server = await startMockLlmServer(options);
  servers.push(server);
  return server;
}

/** Coordinators and workers alike reach the mock vendor at one base URL: one provider account. */
const vendorEnvironment = () => ({ OPENAI_COMPATIBLE_BASE_URL: server.baseUrls.openai, OPENAI_COMPATIBLE_API_KEY: 'test-key-not-secret' });

/** An eval of the example skill on `model` of the mock vendor, its target calls on the queue. */
async function evalOnQueue(root: string, model: string, concurrency: number, batch: number): Promise<CliProcess> {
  const args = ['eval', join(root, 'skills', 'commit-messages'), '--target', `openai-compatible:${model}`, '--judge', 'sim:judge', '--json', '--no-cache', '--concurrency', String(concurrency), '--queue-batch', String(batch), '--queue', bed.redis().url];
  const cli = startCli(args, 0, vendorEnvironment());
  processes.push(cli);
  return cli;
}

async function startWorkers(name: string, count: number, concurrency: number): Promise<CliProcess[]> {
  const workers = Array.from({ length: count }, (_, index) => startWorker(bed.redis().url, `${name}-${index + 1}`, { latencyMs: 0, concurrency, environment: vendorEnvironment() }));
  processes.push(...workers);
  await Promise.all(workers.map(workerReady));
  return workers;
}

test('two target specs on one provider account share one concurrency limit over every worker, in calls, with batch jobs', { timeout: 240_000 }, async () => {
  let most = 0;
  const models = new Set<string>();
  await startVendor({
    latencyMs: 300,
    recordRequests: false,
    respond: (request) => {
      models.add(request.model);
      most = Math.max(most, server.inFlight());
      return mock.reply('fix: handle empty config files');
    },
  });
  // Each worker runs one batch of 2 at a time (2 call slots): 6 calls over the three. The
  // account's limit is 4 calls, 2 batch jobs: reaching it takes two workers at once.
  const workers = await startWorkers('account-limit', 3, 2);
  const root = await exampleWorkspace('queue-account-limit');
  // Queues per spec would run 2 jobs of each spec at once: 6 calls, all the workers have.
  const coordinators = [await evalOnQueue(root, 'mock-model', 4, 2), await evalOnQueue(root, 'mock-other', 4, 2)];
  for (const coordinator of coordinators) assert.equal((await coordinator.exited).code, 0, coordinator.stderr());
  assert.deepEqual([...models].sort(), ['mock-model', 'mock-other']);
  assert.ok(most <= 4, `${most} calls were in flight at most (the account's limit is 4)`);
  assert.ok(most >= 3, `${most} calls were in flight at most: the limit was never approached, so this test shows nothing`);
  assert.ok(workers.filter((worker) => callsDone(worker) > 0).length >= 2, 'the jobs went to more than one worker');
  for (const worker of workers) await worker.kill();
});

test("a 429 on one spec pauses the account's other specs too, on every worker, calls of batches already running included", { timeout: 240_000 }, async () => {
  const arrivals: Array<{ at: number; model: string }> = [];
  let refusedAt: number | undefined;
  await startVendor({
    latencyMs: 50,
    recordRequests: false,
    respond: (request) => {
      arrivals.push({ at: Date.now(), model: request.model });
      // The sixth call is refused with a 2 s retry-after; the rest answer.
      if (arrivals.length === 6) {
        refusedAt = Date.now();
        return { kind: 'status', status: 429, retryAfter: '2' };
      }
      return mock.reply('fix: handle empty config files');
    },
  });
  const workers = await startWorkers('account-pause', 2, 2);
  const root = await exampleWorkspace('queue-account-pause');
  const coordinators = [await evalOnQueue(root, 'mock-model', 8, 4), await evalOnQueue(root, 'mock-other', 8, 4)];
  for (const coordinator of coordinators) assert.equal((await coordinator.exited).code, 0, coordinator.stderr());
  assert.ok(refusedAt, 'a call was refused');
  // A call already on its way may still arrive (a busy machine); after that nothing of either spec until the pause ends.
  const duringPause = arrivals.filter(({ at }) => at > refusedAt! + 600 && at < refusedAt! + 1_700);
  assert.deepEqual(duringPause, [], `calls were sent during the pause (refused at ${refusedAt}); workers:\n${workers.map((worker) => worker.stderr()).join('\n')}`);
  const after = arrivals.filter(({ at }) => at >= refusedAt! + 1_700);
  assert.ok(after.length > 0, 'the work went on after the pause');
  assert.deepEqual([...new Set(arrivals.map(({ model }) => model))].sort(), ['mock-model', 'mock-other']);
  assert.match(workers.map((worker) => worker.stderr()).join(''), /rate limited by the provider; its queue pauses 2000 ms for every worker \(account openai-compatible http:\/\/127\.0\.0\.1:\d+\/v1\)/);
});
