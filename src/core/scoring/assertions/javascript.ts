import { codeSource, compileInlineJavaScript, parseCodeFile, runSuiteCode, suiteCodeTimeoutMs } from '../code/suite-code';
import type { LocalAssertionDefinition } from './assertion-definition';
import { codeCheckContext, codeCheckOutcome, codeFailureOutcome } from './code-check-outcome';

/**
 * `javascript`: code from the eval file judges the output, promptfoo style. The value is
 * an expression (`output.includes('refund')`), a function body (`return {pass: ...}`,
 * which may `await`), or `file://checks/grade.js[:functionName]` (relative to the skill
 * folder) exporting `(output, context) => result`. `output` is the text, or the parsed
 * JSON / transformed value when the task asks for one; `context` holds `prompt`, `vars`,
 * `test`, `expectedOutput` and `taskId`. The result is a boolean, a number (the score)
 * or `{pass, score?, reason?}`.
 *
 * Runs only in trusted workspaces (see `runsUserCode` and suite-code.ts).
 */

const expectation = 'pass the javascript check';

export const javascriptAssertion: LocalAssertionDefinition = {
  type: 'javascript',
  valueHelp: 'JavaScript: an expression or a function body over `output` and `context`, or file://check.js[:function]',
  runsUserCode: true,
  checkValue(value) {
    if (typeof value !== 'string' || value.trim() === '') {
      return 'needs "value" set to JavaScript code, e.g. "value": "output.length < 500", or a file://check.js path';
    }
    const file = parseCodeFile(value);
    if (file) {
      if (/\.(ts|cts|mts)$/i.test(file.path)) return `points to TypeScript (${file.path}), which is not run; compile it to .js (or write the check in JavaScript) and name that file`;
      if (!/\.(js|cjs|mjs)$/i.test(file.path)) return `points to ${file.path}; a javascript check file must be .js, .cjs or .mjs`;
      return undefined;
    }
    try {
      compileInlineJavaScript(value);
      return undefined;
    } catch (error) {
      return `has JavaScript that does not compile (${(error as Error).message}); fix the code in "value"`;
    }
  },
  async evaluate(output, value, context) {
    const code = codeSource(value as string, 'javascript');
    const timeoutMs = suiteCodeTimeoutMs(code, context.javascriptTimeoutMs);
    try {
      const result = await runSuiteCode(code, context.outputValue ?? output, codeCheckContext(context.task), { timeoutMs, skillDirectory: context.skillDirectory });
      return codeCheckOutcome(result, expectation);
    } catch (error) {
      return codeFailureOutcome(error, expectation);
    }
  },
};
