import { callFileFunction } from '../../scoring/code/call-file-function';
import type { PythonWorker } from '../../scoring/code/python-worker';
import { fileReference } from './promptfoo-vars';
import { codeFunctionOf, SUITE_LOAD_CODE_TIMEOUT_MS, TRUST_TO_RUN_CODE } from './suite-code-reference';

/** Where variable loaders run, and what they are told. */
export interface VarLoaderContext {
  /** The folder loader paths are relative to (the config's, as in promptfoo). */
  configDir: string;
  root: string;
  runCode: boolean;
  provider: { id: string; label?: string };
  python: PythonWorker;
}

/** A variable whose loader could not give its value; `message` says why and how to fix it. */
export interface VarLoaderFailure {
  name: string;
  message: string;
}

const codeFile = /\.(js|cjs|mjs|ts|cts|mts|py)(:[\w.]+)?$/i;

/** True when a variable's value is a `file://` code file: a loader that computes the value. */
export function isVarLoader(value: unknown): value is string {
  const reference = fileReference(value);
  return reference !== undefined && codeFile.test(reference);
}

/**
 * promptfoo's variable loaders: a variable whose value is `file://context.py` (or `.js`)
 * gets the value the code computes for this test. JavaScript: the default export (or
 * `:name`) called with `(varName, prompt, vars, provider)`; Python: `get_var` (or
 * `:name`) called with `(varName, prompt, vars)`. It returns `{output}` (Python's must be
 * text, trimmed) or `{error}`. Loaders run in the order the variables are written, each
 * seeing the values loaded before it. `prompt` is the prompt's template as written.
 */
export async function runVarLoaders(vars: Record<string, unknown>, prompt: string, context: VarLoaderContext): Promise<{ vars: Record<string, unknown> } | { failure: VarLoaderFailure }> {
  if (!Object.values(vars).some(isVarLoader)) return { vars };
  const loaded = { ...vars };
  for (const [name, value] of Object.entries(vars)) {
    if (!isVarLoader(value)) continue;
    const reference = fileReference(value)!;
    const found = await codeFunctionOf(value, context.configDir, context.root);
    if ('problem' in found) return { failure: { name, message: `loads a value with code, but it ${found.problem}` } };
    if (!context.runCode) return { failure: { name, message: `loads a value with code (${reference}), which Skill Trainer does not run here: ${TRUST_TO_RUN_CODE}` } };
    const code = found.code!;
    const args = code.language === 'python' ? [name, prompt, loaded] : [name, prompt, loaded, context.provider];
    let result: unknown;
    try {
      result = await callFileFunction(code, args, { timeoutMs: SUITE_LOAD_CODE_TIMEOUT_MS, pythonFunction: 'get_var', python: context.python });
    } catch (error) {
      return { failure: { name, message: `the variable loader ${reference} failed: ${(error as Error).message}` } };
    }
    const outcome = loaderOutput(result, code.language === 'python');
    if ('problem' in outcome) return { failure: { name, message: `the variable loader ${reference} ${outcome.problem}` } };
    loaded[name] = outcome.output;
  }
  return { vars: loaded };
}

function loaderOutput(result: unknown, python: boolean): { output: unknown } | { problem: string } {
  const shape = 'a variable loader returns {output: value} (or {error: message})';
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return { problem: `returned ${Array.isArray(result) ? 'a list' : result === null ? 'nothing' : typeof result}; ${shape}` };
  const { output, error } = result as { output?: unknown; error?: unknown };
  if (error !== undefined && error !== null && error !== '') return { problem: `returned an error: ${String(error)}` };
  if (output === undefined || output === null || output === '') return { problem: `returned no output; ${shape}` };
  if (!python) return { output };
  if (typeof output !== 'string') return { problem: `returned ${typeof output} output; a Python variable loader's output must be text` };
  return { output: output.trim() };
}
