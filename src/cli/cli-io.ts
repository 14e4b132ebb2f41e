/**
 * What a command talks to. Commands never touch `process` directly, so tests run them
 * in-process with captured output, a chosen environment and working folder.
 */

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

/** The real process's streams, environment and folder; Ctrl-C aborts `signal` (a second one exits at once). */
export function processIo(): CliIo {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nCancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  return {
    stdout: processOutput(process.stdout),
    stderr: processOutput(process.stderr),
    environment: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
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
