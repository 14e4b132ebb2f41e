/**
 * The processes of a queue test: the real CLI as coordinator (`train`, `train-all`,
 * `resume` with --queue) and as workers, each a separate Node process, and what must
 * match between a queued run and an in-process one.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readJsonLines } from '../../src/core/store/jsonl-file';
import type { JournalRecord } from '../../src/core/training/call-journal';
import { after, before } from 'node:test';
import { comparableSteps } from '../core/training/sim-run-helpers';
import { startTestRedis, type TestRedis } from '../support/redis-server';

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The CLI as its own process; `latencyMs`: pretended latency of its simulated calls. */
export function startCli(args: string[], latencyMs: number, environment: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', 'src/cli/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, SKILL_TRAINER_SIM_LATENCY_MS: String(latencyMs), ...environment },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A worker process serving the queue at `url`. */
export function startWorker(url: string, name: string, options: { latencyMs: number; concurrency?: number; lockMs?: number; environment?: Record<string, string> }): CliProcess {
  return startCli(['worker', '--redis', url, '--name', name, '--concurrency', String(options.concurrency ?? 4), '--lock-ms', String(options.lockMs ?? 1500)], options.latencyMs, options.environment);
}

/** Settles once the worker said it is up (connected to Redis, looking for targets). */
export function workerReady(worker: CliProcess): Promise<void> {
  return waitFor(() => /^Worker .*Ctrl-C stops it\./m.test(worker.stderr()), 60_000, 'a worker to start');
}

/** Batch jobs a worker reports done so far. */
export function jobsDone(worker: CliProcess): number {
  return worker.stderr().split('\n').filter((line) => / job done in /.test(line)).length;
}

/** Target calls a worker reports done so far (over its batch jobs). */
export function callsDone(worker: CliProcess): number {
  return [...worker.stderr().matchAll(/ job done in \d+ ms \((\d+) calls?/g)].reduce((sum, match) => sum + Number(match[1]), 0);
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh workspace holding a copy of the example skills. */
export async function exampleWorkspace(name: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `${name}-`));
  await cp(resolve('skills'), join(root, 'skills'), { recursive: true });
  return root;
}

export interface SkillSummary {
  name: string;
  status: string;
  runId: string;
  skillPath: string;
  costUsd?: number | null;
}

/** Each skill's outcome and every score and decision of its run: what a queued run must share with the in-process one. */
export async function perSkillResults(root: string, skills: readonly SkillSummary[]): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const skill of skills) {
    const { runId: _runId, skillPath: _skillPath, costUsd: _costUsd, ...outcome } = skill;
    results[skill.name] = { outcome, steps: await comparableSteps(root, skill.runId) };
  }
  return results;
}

/** The target calls each run's journal records as answered, by key. */
export async function answeredTargetCalls(root: string, runIds: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>();
  for (const runId of runIds) {
    for (const entry of await readJsonLines<JournalRecord>(join(root, '.skill-trainer', 'runs', runId, 'calls.jsonl'))) {
      if (entry.type === 'done' && entry.role === 'target') keys.add(`${runId}:${entry.key}`);
    }
  }
  return keys;
}

/** No call was started again after its journal recorded it done. */
export async function assertNothingFinishedAskedAgain(root: string, runIds: readonly string[]): Promise<void> {
  for (const runId of runIds) {
    const done = new Set<string>();
    for (const entry of await readJsonLines<JournalRecord>(join(root, '.skill-trainer', 'runs', runId, 'calls.jsonl'))) {
      if (entry.type === 'start') assert.ok(!done.has(entry.key), `run ${runId} made a finished call again (${entry.label})`);
      else if (entry.type === 'done') done.add(entry.key);
    }
  }
}

/**
 * A real Redis for the tests of a file (started before them, stopped after), and the
 * processes they start, killed after them.
 */
export function useQueueTestBed(): { redis(): TestRedis; started: CliProcess[] } {
  let redis: TestRedis | undefined;
  const started: CliProcess[] = [];
  before(async () => {
    redis = await startTestRedis();
  });
  after(async () => {
    for (const process of started.splice(0)) await process.kill();
    await redis?.stop();
  });
  return {
    redis: () => redis!,
    started,
  };
}
