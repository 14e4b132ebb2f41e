/**
 * The CLI as processes of their own (coordinators and `skill-trainer worker`s), started
 * from the repository: shared by the CLI's queue tests, the VS Code suite and the
 * browser walk-through. Imports nothing of the code under test, so any harness loads it.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles when the process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * The CLI as its own process; `latencyMs`: pretended latency of its simulated calls;
 * `cwd`: the repository (default: this process's folder, where the tests run).
 */
export function startCli(args: string[], latencyMs: number, environment: Record<string, string> = {}, cwd?: string): CliProcess {
  const child = spawn(process.execPath, ['--require', './scripts/register-text-modules.cjs', '--import', 'tsx', 'src/cli/main.ts', ...args], {
    ...(cwd && { cwd }),
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
export function startWorker(url: string, name: string, options: { latencyMs: number; concurrency?: number; lockMs?: number; environment?: Record<string, string>; cwd?: string }): CliProcess {
  return startCli(['worker', '--redis', url, '--name', name, '--concurrency', String(options.concurrency ?? 4), '--lock-ms', String(options.lockMs ?? 1500)], options.latencyMs, options.environment, options.cwd);
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
