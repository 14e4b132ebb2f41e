import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CodeTimeoutError } from './code-timeout-error';
import { PythonUnavailableError, pythonInterpreter } from './run-python';

/**
 * One `python3` process that calls many functions of a suite's Python files, one after
 * another: a suite that builds each task's prompt with Python would otherwise start a
 * process per task (each start costs 50–300 ms). The file runs afresh for each call, as
 * in promptfoo (no state is kept between calls; the modules it imports stay loaded).
 * What the code prints goes to stderr, so stdout carries only the replies. A call that
 * runs past its limit kills the process; the next call starts a fresh one. Whoever
 * creates a worker closes it.
 */

const REPLY_MARKER = '<<skill-trainer-python-reply>>';

// Reads one JSON request per line and writes one marked JSON reply per line.
const workerScript = String.raw`
import asyncio, contextlib, importlib.util, io, json, os, runpy, sys, traceback
replies = sys.stdout
def function_of(file, name):
    if os.path.dirname(file) not in sys.path:
        sys.path.insert(0, os.path.dirname(file))
    spec = importlib.util.spec_from_file_location("suite_code", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = module
    for part in name.split("."):
        function = getattr(function, part, None)
        if function is None:
            raise LookupError(file + ' has no function "' + name + '"')
    return function
for line in sys.stdin:
    request = json.loads(line)
    try:
        os.chdir(os.path.dirname(request["file"]))
        if "argv" in request:
            printed = io.StringIO()
            sys.argv = [request["file"], *request["argv"]]
            with contextlib.redirect_stdout(printed):
                runpy.run_path(request["file"], run_name="__main__")
            result = printed.getvalue()
        else:
            with contextlib.redirect_stdout(sys.stderr):
                result = function_of(request["file"], request["functionName"])(*request["args"])
                if asyncio.iscoroutine(result):
                    result = asyncio.run(result)
        reply = json.dumps({"result": result}, default=str)
    except BaseException:
        reply = json.dumps({"error": " ".join(traceback.format_exc().strip().split("\n")[-3:])})
    replies.write("${REPLY_MARKER}" + reply + "\n")
    replies.flush()
`;

interface PendingCall {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class PythonWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private pending: PendingCall | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stdout = '';
  private stderrTail = '';

  /** Calls `functionName` (`Class.method` too) of `file` with JSON `args`; the same errors as runPythonFunction. */
  call(file: string, functionName: string, args: readonly unknown[], timeoutMs: number): Promise<unknown> {
    const result = this.queue.then(() => this.send({ file, functionName, args: args.map((arg) => arg ?? null) }, timeoutMs));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Runs `file` as a script (`__main__`) with `argv` and returns what it printed: promptfoo's older prompt scripts. */
  runScript(file: string, argv: readonly string[], timeoutMs: number): Promise<string> {
    const result = this.queue.then(() => this.send({ file, argv }, timeoutMs));
    this.queue = result.catch(() => undefined);
    return result as Promise<string>;
  }

  /** Ends the process (idempotent). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.settle(undefined, new Error('the Python process was closed before the code returned'));
  }

  private send(request: object, timeoutMs: number): Promise<unknown> {
    const child = this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.close();
        reject(new CodeTimeoutError(timeoutMs));
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const python = pythonInterpreter();
    if (python === null) throw new PythonUnavailableError();
    const child = spawn(python, ['-u', '-c', workerScript], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stdout = '';
    this.stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => this.readReplies(chunk));
    // Only the end of stderr is kept: it says why the process died, if it does.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-2_000)));
    child.stdin.on('error', () => undefined);
    const ended = (reason: string) => {
      // A process this worker already let go of (closed, or killed after a timeout) settles nothing.
      if (this.child !== child) return;
      this.child = undefined;
      this.settle(undefined, new Error(reason));
    };
    child.on('error', (error) => ended(`Python could not be started (${error.message})`));
    child.on('close', (status) => {
      const lastLines = this.stderrTail.trim().split('\n').slice(-3).join(' ').trim();
      ended(`the Python process ended (exit status ${status})${lastLines ? `: ${lastLines}` : ''}`);
    });
    return child;
  }

  private readReplies(chunk: string): void {
    this.stdout += chunk;
    let newline: number;
    while ((newline = this.stdout.indexOf('\n')) >= 0) {
      const line = this.stdout.slice(0, newline);
      this.stdout = this.stdout.slice(newline + 1);
      if (!line.startsWith(REPLY_MARKER)) continue;
      let reply: { result?: unknown; error?: string };
      try {
        reply = JSON.parse(line.slice(REPLY_MARKER.length)) as typeof reply;
      } catch (error) {
        reply = { error: `it returned something that is not JSON (${(error as Error).message})` };
      }
      if (reply.error !== undefined) this.settle(undefined, new Error(`the Python code failed: ${reply.error}`));
      else this.settle(reply.result ?? null);
    }
  }

  private settle(result: unknown, error?: Error): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(result);
  }
}
