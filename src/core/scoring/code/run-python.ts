import { spawn, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { CodeTimeoutError } from './code-timeout-error';

/**
 * Runs a suite's Python code: a file's function (`Class.method` too; a coroutine is run
 * to its end) called with JSON arguments, or inline code (an expression, or a function
 * body that returns) over `output` and `context`. One `python3` process per call, fed
 * JSON on stdin; the result comes back as JSON after a marker line, so the code may
 * print freely.
 */

const RESULT_MARKER = '<<skill-trainer-python-result>>';

// Reads the request, runs the code, prints the marker and the JSON result.
const runner = String.raw`
import asyncio, importlib.util, json, os, sys, textwrap
request = json.loads(sys.stdin.read())
args = request["args"]
if "file" in request:
    sys.path.insert(0, os.path.dirname(request["file"]))
    spec = importlib.util.spec_from_file_location("suite_code", request["file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    name = request["functionName"]
    function = module
    for part in name.split("."):
        function = getattr(function, part, None)
        if function is None:
            raise SystemExit(request["file"] + ' has no function "' + name + '"')
    result = function(*args)
else:
    source = request["source"]
    output, context = args[0], args[1]
    try:
        result = eval(compile(source.strip(), "<check>", "eval"), {"output": output, "context": context})
    except SyntaxError:
        scope = {}
        exec("def _check(output, context):\n" + textwrap.indent(source, "    "), scope)
        result = scope["_check"](output, context)
if asyncio.iscoroutine(result):
    result = asyncio.run(result)
sys.stdout.write("\n${RESULT_MARKER}" + json.dumps(result, default=str) + "\n")
`;

let interpreter: string | null | undefined;

/** The Python 3 interpreter on the PATH (`python3`, else `python`), or null when there is none. */
export function pythonInterpreter(): string | null {
  if (interpreter !== undefined) return interpreter;
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status === 0 && probe.stdout.trim() === '3') return (interpreter = candidate);
  }
  return (interpreter = null);
}

/** Python is needed but not installed. */
export class PythonUnavailableError extends Error {
  constructor() {
    super("Python 3 is not installed (no python3 or python on the PATH); install it to run the suite's Python code (python checks, prompt functions, test generators, variable loaders)");
  }
}

/** Python code to run: a function in a file, or inline code over `output` and `context`. */
export type PythonCode = { file: string; functionName: string } | { source: string };

/**
 * Calls Python code with `args` (JSON values; inline code gets `[output, context]`) and
 * returns what it returned, through JSON. Throws {@link PythonUnavailableError},
 * {@link CodeTimeoutError}, or an Error with the last lines Python printed to stderr.
 */
export async function runPythonFunction(code: PythonCode, args: readonly unknown[], timeoutMs: number): Promise<unknown> {
  const request = JSON.stringify({ ...code, args: args.map((arg) => arg ?? null) });
  const { stdout } = await runPython(['-c', runner], request, 'file' in code ? dirname(code.file) : undefined, timeoutMs);
  const at = stdout.lastIndexOf(RESULT_MARKER);
  if (at < 0) throw new Error('the Python code ended without returning');
  try {
    return JSON.parse(stdout.slice(at + RESULT_MARKER.length));
  } catch (error) {
    throw new Error(`the Python code returned something that is not JSON (${(error as Error).message})`);
  }
}

function runPython(args: string[], stdin: string, cwd: string | undefined, timeoutMs: number): Promise<{ stdout: string }> {
  const python = pythonInterpreter();
  if (python === null) return Promise.reject(new PythonUnavailableError());
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CodeTimeoutError(timeoutMs));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status === 0) return resolvePromise({ stdout });
      const lastLines = stderr.trim().split('\n').slice(-3).join(' ').trim();
      reject(new Error(`the Python code failed${lastLines ? `: ${lastLines}` : ` (exit status ${status})`}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}
