import { callFileFunction, type CodeFunction } from '../../scoring/code/call-file-function';
import type { PythonWorker } from '../../scoring/code/python-worker';
import { SUITE_LOAD_CODE_TIMEOUT_MS } from './suite-code-reference';

/** What promptfoo gives a prompt function: the test's variables, the provider, the prompt's config. */
export interface PromptFunctionContext {
  vars: Record<string, unknown>;
  provider: { id: string; label?: string };
  config: Record<string, unknown>;
}

/** A prompt function's prompt (a template: text, or the JSON of a chat conversation) and the config it added. */
export interface PromptFunctionResult {
  raw: string;
  config?: Record<string, unknown>;
}

/**
 * Calls a promptfoo prompt function for one test, as promptfoo does: a JavaScript
 * function (the default export, or the named one) or a Python function
 * (`file.py:name`, `file.py:Class.method`) gets the context; a Python file named without
 * a function runs as a script with the context's JSON as its argument and prints the
 * prompt. It returns a string, a list of chat messages, or `{prompt, config}`. Throws
 * an Error saying what it returned instead, what it threw, or that it timed out.
 */
export async function callPromptFunction(code: CodeFunction, context: PromptFunctionContext, python: PythonWorker): Promise<PromptFunctionResult> {
  const result =
    code.language === 'python' && code.functionName === undefined
      ? (await python.runScript(code.path, [JSON.stringify(context)], SUITE_LOAD_CODE_TIMEOUT_MS)).replace(/\r?\n$/, '')
      : await callFileFunction(code, [context], { timeoutMs: SUITE_LOAD_CODE_TIMEOUT_MS, pythonFunction: 'main', python });
  if (typeof result === 'string') return { raw: result };
  if (typeof result !== 'object' || result === null) {
    throw new Error(`it returned ${result === null ? 'null' : typeof result}; a prompt function must return the prompt text, a list of chat messages ({role, content}), or {prompt, config}`);
  }
  if (!('prompt' in result)) return { raw: JSON.stringify(result) };
  const { prompt, config } = result as { prompt: unknown; config?: unknown };
  if (typeof prompt !== 'string' && (typeof prompt !== 'object' || prompt === null)) {
    throw new Error(`it returned {prompt: ${prompt === null ? 'null' : typeof prompt}}; "prompt" must be the prompt text or a list of chat messages`);
  }
  if (config !== undefined && (typeof config !== 'object' || config === null || Array.isArray(config))) {
    throw new Error('it returned a "config" that is not a map of settings (such as {response_format: {type: json_object}})');
  }
  return { raw: typeof prompt === 'string' ? prompt : JSON.stringify(prompt), ...(config !== undefined && { config: config as Record<string, unknown> }) };
}
