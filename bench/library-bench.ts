/**
 * Library benchmark: six skills (the three bundled examples, twice) trained in one
 * library run, `--parallel 3`, through the real OpenAI adapter and the call policies to
 * the local mock vendor server at a fixed latency, in a process of its own. The server
 * answers each skill as its simulated world would (the model name tells it which skill
 * a call is for).
 *
 *   npm run bench:library -- [--latency-ms 200] [--concurrency 8] [--parallel 3] [--epochs 1]
 *
 * Prints the wall time next to the bound the provider's concurrency sets (total calls ÷
 * concurrency × latency): how well the shared limiter is kept busy. Goal ≤ 1.15×. It
 * also prints the mean number of calls in flight: the ratio that scheduling alone
 * explains is concurrency ÷ that mean; the rest is CPU time (on a busy machine, the
 * mock server and the runs compete for it). BENCH_TIMELINE=1 prints the calls in
 * flight per quarter second.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareLibrarySkills } from '../src/core/library/prepare-library-run';
import { startLibraryRun } from '../src/core/library/library-run';
import type { ChatModel } from '../src/core/models/chat-model';
import { OpenAiChatModel } from '../src/core/models/adapters/openai-chat-model';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const { values } = parseArgs({
  options: {
    'latency-ms': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    parallel: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '1' },
  },
});
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);
const parallel = Number(values.parallel);
const epochs = Number(values.epochs);
const examples = ['code-review-comments', 'commit-messages', 'landing-page-headlines'];

/** The mock vendor server in its own process (see mock-vendor-process.ts); `close` returns the calls it served. */
async function startVendorProcess(latency: number, folders: string[]): Promise<{ url: string; close(): Promise<number>; kill(): void }> {
  const child = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', 'bench/mock-vendor-process.ts', String(latency), ...folders], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = JSON.parse((await lines.next()).value as string) as { url: string };
  return {
    url: first.url,
    close: async () => {
      child.stdin.end();
      return (JSON.parse((await lines.next()).value as string) as { calls: number }).calls;
    },
    kill: () => void child.kill(),
  };
}

async function main(): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'skill-trainer-library-bench-'));
  const names: string[] = [];
  for (const copy of [1, 2]) {
    for (const example of examples) {
      const name = copy === 1 ? example : `${example}-${copy}`;
      const folder = join(workspace, 'skills', name);
      await cp(resolve('skills', example), folder, { recursive: true });
      const skillFile = join(folder, 'SKILL.md');
      await writeFile(skillFile, (await readFile(skillFile, 'utf8')).replace(/^name: .*$/m, `name: ${name}`));
      names.push(name);
    }
  }
  const server = await startVendorProcess(latencyMs, names.map((name) => join(workspace, 'skills', name)));
  let inFlight = 0;
  let mostInFlight = 0;
  // Calls in flight at the adapter (inside the limiter's slots), sampled per call start, weighted by time.
  let busyMs = 0;
  let lastChange = performance.now();
  const timeline: [number, number][] = [];
  const note = (delta: number) => {
    const now = performance.now();
    timeline.push([now, inFlight + delta]);
    busyMs += inFlight * (now - lastChange);
    lastChange = now;
    inFlight += delta;
    mostInFlight = Math.max(mostInFlight, inFlight);
  };
  try {
    const prepared = await prepareLibrarySkills({
      workspaceRoot: workspace,
      skillDirectories: names.map((name) => join(workspace, 'skills', name)),
      fallbackModels: { target: 'openai:bench', optimizer: 'openai:bench', judge: 'openai:bench' },
      trusted: true,
      // As train-all does: twice as many tasks in flight as calls per provider.
      defaults: { training: { rolloutConcurrency: 2 * concurrency } },
      flags: { training: { epochs } },
    });
    const started = performance.now();
    const result = await startLibraryRun({
      workspaceRoot: workspace,
      skills: prepared,
      options: { parallel, concurrency, onlyChanged: false },
      createModel: (_spec, skill): ChatModel => {
        const model = new OpenAiChatModel({ provider: 'openai', model: skill.name, apiKey: 'bench-key', baseUrl: server.url });
        return {
          ...model,
          spec: model.spec,
          provider: model.provider,
          model: model.model,
          complete: async (request) => {
            note(1);
            try {
              return await model.complete(request);
            } finally {
              note(-1);
            }
          },
        };
      },
      cache: false,
      trusted: true,
    });
    const wallMs = performance.now() - started;
    const unfinished = result.skills.filter((skill) => skill.outcome.status !== 'finished');
    if (unfinished.length > 0) throw new Error(`Skills did not finish: ${unfinished.map((skill) => `${skill.name} ${skill.outcome.status}`).join(', ')}`);
    const calls = await server.close();
    const boundMs = (calls / concurrency) * latencyMs;
    console.log(`library bench: ${names.length} skills (the examples twice), ${epochs} epoch${epochs === 1 ? '' : 's'}, --parallel ${parallel}, ${concurrency} calls in flight per provider, ${latencyMs} ms per call, Node ${process.version}`);
    console.log('(calls go through the OpenAI adapter and the call policies, one limiter shared by every run, to the local mock server answering as each skill\'s simulated world)\n');
    for (const skill of result.skills) {
      const outcome = skill.outcome;
      if (outcome.status === 'finished') console.log(`  ${skill.name.padEnd(26)} validation ${outcome.baselineScore?.toFixed(3)} → ${outcome.bestScore.toFixed(3)}`);
    }
    if (process.env.BENCH_TIMELINE) {
      const buckets = new Map<number, number[]>();
      for (const [time, count] of timeline) {
        const bucket = Math.floor((time - started) / 250);
        buckets.set(bucket, [...(buckets.get(bucket) ?? []), count]);
      }
      console.log([...buckets].map(([bucket, counts]) => `${(bucket * 0.25).toFixed(2)}s:${Math.min(...counts)}-${Math.max(...counts)}`).join(' '));
    }
    console.log(`\ncalls: ${calls}; most in flight at once: ${mostInFlight}; mean in flight: ${(busyMs / wallMs).toFixed(2)} of ${concurrency}`);
    console.log(`wall ${(wallMs / 1000).toFixed(2)} s vs the concurrency bound ${(boundMs / 1000).toFixed(2)} s (calls ÷ concurrency × latency) → ${(wallMs / boundMs).toFixed(2)}× (goal ≤ 1.15×)`);
  } finally {
    server.kill();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
