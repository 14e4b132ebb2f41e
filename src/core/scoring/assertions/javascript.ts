import vm from 'node:vm';
import type { AssertionContext, AssertionDefinition, AssertionOutcome } from './assertion-definition';

/**
 * `javascript`: code from the eval file judges the output, promptfoo style. The value is
 * an expression (`output.includes('refund')`) or a function body (`return {pass: ...}`)
 * that sees `output` (string) and `context` ({prompt, vars, expectedOutput, taskId}).
 * It may return a boolean, a number (the score; passes when > 0 unless a threshold is
 * set) or `{pass, score?, reason?}`.
 *
 * It runs in a fresh `node:vm` context with a wall-time limit. That is isolation from
 * accidents, not a security boundary: which is why it runs only in trusted workspaces
 * (the caller decides; see `runsUserCode`). Async code is not supported.
 */

const expectation = 'pass the javascript check';
const scriptCache = new Map<string, vm.Script>();

/** Compiles as an expression when it is one, else as a function body. Throws SyntaxError. */
function compile(source: string): vm.Script {
  const cached = scriptCache.get(source);
  if (cached) return cached;
  const expression = source.trim().replace(/;\s*$/, '');
  let script: vm.Script;
  try {
    script = new vm.Script(`(function (output, context) { return (${expression}\n); })(output, JSON.parse(contextJson))`, {
      filename: 'javascript-assertion.js',
    });
  } catch {
    script = new vm.Script(`(function (output, context) {\n${source}\n})(output, JSON.parse(contextJson))`, {
      filename: 'javascript-assertion.js',
    });
  }
  scriptCache.set(source, script);
  return script;
}

function interpret(result: unknown): AssertionOutcome {
  if (typeof result === 'boolean') {
    return { pass: result, score: result ? 1 : 0, expectation, observation: `it returned ${result}` };
  }
  if (typeof result === 'number' && Number.isFinite(result)) {
    return {
      pass: result > 0,
      score: Math.min(1, Math.max(0, result)),
      expectation,
      observation: `it returned the score ${result}`,
    };
  }
  if (typeof result === 'object' && result !== null && typeof (result as { pass?: unknown }).pass === 'boolean') {
    const { pass, score, reason } = result as { pass: boolean; score?: unknown; reason?: unknown };
    const numericScore = typeof score === 'number' && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : pass ? 1 : 0;
    const said = typeof reason === 'string' && reason ? `: ${reason}` : '';
    return { pass, score: numericScore, expectation, observation: `it returned pass=${pass}, score=${numericScore}${said}` };
  }
  const shown = result === undefined ? 'undefined' : typeof result === 'object' ? 'an object without a boolean "pass"' : String(result);
  return {
    pass: false,
    score: 0,
    expectation,
    observation: `it returned ${shown}; make the code return true/false, a number from 0 to 1, or {pass, score, reason} (a function body needs "return")`,
  };
}

export const javascriptAssertion: AssertionDefinition = {
  type: 'javascript',
  valueHelp: 'JavaScript: an expression or a function body over `output` and `context`',
  runsUserCode: true,
  checkValue(value) {
    if (typeof value !== 'string' || value.trim() === '') {
      return 'needs "value" set to JavaScript code, e.g. "value": "output.length < 500"';
    }
    if (value.trim().startsWith('file://')) {
      return 'references a file; file:// javascript checks are not supported: put the code itself in "value"';
    }
    try {
      compile(value);
      return undefined;
    } catch (error) {
      return `has JavaScript that does not compile (${(error as Error).message}); fix the code in "value"`;
    }
  },
  evaluate(output, value, context: AssertionContext) {
    const sandbox = vm.createContext({
      output,
      contextJson: JSON.stringify({
        prompt: context.task.prompt,
        vars: context.task.vars ?? {},
        expectedOutput: context.task.expectedOutput,
        taskId: context.task.id,
      }),
    });
    let result: unknown;
    try {
      result = compile(value as string).runInContext(sandbox, { timeout: context.javascriptTimeoutMs });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const observation =
        code === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
          ? `it ran longer than ${context.javascriptTimeoutMs} ms and was stopped; make the check faster (or loop-free)`
          : `it threw ${(error as Error)?.name ?? 'an error'}: ${(error as Error)?.message ?? String(error)}`;
      return { pass: false, score: 0, expectation, observation };
    }
    if (typeof result === 'object' && result !== null && typeof (result as { then?: unknown }).then === 'function') {
      return {
        pass: false,
        score: 0,
        expectation,
        observation: 'it returned a Promise; javascript checks must return their result synchronously (no async/await)',
      };
    }
    return interpret(result);
  },
};
