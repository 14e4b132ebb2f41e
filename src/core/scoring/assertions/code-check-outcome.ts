import { CodeTimeoutError } from '../code/code-timeout-error';
import type { AssertionOutcome } from './assertion-definition';

/**
 * What a `javascript` or `python` check returned, as an outcome: a boolean, a number (the
 * score; passes when > 0 unless a threshold is set), or `{pass, score?, reason?}` as
 * promptfoo's grading results are. Anything else fails and says what to return.
 */
export function codeCheckOutcome(result: unknown, expectation: string): AssertionOutcome {
  if (typeof result === 'boolean') {
    return { pass: result, score: result ? 1 : 0, expectation, observation: `it returned ${result}` };
  }
  if (typeof result === 'number' && Number.isFinite(result)) {
    return { pass: result > 0, score: Math.min(1, Math.max(0, result)), expectation, observation: `it returned the score ${result}` };
  }
  if (typeof result === 'object' && result !== null && typeof (result as { pass?: unknown }).pass === 'boolean') {
    const { pass, score, reason } = result as { pass: boolean; score?: unknown; reason?: unknown };
    const numericScore = typeof score === 'number' && Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : pass ? 1 : 0;
    const said = typeof reason === 'string' && reason ? `: ${reason}` : '';
    return { pass, score: numericScore, expectation, observation: `it returned pass=${pass}, score=${numericScore}${said}` };
  }
  const shown = result === undefined || result === null ? String(result) : typeof result === 'object' ? 'an object without a boolean "pass"' : String(result);
  return {
    pass: false,
    score: 0,
    expectation,
    observation: `it returned ${shown}; make the code return true/false, a number from 0 to 1, or {pass, score, reason} (a function body needs "return")`,
  };
}

/** The outcome of a check whose code threw or ran too long. */
export function codeFailureOutcome(error: unknown, expectation: string): AssertionOutcome {
  const observation =
    error instanceof CodeTimeoutError ? error.message : `it threw ${(error as Error)?.name ?? 'an error'}: ${(error as Error)?.message ?? String(error)}`;
  return { pass: false, score: 0, expectation, observation };
}

/** The `context` code checks receive, as promptfoo passes it (prompt, vars, test). */
export function codeCheckContext(task: { id: string; prompt: string; vars?: Record<string, unknown>; expectedOutput?: string }): Record<string, unknown> {
  const vars = task.vars ?? {};
  return { prompt: task.prompt, vars, test: { vars }, expectedOutput: task.expectedOutput, taskId: task.id };
}
