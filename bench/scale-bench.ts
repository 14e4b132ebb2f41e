/**
 * Scale-out benchmark: one coordinator (this process) and 1, 2 and 4 `skill-trainer
 * worker` processes on a Redis of its own, against the mock vendor server (a process of
 * its own) at a fixed latency, each worker capped at `--cap` calls at once.
 *
 *   npm run bench:scale -- [--latency-ms 500] [--calls 128] [--cap 4] [--batch 8]
 *
 * The work is latency-bound on purpose: a worker spends its time waiting for the
 * vendor, as with real models and agent CLIs, so 4 worker processes scale on a 2-core
 * machine shared with others; what the bench measures is how well the queue keeps every
 * worker's slots busy. Each round sends `--calls` rollout calls at once (real rollout
 * requests of the commit-messages example, as a run sends them), which the coordinator
 * gathers into batch jobs of `--batch`, and waits for every result. Goal: ≥ 1.8× at 2
 * workers and ≥ 3.2× at 4, against 1.
 *
 * The queue's overhead per job is measured apart: batch jobs of `--cap` calls (one
 * vendor round each) sent one after another to one worker, the round trip seen here
 * minus the vendor's latency; it includes the few ms the coordinator waits to gather a
 * stage's calls into a batch.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { rolloutRequest } from '../src/core/evaluation/rollout-request';
import { connectRolloutQueue, defaultBatchSize, queuedTargetForSpec, type RolloutQueue } from '../src/core/queue';
import { loadTaskSet } from '../src/core/tasks';
import { startTestRedis } from '../test/support/redis-server';
import { startCli, type CliProcess } from '../test/cli/queue-processes';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '500' },
    calls: { type: 'string', default: '128' },
    cap: { type: 'string', default: '4' },
    batch: { type: 'string', default: String(defaultBatchSize) },
  },
});
const latencyMs = Number(values['latency-ms']);
const calls = Number(values.calls);
const cap = Number(values.cap);
const batchSize = Number(values.batch);
const skillFolder = resolve('skills/commit-messages');
const target = 'openai-compatible:commit-messages';

async function startVendorProcess(): Promise<{ url: string; kill(): void }> {
  const child = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', 'bench/mock-vendor-process.ts', String(latencyMs), skillFolder], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const { url } = JSON.parse((await lines.next()).value as string) as { url: string };
  return { url, kill: () => void child.kill() };
}

async function startWorkers(count: number, redisUrl: string, vendorUrl: string): Promise<CliProcess[]> {
  const workers = Array.from({ length: count }, (_, index) =>
    startCli(['worker', '--redis', redisUrl, '--name', `bench-${count}-${index + 1}`, '--concurrency', String(cap), '--targets', target], 0, { OPENAI_COMPATIBLE_BASE_URL: vendorUrl, OPENAI_COMPATIBLE_API_KEY: 'bench-key' }),
  );
  // Ready once each says it serves the target (process start-up is not part of a round).
  const deadline = Date.now() + 120_000;
  while (!workers.every((worker) => worker.stderr().includes(`serving ${target}`))) {
    if (Date.now() > deadline) throw new Error(`workers did not start:\n${workers.map((worker) => worker.stderr()).join('\n')}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  return workers;
}

async function main(): Promise<void> {
  const redis = await startTestRedis();
  const vendor = await startVendorProcess();
  const taskSet = await loadTaskSet(skillFolder);
  const skill = { name: 'commit-messages', text: await readFile(join(skillFolder, 'SKILL.md'), 'utf8') };
  // The limit in Redis above every worker's slots together: the workers are the bound here.
  const queue: RolloutQueue = await connectRolloutQueue(redis.url, { globalConcurrency: 1_000, batchSize });
  const model = queuedTargetForSpec(queue, target, { batchSize });
  let round = 0;
  const requests = (count: number) =>
    Array.from({ length: count }, (_, index) => rolloutRequest(taskSet.tasks[index % taskSet.tasks.length]!, skill, model, { sampleIndex: Math.floor(index / taskSet.tasks.length) }));
  /** Sends the calls at once (fresh keys each round) and returns the wall time, ms. */
  const runRound = async (count: number): Promise<number> => {
    round += 1;
    const started = performance.now();
    await Promise.all(requests(count).map((request, index) => model.complete({ ...request, callKey: `bench-${process.pid}-${round}-${index}` })));
    return performance.now() - started;
  };
  const results: Array<{ workers: number; wallMs: number }> = [];
  let overheadMs = 0;
  try {
    for (const count of [1, 2, 4]) {
      const workers = await startWorkers(count, redis.url, vendor.url);
      try {
        await runRound(count * cap); // warm-up: connections, the SDK's first load
        if (count === 1) {
          const sequential = 12;
          let total = 0;
          for (let index = 0; index < sequential; index += 1) total += await runRound(Math.min(cap, batchSize));
          overheadMs = total / sequential - latencyMs;
        }
        results.push({ workers: count, wallMs: await runRound(calls) });
      } finally {
        for (const worker of workers) await worker.kill('SIGTERM');
      }
    }
  } finally {
    await queue.close();
    vendor.kill();
    await redis.stop();
  }
  const base = results[0]!.wallMs;
  const jobs = Math.ceil(calls / batchSize);
  console.log(`scale bench: ${calls} rollout calls per round in ${jobs} batch jobs of ${batchSize}, ${latencyMs} ms per call at the mock vendor, ${cap} calls at once per worker, Node ${process.version}`);
  console.log('(latency-bound: workers wait for the vendor, so worker processes scale beyond the machine\'s cores)\n');
  for (const { workers, wallMs } of results) {
    // Each worker runs whole batches, `cap` calls at a time.
    const ideal = Math.ceil(jobs / workers) * Math.ceil(batchSize / cap) * latencyMs;
    console.log(`  ${workers} worker${workers === 1 ? ' ' : 's'}  wall ${(wallMs / 1000).toFixed(2)} s  (bound ${(ideal / 1000).toFixed(2)} s)  speed-up ${(base / wallMs).toFixed(2)}×`);
  }
  const [, two, four] = results;
  const perJob = Math.min(cap, batchSize);
  console.log(`\nqueue overhead per batch job of ${perJob} call${perJob === 1 ? '' : 's'} (one job at a time, round trip minus the vendor's ${latencyMs} ms): ${overheadMs.toFixed(1)} ms, ${(overheadMs / perJob).toFixed(1)} ms per call`);
  console.log(`goal: ≥ 1.8× at 2 workers (${(base / two!.wallMs).toFixed(2)}×), ≥ 3.2× at 4 (${(base / four!.wallMs).toFixed(2)}×)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
