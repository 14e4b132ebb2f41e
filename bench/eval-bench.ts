/**
 * Evaluation throughput benchmark: N tasks through the real OpenAI adapter and the call
 * policies, against the local mock vendor server with a fixed per-call latency.
 *
 *   npm run bench:eval -- [--tasks 200] [--latency-ms 50] [--concurrency 8]
 *
 * Runs the bare adapter once (the HTTP stack's own cost, for comparison), then the
 * policies twice over one fresh response cache: cold (every call reaches the server)
 * and warm (every call is a cache hit). Prints wall time next to the ideal
 * (N × latency / concurrency) and their ratio, calls made, cache hits and peak memory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateSkill, isScoredTask } from '../src/core/evaluation';
import { OpenAiChatModel } from '../src/core/models/adapters/openai-chat-model';
import { createCallPolicies, DiskResponseCache, withCallPolicies } from '../src/core/models/policies';
import type { EvalTask } from '../src/core/tasks/eval-task';
import { mock, startMockLlmServer, type MockLlmServer } from '../test/support/mock-llm-server';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '200' },
    'latency-ms': { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '8' },
  },
});
const taskCount = Number(values.tasks);
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);

/** Peak resident set and heap, sampled every 10 ms while a run is in progress (bytes). */
class MemoryPeak {
  rss = 0;
  heapUsed = 0;
  private timer?: NodeJS.Timeout;

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 10);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  private sample(): void {
    const usage = process.memoryUsage();
    this.rss = Math.max(this.rss, usage.rss);
    this.heapUsed = Math.max(this.heapUsed, usage.heapUsed);
  }
}

const skill = { name: 'bench-skill', text: '---\nname: bench-skill\ndescription: Benchmark skill.\n---\nAnswer briefly.\n' };
const tasks: EvalTask[] = Array.from({ length: taskCount }, (_, index) => ({
  id: `task-${index}`,
  prompt: `Benchmark task number ${index}: repeat this sentence.`,
  rubric: { hard: [], soft: [] },
  assert: [{ type: 'contains', value: `number ${index}` }],
}));

/** `cacheDirectory` null = the bare adapter, without any policy: the baseline of the HTTP stack alone. */
async function run(server: MockLlmServer, cacheDirectory: string | null, label: string) {
  const policies = createCallPolicies({ maxConcurrency: concurrency, cache: cacheDirectory ? new DiskResponseCache(cacheDirectory) : false });
  const adapter = new OpenAiChatModel({ provider: 'openai', model: 'gpt-5-mini', apiKey: 'bench-key', baseUrl: server.baseUrls.openai });
  const target = cacheDirectory ? withCallPolicies(adapter, policies) : adapter;
  const callsBefore = server.callCount;
  const memory = new MemoryPeak();
  memory.start();
  const started = performance.now();
  const results = await evaluateSkill({ skill, tasks, target, trusted: true, concurrency });
  const wallMs = performance.now() - started;
  memory.stop();
  const scored = results.filter(isScoredTask);
  const passed = scored.filter((result) => result.score.hard === 1).length;
  const totals = policies.totals.total();
  const costUsd = cacheDirectory ? totals.costUsd : null;
  return {
    label,
    wallMs,
    callsMade: server.callCount - callsBefore,
    cacheHits: totals.cacheHits,
    scored: scored.length,
    passed,
    costUsd,
    peakRssMb: memory.rss / 2 ** 20,
    peakHeapMb: memory.heapUsed / 2 ** 20,
  };
}

async function main(): Promise<void> {
  const server = await startMockLlmServer({
    latencyMs,
    recordRequests: false,
    respond: (request) => mock.reply(`echo: ${request.messages.at(-1)?.content ?? ''}`),
  });
  const cacheDirectory = await mkdtemp(join(tmpdir(), 'skill-trainer-bench-cache-'));
  try {
    const idealMs = (taskCount * latencyMs) / concurrency;
    console.log(`eval bench: ${taskCount} tasks, ${latencyMs} ms per call, concurrency ${concurrency}, Node ${process.version}`);
    console.log(`ideal wall time (N × latency / concurrency): ${idealMs.toFixed(0)} ms\n`);
    const bare = await run(server, null, 'bare');
    const rows = [await run(server, cacheDirectory, 'cold'), await run(server, cacheDirectory, 'warm')];
    for (const row of [...rows, bare]) {
      const ratio = row.label === 'warm' ? 'no calls: cache only' : `${(row.wallMs / idealMs).toFixed(2)}× ideal`;
      console.log(
        `${row.label.padEnd(5)} wall ${row.wallMs.toFixed(0).padStart(6)} ms (${ratio})  ` +
          `calls ${String(row.callsMade).padStart(4)}  cache hits ${String(row.cacheHits).padStart(4)}  ` +
          `passed ${row.passed}/${row.scored}  cost ${row.costUsd === null ? 'n/a' : `$${row.costUsd.toFixed(4)}`}  ` +
          `peak RSS ${row.peakRssMb.toFixed(0)} MB  peak heap ${row.peakHeapMb.toFixed(0)} MB`,
      );
    }
    console.log('(bare = the adapter alone, no policies and no cache: what the HTTP stack costs by itself)');
    const [cold, warm] = rows;
    if (cold!.passed !== taskCount || warm!.passed !== taskCount) throw new Error('Some benchmark tasks failed; the numbers above are not comparable.');
    if (warm!.callsMade !== 0) throw new Error(`The warm run reached the server ${warm!.callsMade} times; the cache should answer every call.`);
  } finally {
    await server.close();
    await rm(cacheDirectory, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
