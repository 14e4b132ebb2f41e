/**
 * Runs one headless agent CLI session as its own process group, so a timeout or a
 * cancel can stop the CLI together with every tool process it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface AgentProcessOptions {
  executable: string;
  args: string[];
  cwd: string;
  /** The complete environment of the child (nothing is inherited beyond it). */
  env: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. Default: stdin closed at once. */
  stdin?: string;
  /** Wall-clock limit for the whole session, in ms. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Stop the session when stdout grows past this many bytes. Default 32 MiB. */
  maxOutputBytes?: number;
  /** Wait between SIGTERM and SIGKILL, in ms. Default 2000. */
  killGraceMs?: number;
}

export interface AgentProcessResult {
  /** null when the process was ended by a signal. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  outputLimitExceeded: boolean;
  /** Wall time from spawn to exit, in ms. */
  durationMs: number;
}

/** After the CLI exits, how long its stdout/stderr may stay open (held by leftovers), in ms. */
const drainAfterExitMs = 1000;

/**
 * Sessions still running. A detached CLI is in its own process group, so neither a
 * Ctrl-C in the terminal nor the end of this process reaches it: when this process
 * exits (process.exit included), every group still listed here is killed.
 */
const liveSessions = new Set<ChildProcess>();
let exitHookInstalled = false;

function trackSession(child: ChildProcess): void {
  liveSessions.add(child);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const session of liveSessions) signalProcessGroup(session, 'SIGKILL');
  });
}

/** Signals every process in the child's group; ignores groups that are already gone. */
function signalProcessGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      // No process groups on Windows: taskkill /T walks the tree instead.
      spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      process.kill(-child.pid, signal);
    }
  } catch {
    // ESRCH: every process of the group has already exited.
  }
}

/**
 * Spawns the CLI detached (a new process group on POSIX) and resolves when it has
 * exited and its output is collected. Rejects only when the process could not start
 * (ENOENT, EACCES): the caller turns that into an install hint.
 */
export function runAgentProcess(options: AgentProcessOptions): Promise<AgentProcessResult> {
  const maxOutputBytes = options.maxOutputBytes ?? 32 * 1024 * 1024;
  const killGraceMs = options.killGraceMs ?? 2000;
  const startedAt = performance.now();

  return new Promise((resolve, reject) => {
    const child = spawn(options.executable, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    trackSession(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let timedOut = false;
    let aborted = false;
    let outputLimitExceeded = false;
    let exitCode: number | null = null;
    let exited = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;

    const stop = () => {
      if (exited) return;
      signalProcessGroup(child, 'SIGTERM');
      killTimer ??= setTimeout(() => signalProcessGroup(child, 'SIGKILL'), killGraceMs);
    };
    const timeoutTimer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stop();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    const finish = () => {
      if (settled) return;
      settled = true;
      liveSessions.delete(child);
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
        aborted,
        outputLimitExceeded,
        durationMs: Math.round(performance.now() - startedAt),
      });
    };

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutputBytes) {
        outputLimitExceeded = true;
        stop();
        return;
      }
      stdout.push(chunk);
    });
    // stderr is only for diagnostics: keep its last 64 KiB.
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      while (stderr.length > 1 && stderr.reduce((sum, part) => sum + part.length, 0) > 64 * 1024) stderr.shift();
    });
    child.stdin?.on('error', () => {
      // EPIPE: the CLI exited or closed stdin before reading it all; its exit status tells the rest.
    });
    child.stdin?.end(options.stdin ?? '');

    child.once('error', (error) => {
      liveSessions.delete(child);
      if (settled) return;
      settled = true;
      clearTimeout(timeoutTimer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      clearTimeout(killTimer);
      // Tool processes the agent left behind share its group: stop them too, so
      // nothing outlives the call. Their open pipes would otherwise hold 'close' back.
      signalProcessGroup(child, 'SIGKILL');
      drainTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish();
      }, drainAfterExitMs);
    });
    child.once('close', (code) => {
      if (!exited) exitCode = code;
      finish();
    });
  });
}
