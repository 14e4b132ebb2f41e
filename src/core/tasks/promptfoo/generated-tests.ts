import { relative } from 'node:path';
import { callFileFunction, loadJavaScriptExport, withTimeout } from '../../scoring/code/call-file-function';
import type { PythonWorker } from '../../scoring/code/python-worker';
import { formatJsonPath } from '../json-location';
import { TaskFileProblems } from '../task-file-problems';
import { loadFileReferences } from './promptfoo-vars';
import { codeFunctionOf, SUITE_LOAD_CODE_TIMEOUT_MS, TRUST_TO_RUN_CODE } from './suite-code-reference';

/** Tests a generator returned, and the problems to report about them, located in the generator's file. */
export interface GeneratedTests {
  tests: unknown[];
  problems: TaskFileProblems;
}

/**
 * promptfoo's test generators: `tests: file://gen.js[:name]` or `file://gen.py[:name]`
 * (`generate_tests` unless named), or `{path: ..., config: {...}}`, whose config is the
 * function's one argument. A JavaScript file may also export the list itself. The
 * function returns a list of tests (one test object is a list of one). Runs only when
 * the suite's code may run. Returns the tests, or why there are none.
 */
export async function generateTests(
  reference: string,
  config: unknown,
  context: { configDir: string; root: string; runCode: boolean; python: PythonWorker },
): Promise<GeneratedTests | { problem: string }> {
  const found = await codeFunctionOf(`file://${reference}`, context.configDir, context.root);
  if ('problem' in found) return { problem: `generates tests with code, but it ${found.problem}` };
  if (!context.runCode) return { problem: `generates tests with code (${reference}), which Skill Trainer does not run here: ${TRUST_TO_RUN_CODE}` };
  const code = found.code!;
  const name = `${relative(context.root, code.path).split('\\').join('/')}${code.functionName ? `:${code.functionName}` : ''}`;
  let result: unknown;
  try {
    // promptfoo reads file:// values inside the config before passing it on.
    const argument = config === undefined ? undefined : await loadFileReferences(config, context.configDir, context.root);
    const args = argument === undefined ? [] : [argument];
    if (code.language === 'python') {
      result = await callFileFunction(code, args, { timeoutMs: SUITE_LOAD_CODE_TIMEOUT_MS, pythonFunction: 'generate_tests', python: context.python });
    } else {
      const exported = await loadJavaScriptExport(code.path, code.functionName);
      if (exported === undefined) throw new Error(code.functionName ? `it has no export "${code.functionName}"` : 'it exports nothing');
      result = typeof exported === 'function' ? await withTimeout(Promise.resolve((exported as (...values: unknown[]) => unknown)(...args)), SUITE_LOAD_CODE_TIMEOUT_MS) : exported;
    }
  } catch (error) {
    return { problem: `generates tests with ${name}, which failed: ${(error as Error).message}` };
  }
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) result = [result];
  if (!Array.isArray(result)) {
    return { problem: `generates tests with ${name}, which returned ${result === null ? 'null' : typeof result}; a test generator must return a list of tests ({vars, assert, ...})` };
  }
  if (result.length === 0) return { problem: `generates tests with ${name}, which returned no tests; check the function (and the config it is given)` };
  // Problems in the returned tests are named by the test's position in the list the generator returned.
  const problems = new TaskFileProblems(code.path, () => undefined, (path) => `returned test ${Number(path[0]) + 1}${path.length > 1 ? `, ${formatJsonPath(path.slice(1))}` : ''}`);
  return { tests: result, problems };
}
