import { spawn, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { CodeTimeoutError } from './code-timeout-error';

/**
 * Runs a suite's Python check or transform (promptfoo's `python` assertions): a file's
 * function (`get_assert` unless named) or inline code (an expression, or a function body
 * that returns), called with `(output, context)`. One `python3` process per call, fed
 * JSON on stdin; the result comes back as JSON after a marker line, so the code may
 * print freely.
 */

const RESULT_MARKER = '<<skill-trainer-python-result>>';

// Reads the request, runs the code, prints the marker and the JSON result.
const runner = String.raw`
import importlib.util, json, os, sys, textwrap
request = json.loads(sys.stdin.read())
output, context = request["output"], request["context"]
if "file" in request:
    sys.path.insert(0, os.path.dirname(request["file"]))
    spec = importlib.util.spec_from_file_location("suite_code", request["file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    name = request.get("functionName") or "get_assert"
    function = module
    for part in name.split("."):
        function = getattr(function, part, None)
        if function is None:
            raise SystemExit(request["file"] + ' has no function "' + name + '"')
    result = function(output, context)
else:
    source = request["source"]
    try:
        result = eval(compile(source.strip(), "<check>", "eval"), {"output": output, "context": context})
    except SyntaxError:
        scope = {}
        exec("def _check(output, context):\n" + textwrap.indent(source, "    "), scope)
        result = scope["_check"](output, context)
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
    super('Python 3 is not installed (no python3 or python on the PATH); install it to run python checks');
  }
}

export async function runPythonFunction(
  code: { file: string; functionName?: string } | { source: string },
  output: unknown,
  context: Record<string, unknown>,
  timeoutMs: number,
): Promise<unknown> {
  const python = pythonInterpreter();
  if (python === null) throw new PythonUnavailableError();
  const request = JSON.stringify({ ...code, output: output ?? null, context });
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, ['-c', runner], { cwd: 'file' in code ? dirname(code.file) : undefined, stdio: ['pipe', 'pipe', 'pipe'] });
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
      const at = stdout.lastIndexOf(RESULT_MARKER);
      if (status === 0 && at >= 0) {
        try {
          resolvePromise(JSON.parse(stdout.slice(at + RESULT_MARKER.length)));
        } catch (error) {
          reject(new Error(`the Python code returned something that is not JSON (${(error as Error).message})`));
        }
        return;
      }
      const lastLines = stderr.trim().split('\n').slice(-3).join(' ').trim();
      reject(new Error(`the Python code failed${lastLines ? `: ${lastLines}` : ` (exit status ${status})`}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(request);
  });
}
