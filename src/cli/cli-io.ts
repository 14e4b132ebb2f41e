/**
 * What a command talks to. Commands never touch `process` directly, so tests run them
 * in-process with captured output, a chosen environment and working folder.
 */
import { setMaxListeners } from 'node:events';

/** A text stream (stdout or stderr). Same shape as the progress bar's output. */
export interface CliOutput {
  write(text: string): void;
  /** True on an interactive terminal. */
  isTTY: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  /** Environment variables (API keys are read from here, never from deeper down). */
  environment: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths are resolved against and printed relative to. */
  cwd: string;
  /** Fires on Ctrl-C. */
  signal?: AbortSignal;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask on. */
  confirm?: (question: string) => Promise<boolean>;
}

/** Exit code of a process stopped by a signal: 128 + its number (SIGINT 2, SIGTERM 15), as shells report it. */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof signalExitCodes;

/** The real process's CliIo, and which signal (if any) asked it to stop. */
export interface ProcessIo extends CliIo {
  stoppedBy(): StopSignal | undefined;
}

/**
 * The real process's streams, environment and folder. Ctrl-C (SIGINT) and SIGTERM (a
 * cancelled CI job, a stopped container, `kill`) both abort `signal`, so a run stops at
 * its next safe point and prints how to resume; a second signal exits at once.
 */
export function processIo(): ProcessIo {
  const controller = new AbortController();
  // Every call in flight listens to this signal (a library run has dozens at once): no
  // leak, so no "possible memory leak" warning past Node's default of 10 listeners.
  setMaxListeners(0, controller.signal);
  let stoppedBy: StopSignal | undefined;
  const stop = (name: StopSignal) => {
    if (controller.signal.aborted) process.exit(signalExitCodes[name]);
    stoppedBy = name;
    const how = name === 'SIGINT' ? 'press Ctrl-C again' : 'send SIGTERM again';
    process.stderr.write(`\n${name === 'SIGINT' ? 'Cancelling' : 'Stopping (SIGTERM)'}… at the next safe point (${how} to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  return {
    stdout: processOutput(process.stdout),
    stderr: processOutput(process.stderr),
    environment: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
  };
}

/** A y/N question on the terminal; anything but y or yes is no. */
async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim());
  } finally {
    terminal.close();
  }
}

/**
 * The process's exit code: the command's, except that a command stopped by a signal
 * exits as shells expect of that signal (SIGTERM 143), unless it still finished cleanly.
 */
export function processExitCode(code: number, stoppedBy: StopSignal | undefined): number {
  return stoppedBy !== undefined && code !== 0 ? signalExitCodes[stoppedBy] : code;
}

/** The parts of a process stream that processOutput uses. */
export type ProcessStream = NodeJS.EventEmitter & { write(text: string): unknown; isTTY?: boolean; columns?: number };

/**
 * A process stream as a CliOutput. When the reader goes away (`skill-trainer validate … |
 * head`, a closed terminal) the write fails with EPIPE; that error is absorbed and later
 * writes are dropped, so the command finishes instead of dying on an unhandled 'error'
 * event with a stack trace.
 */
export function processOutput(target: ProcessStream): CliOutput {
  let closed = false;
  target.on('error', () => {
    closed = true;
  });
  return {
    write: (text) => {
      if (!closed) target.write(text);
    },
    isTTY: Boolean(target.isTTY),
    get columns() {
      return target.columns;
    },
  };
}

/** An in-memory CliIo for tests: everything written is kept in `stdoutText` / `stderrText`. */
export interface CapturedIo extends CliIo {
  readonly stdoutText: string;
  readonly stderrText: string;
}

export function createCapturedIo(options: Partial<Pick<CliIo, 'environment' | 'cwd' | 'signal' | 'confirm'>> = {}): CapturedIo {
  let stdoutText = '';
  let stderrText = '';
  return {
    stdout: { write: (text) => void (stdoutText += text), isTTY: false },
    stderr: { write: (text) => void (stderrText += text), isTTY: false },
    environment: options.environment ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal,
    confirm: options.confirm,
    get stdoutText() {
      return stdoutText;
    },
    get stderrText() {
      return stderrText;
    },
  };
}
