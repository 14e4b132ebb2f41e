/**
 * Training benchmark: one full run of the bundled example skill through the real
 * OpenAI adapter and the call policies, against the local mock vendor server with a
 * fixed per-call latency. The server answers as the simulated world would.
 *
 *   npm run bench:train -- [--latency-ms 20] [--concurrency 8]
 *
 * Prints, per stage, the calls made next to the algorithm's minimum (each rollout task
 * once per skill, each minibatch once, each merge group once, ...) and the wall time
 * next to the critical-path bound (the calls that must happen one after another given
 * the concurrency), and the same ratios for the whole run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OpenAiChatModel } from '../src/core/models/adapters/openai-chat-model';
import { createCallPolicies, withCallPolicies } from '../src/core/models/policies';
import { createSimulatedWorld } from '../src/core/models/sim';
import { openRunStore } from '../src/core/store/run-store';
import { readRolloutRecords, readStepRecords } from '../src/core/store/run-reader';
import type { StepRecord } from '../src/core/store/run-records';
import { loadTaskSet, splitTasks } from '../src/core/tasks';
import { resolveTrainingConfig, startTraining } from '../src/core/training';
import { startMockLlmServer } from '../test/support/mock-llm-server';
import { simulatedWorldResponder } from '../test/support/simulated-responder';

const { values } = parseArgs({
  options: { 'latency-ms': { type: 'string', default: '20' }, concurrency: { type: 'string', default: '8' }, 'close-connections': { type: 'boolean', default: false }, 'harmful-rate': { type: 'string' } },
});
const latencyMs = Number(values['latency-ms']);
const concurrency = Number(values.concurrency);

interface StageRow {
  calls: number;
  minimum: number;
  wallMs: number;
  boundMs: number;
}

/** Merge calls and levels of a hierarchical merge of `patches` in groups of `group`. */
function mergePlan(patches: number, group: number): { calls: number; levels: number } {
  let calls = 0;
  let levels = 0;
  for (let count = patches; count > 1; count = Math.ceil(count / group)) {
    const groups = Math.ceil(count / group);
    calls += groups - (count % group === 1 ? 1 : 0);
    levels += 1;
  }
  return { calls, levels };
}

/** Wall time a wave of `calls` independent chains of `chain` calls needs at this concurrency (ms). */
function wave(calls: number, chain: number): number {
  return calls === 0 ? 0 : Math.max(chain, Math.ceil(calls / concurrency)) * latencyMs;
}

async function main(): Promise<void> {
  const skillDir = resolve('skills/commit-messages');
  const taskSet = await loadTaskSet(skillDir);
  // --harmful-rate: how often the simulated optimizer proposes a rule that hurts (the world's default 0.25).
  const harmfulRate = values['harmful-rate'] === undefined ? undefined : Number(values['harmful-rate']);
  const world = createSimulatedWorld(taskSet, { seed: 42, harmfulRate });
  const server = await startMockLlmServer({
    latencyMs,
    recordRequests: false,
    // Vendors' APIs keep connections open and the SDKs reuse them; --close-connections
    // makes the server close each one, so every call also pays a new TCP connection
    // (about 0.02-0.03x of the bound here, most of it in validation and rollout).
    keepAlive: !values['close-connections'],
    respond: simulatedWorldResponder(world),
  });
  const workspace = await mkdtemp(join(tmpdir(), 'skill-trainer-train-bench-'));
  try {
    const policies = createCallPolicies({ maxConcurrency: concurrency, cache: false });
    const model = withCallPolicies(new OpenAiChatModel({ provider: 'openai', model: 'gpt-5-mini', apiKey: 'bench-key', baseUrl: server.baseUrls.openai }), policies);
    // Twice as many tasks in flight as calls: while some tasks wait for their judge, others' target calls keep the limiter full.
    const config = resolveTrainingConfig({ seed: 42, rolloutConcurrency: 2 * concurrency });
    // One call before the clock starts: the adapter loads its SDK and opens its first
    // connection once per process, which is not the loop's time (it took ~1.5 s of the
    // baseline validation on this busy machine). It is left out of the server's count.
    await model.complete({ messages: [{ role: 'user', content: 'warm-up' }], label: 'warm-up' });
    const warmUpCalls = server.callCount;
    const started = performance.now();
    const result = await startTraining({
      skillPath: join(skillDir, 'SKILL.md'),
      skillText: await readFile(join(skillDir, 'SKILL.md'), 'utf8'),
      tasks: splitTasks(taskSet.tasks, { seed: 42 }),
      models: { target: model, optimizer: model, judge: model },
      store: openRunStore(workspace),
      config,
      trusted: true,
    });
    const wallMs = performance.now() - started;
    if (result.status !== 'finished') throw new Error(`The run did not finish: ${result.message}`);

    const records = await readStepRecords(workspace, result.runId);
    const rollouts = await readRolloutRecords(workspace, result.runId);
    const rows = new Map<string, StageRow>();
    const row = (stage: string) => rows.get(stage) ?? (rows.set(stage, { calls: 0, minimum: 0, wallMs: 0, boundMs: 0 }), rows.get(stage)!);
    for (const record of records as StepRecord[]) {
      for (const [stage, usage] of Object.entries(record.usage ?? {})) {
        row(stage).calls += usage.calls;
        row(stage).wallMs += usage.wallMs;
      }
      if (record.kind === 'step') {
        const failures = Math.round((1 - record.train.hard) * record.train.count);
        const minibatches = Math.ceil(failures / config.minibatchSize) + Math.ceil((record.train.count - failures) / config.minibatchSize);
        row('rollout').minimum += 2 * record.train.count;
        row('rollout').boundMs += wave(2 * record.train.count, 2);
        row('reflect').minimum += minibatches;
        row('reflect').boundMs += wave(minibatches, 1);
        const failure = mergePlan(record.patches.failure, config.mergeGroupSize);
        const success = mergePlan(record.patches.success, config.mergeGroupSize);
        const final = record.patches.failure > 0 && record.patches.success > 0 ? 1 : 0;
        row('merge').minimum += failure.calls + success.calls + final;
        row('merge').boundMs += (Math.max(failure.levels, success.levels) + final) * latencyMs;
        const ranked = record.budget !== null && record.editsMerged > record.budget ? 1 : 0;
        row('rank').minimum += ranked;
        row('rank').boundMs += ranked * latencyMs;
      }
      if (record.kind === 'epoch_end') {
        const optimizerCalls = ['rewrote_region', 'unchanged_region', 'no_content'].includes(record.slowUpdate.action) ? 1 : 0;
        row('slow_update').minimum += optimizerCalls;
        row('slow_update').boundMs += optimizerCalls * latencyMs;
        // As in SkillOpt the first epoch writes no memory.
        if (record.metaSkill.action === 'written' || record.metaSkill.action === 'no_content') {
          row('meta_skill').minimum += 1;
          row('meta_skill').boundMs += latencyMs;
        }
      }
    }
    // Rollout-like phases, target then judge per task: validation and test once per distinct
    // skill (scores are cached by skill); the adjacent-epoch comparison runs both skills
    // every epoch, even identical ones, because every rollout is a fresh sample.
    type Rollout = (typeof rollouts)[number];
    const distinct = (phase: string, key: (r: Rollout) => string) => new Set(rollouts.filter((r) => r.phase === phase).map(key));
    let slot = 0;
    for (const [phase, key, group] of [
      ['validation', (r: Rollout) => `${r.skillHash}|${r.taskId}`, (r: Rollout) => r.skillHash],
      ['slow_update', () => String(slot++), (r: Rollout) => String(r.epoch)],
      ['test', (r: Rollout) => `${r.skillHash}|${r.taskId}`, () => 'all'],
    ] as const) {
      const tasks = distinct(phase, key);
      row(phase).minimum += 2 * tasks.size;
      // Validations run one skill at a time; the slow update's two skills and the test's skills run together.
      const waves = new Map<string, number>();
      for (const item of rollouts.filter((r) => r.phase === phase)) waves.set(group(item), (waves.get(group(item)) ?? 0) + 1);
      for (const count of waves.values()) row(phase).boundMs += wave(2 * count, 2);
    }

    console.log(`train bench: commit-messages example, ${result.stepsDone} steps over ${config.epochs} epochs, ${latencyMs} ms per call, concurrency ${concurrency}, Node ${process.version}`);
    console.log(`(calls go through the OpenAI adapter and the call policies to the local mock server; the server answers as the simulated world)\n`);
    console.log(`${'stage'.padEnd(12)}${'calls'.padStart(7)}${'minimum'.padStart(9)}${'ratio'.padStart(7)}${'wall ms'.padStart(10)}${'bound ms'.padStart(10)}${'ratio'.padStart(7)}`);
    let totals: StageRow = { calls: 0, minimum: 0, wallMs: 0, boundMs: 0 };
    for (const stage of ['validation', 'rollout', 'reflect', 'merge', 'rank', 'slow_update', 'meta_skill', 'test']) {
      const entry = rows.get(stage);
      if (!entry) continue;
      totals = { calls: totals.calls + entry.calls, minimum: totals.minimum + entry.minimum, wallMs: totals.wallMs + entry.wallMs, boundMs: totals.boundMs + entry.boundMs };
      const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? '—' : '∞') : (a / b).toFixed(2));
      console.log(`${stage.padEnd(12)}${String(entry.calls).padStart(7)}${String(entry.minimum).padStart(9)}${ratio(entry.calls, entry.minimum).padStart(7)}${entry.wallMs.toFixed(0).padStart(10)}${entry.boundMs.toFixed(0).padStart(10)}${ratio(entry.wallMs, entry.boundMs).padStart(7)}`);
    }
    console.log(`${'stages'.padEnd(12)}${String(totals.calls).padStart(7)}${String(totals.minimum).padStart(9)}${(totals.calls / totals.minimum).toFixed(2).padStart(7)}${totals.wallMs.toFixed(0).padStart(10)}${totals.boundMs.toFixed(0).padStart(10)}${(totals.wallMs / totals.boundMs).toFixed(2).padStart(7)}`);
    const runCalls = server.callCount - warmUpCalls;
    console.log(`\nwhole run: ${runCalls} calls reached the server (minimum ${totals.minimum}); wall ${wallMs.toFixed(0)} ms vs critical-path bound ${totals.boundMs.toFixed(0)} ms → ${(wallMs / totals.boundMs).toFixed(2)}×`);
    console.log(`validation: baseline ${result.baselineScore?.toFixed(3)} → best ${result.bestScore.toFixed(3)}`);
    // The gate against a harmful optimizer: candidates whose edits state a harmful rule, and what the gate did with them.
    const steps = (records as StepRecord[]).filter((record) => record.kind === 'step');
    const harmful = steps.filter((step) => step.selectedEdits.some((edit) => world.statedHarmful(edit.content ?? '').length > 0));
    const passed = harmful.filter((step) => step.action.startsWith('accept'));
    console.log(`gate (optimizer's harmful rate ${world.harmfulRate}): ${steps.filter((step) => step.action.startsWith('accept')).length} of ${steps.length} steps accepted; ${harmful.length} candidates carried a harmful rule, ${passed.length} of them accepted`);
    if (runCalls !== totals.calls) throw new Error(`The stages account for ${totals.calls} calls but the server saw ${runCalls}.`);
  } finally {
    await server.close();
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
