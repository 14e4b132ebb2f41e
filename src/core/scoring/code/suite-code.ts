import { isAbsolute, relative, resolve } from 'node:path';
import vm from 'node:vm';
import { callFileFunction, withTimeout } from './call-file-function';
import { CodeTimeoutError } from './code-timeout-error';
import type { PythonWorker } from './python-worker';
import { runPythonFunction } from './run-python';

/**
 * Code that comes with an eval suite: promptfoo's `javascript` and `python` checks and
 * `transform`s. The code is inline (a JavaScript expression, or a function body that
 * returns) or a file, `file://checks/grade.js:functionName` relative to the skill
 * folder (`.js`, `.cjs`, `.mjs` or `.py`). It is called with `(output, context)`.
 *
 * Inline JavaScript runs in a fresh `node:vm` context with a wall-time limit on its
 * synchronous part. Files run as what they are, JavaScript modules loaded by Node and
 * Python scripts run by `python3`: isolation from accidents, not a security boundary,
 * which is why callers run suite code only in trusted workspaces.
 */

/** What a piece of suite code is: inline JavaScript, or a function in a file. */
export type CodeSource =
  | { kind: 'inline-javascript'; source: string }
  | { kind: 'inline-python'; source: string }
  | { kind: 'file'; language: 'javascript' | 'python'; path: string; functionName?: string };

/** A `file://` value: the path (relative to the skill folder) and the function after `:`. */
export function parseCodeFile(value: string): { path: string; functionName?: string } | undefined {
  if (!value.trim().startsWith('file://')) return undefined;
  const reference = value.trim().slice('file://'.length);
  const match = /^(.*\.(?:js|cjs|mjs|ts|cts|mts|py))(?::([\w.]+))?$/i.exec(reference);
  return match ? { path: match[1], ...(match[2] && { functionName: match[2] }) } : { path: reference };
}

export function codeSource(value: string, language: 'javascript' | 'python'): CodeSource {
  const file = parseCodeFile(value);
  if (!file) return language === 'python' ? { kind: 'inline-python', source: value } : { kind: 'inline-javascript', source: value };
  return { kind: 'file', language: /\.py$/i.test(file.path) ? 'python' : 'javascript', ...file };
}

/** Wall-time floor for JavaScript kept in a file, ms: a file may load libraries first. */
const FILE_CODE_TIMEOUT_MS = 30_000;
/** Wall-time floor for Python, ms: each call starts a Python process, which may import libraries. */
const PYTHON_CODE_TIMEOUT_MS = 60_000;

/**
 * The wall-time limit of one run of suite code, ms: inline JavaScript gets the
 * configured limit (`inlineTimeoutMs`), a JavaScript file at least 30 s, Python at least 60 s.
 */
export function suiteCodeTimeoutMs(code: CodeSource, inlineTimeoutMs: number): number {
  if (code.kind === 'inline-python' || (code.kind === 'file' && code.language === 'python')) return Math.max(PYTHON_CODE_TIMEOUT_MS, inlineTimeoutMs);
  if (code.kind === 'file') return Math.max(FILE_CODE_TIMEOUT_MS, inlineTimeoutMs);
  return inlineTimeoutMs;
}

const scriptCache = new Map<string, vm.Script>();
/** Compiled inline snippets kept; a suite repeats a few over many tasks. */
const MAX_SCRIPTS = 500;

/**
 * Compiles inline JavaScript as an expression when it is one, else as a function body
 * (which may `await`). Throws SyntaxError.
 */
export function compileInlineJavaScript(source: string, inputName = 'output'): vm.Script {
  const key = `${inputName}\n${source}`;
  const cached = scriptCache.get(key);
  if (cached) return cached;
  const expression = source.trim().replace(/;\s*$/, '');
  const call = '(JSON.parse(inputJson), JSON.parse(contextJson))';
  let script: vm.Script;
  try {
    script = new vm.Script(`(async function (${inputName}, context) { return (${expression}\n); })${call}`, { filename: 'suite-code.js' });
  } catch {
    script = new vm.Script(`(async function (${inputName}, context) {\n${source}\n})${call}`, { filename: 'suite-code.js' });
  }
  if (scriptCache.size >= MAX_SCRIPTS) scriptCache.clear();
  scriptCache.set(key, script);
  return script;
}

export interface RunCodeOptions {
  /** Wall-time limit, in ms. */
  timeoutMs: number;
  /** The skill folder, which file paths are relative to. */
  skillDirectory?: string;
  /** The function a Python file is asked for when the path names none (`get_assert` for checks). */
  pythonFunction?: string;
  /** The name inline code gives its first argument: `output` (checks, transforms) or `vars` (transformVars). */
  inputName?: string;
  /** A Python process kept for many calls of Python files; without it each call starts its own. */
  python?: PythonWorker;
}

/**
 * Runs suite code with `(output, context)` and returns what it returned (awaited).
 * Throws what the code threw, {@link CodeTimeoutError}, or an Error naming a file or
 * function that cannot be found.
 */
export async function runSuiteCode(code: CodeSource, output: unknown, context: Record<string, unknown>, options: RunCodeOptions): Promise<unknown> {
  if (code.kind === 'inline-javascript') {
    const sandbox = vm.createContext({ inputJson: JSON.stringify(output ?? null), contextJson: JSON.stringify(context) });
    let result: unknown;
    try {
      result = compileInlineJavaScript(code.source, options.inputName).runInContext(sandbox, { timeout: options.timeoutMs });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new CodeTimeoutError(options.timeoutMs);
      throw error;
    }
    return withTimeout(Promise.resolve(result), options.timeoutMs);
  }
  if (code.kind === 'inline-python') return runPythonFunction({ source: code.source }, [output, context], options.timeoutMs);
  const file = { path: codeFilePath(code.path, options.skillDirectory), language: code.language, functionName: code.functionName };
  return callFileFunction(file, [output, context], { timeoutMs: options.timeoutMs, pythonFunction: options.pythonFunction ?? 'get_assert', python: options.python });
}

/** The absolute path of a code file, which must lie inside the skill folder. */
function codeFilePath(path: string, skillDirectory: string | undefined): string {
  if (skillDirectory === undefined) throw new Error(`cannot find ${path}: no skill folder was given to the scorer`);
  const absolute = resolve(skillDirectory, path);
  const inside = relative(resolve(skillDirectory), absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`${path} lies outside the skill folder; copy it in`);
  return absolute;
}
