import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CodeTimeoutError } from './code-timeout-error';
import type { PythonWorker } from './python-worker';
import { runPythonFunction } from './run-python';

/**
 * Calls a function a suite keeps in a file, the one way every caller does it (checks,
 * transforms, prompt functions, test generators, variable loaders): JavaScript modules
 * are loaded by Node (`.js`, `.cjs`, `.mjs`; CommonJS or ESM), Python files run by
 * `python3` with JSON arguments. Not a sandbox: callers run suite code only in trusted
 * workspaces.
 */

/** A function in a code file; `path` is absolute. */
export interface CodeFunction {
  path: string;
  language: 'javascript' | 'python';
  /** The export (JavaScript) or function (Python, `Class.method` too); JavaScript's default export when absent. */
  functionName?: string;
}

export interface CallOptions {
  /** Wall-time limit, in ms. */
  timeoutMs: number;
  /** The function a Python file is asked for when none is named (`get_assert`, `generate_tests`, ...). */
  pythonFunction: string;
  /** A Python process kept for many calls; without it each Python call starts its own. */
  python?: PythonWorker;
}

/**
 * Calls the function with `args` and returns what it returned (awaited). Throws what the
 * code threw, {@link CodeTimeoutError}, or an Error naming a file or function that
 * cannot be found.
 */
export async function callFileFunction(code: CodeFunction, args: readonly unknown[], options: CallOptions): Promise<unknown> {
  if (code.language === 'python') {
    const functionName = code.functionName ?? options.pythonFunction;
    if (options.python) return options.python.call(code.path, functionName, args, options.timeoutMs);
    return runPythonFunction({ file: code.path, functionName }, args, options.timeoutMs);
  }
  const exported = await loadJavaScriptExport(code.path, code.functionName);
  if (typeof exported !== 'function') throw new Error(notAFunction(code.path, code.functionName));
  return withTimeout(Promise.resolve((exported as (...values: unknown[]) => unknown)(...args)), options.timeoutMs);
}

/** The message for a JavaScript file whose export is missing or not a function. */
function notAFunction(file: string, functionName: string | undefined): string {
  return functionName === undefined ? `${file} does not export a function (module.exports = function (...) { ... })` : `${file} has no function "${functionName}"`;
}

const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/**
 * What a JavaScript file exports under `name` (on the module or its default export), or
 * its default export (`module.exports`) when no name is given; undefined when missing.
 */
export async function loadJavaScriptExport(file: string, name: string | undefined): Promise<unknown> {
  let module: Record<string, unknown>;
  try {
    // A new query string per file version, so an edited file is loaded again.
    const version = statSync(file).mtimeMs;
    module = await dynamicImport(`${pathToFileURL(file).href}?version=${version}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`the file ${file} does not exist`);
    if ((error as NodeJS.ErrnoException).code !== 'ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING') throw error;
    // Hosts without dynamic import from this context load CommonJS (and, on Node ≥ 20.19, ESM) with require.
    const require = createRequire(file);
    delete require.cache[require.resolve(file)];
    module = { default: require(file) };
  }
  const exported = module.default ?? module;
  if (name === undefined) return exported;
  const candidates = [module[name], (exported as Record<string, unknown> | undefined)?.[name]];
  return candidates.find((candidate) => typeof candidate === 'function') ?? candidates.find((candidate) => candidate !== undefined);
}

/** The promise's value, or {@link CodeTimeoutError} after `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CodeTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
