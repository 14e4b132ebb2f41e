import { PythonUnavailableError } from '../code/run-python';
import { codeSource, parseCodeFile, runSuiteCode, suiteCodeTimeoutMs } from '../code/suite-code';
import type { LocalAssertionDefinition } from './assertion-definition';
import { codeCheckContext, codeCheckOutcome, codeFailureOutcome } from './code-check-outcome';

/**
 * `python`: promptfoo's Python checks. The value is inline code (an expression over
 * `output` and `context`, or a function body that returns) or
 * `file://checks/grade.py[:function]` (relative to the skill folder; `get_assert` unless
 * named). Results as for `javascript`. Needs Python 3 on the PATH (the loader says so
 * when it is missing) and a trusted workspace.
 */

const expectation = 'pass the python check';

export const pythonAssertion: LocalAssertionDefinition = {
  type: 'python',
  valueHelp: 'Python: an expression or a function body over `output` and `context`, or file://check.py[:function]',
  runsUserCode: true,
  checkValue(value) {
    if (typeof value !== 'string' || value.trim() === '') return 'needs "value" set to Python code, e.g. "value": "len(output) < 500", or a file://check.py path';
    const file = parseCodeFile(value);
    if (file && !/\.py$/i.test(file.path)) return `points to ${file.path}; a python check file must be .py`;
    return undefined;
  },
  async evaluate(output, value, context) {
    try {
      const code = codeSource(value as string, 'python');
      const result = await runSuiteCode(code, context.outputValue ?? output, codeCheckContext(context.task), {
        timeoutMs: suiteCodeTimeoutMs(code, context.javascriptTimeoutMs),
        skillDirectory: context.skillDirectory,
      });
      return codeCheckOutcome(result, expectation);
    } catch (error) {
      // A machine without Python says nothing about the output: the check is left out, with why.
      if (error instanceof PythonUnavailableError) return { ...codeFailureOutcome(error, expectation), skipped: `not run: ${error.message}` };
      return codeFailureOutcome(error, expectation);
    }
  },
};
