import type { Usage } from '../models/chat-model';
import type { EvalTask } from '../tasks/eval-task';
import { codeCheckOutcome, codeFailureOutcome } from './assertions/code-check-outcome';
import { PythonUnavailableError } from './code/run-python';
import { codeSource, runSuiteCode, suiteCodeTimeoutMs } from './code/suite-code';
import { checksThatRan, namedScores } from './named-scores';
import type { CheckResult } from './task-score';

/** A task's hard and soft score with the checks they came from. */
export interface CombinedScore {
  hard: 0 | 1;
  soft: number;
  checks: CheckResult[];
}

export interface ScoringFunctionOptions {
  /** The workspace is trusted: the suite's code may run. */
  trusted: boolean;
  /** The configured limit for inline code, ms; files get more (see `suiteCodeTimeoutMs`). */
  javascriptTimeoutMs: number;
  /** The skill folder, which the function's file is relative to. */
  skillDirectory?: string;
  /** What the target call consumed, passed on as promptfoo's `tokensUsed`. */
  usage?: Usage;
}

/** The name the function's own entry has among the task's checks. */
export const SCORING_FUNCTION_CHECK = 'assertScoringFunction';

/**
 * promptfoo's `assertScoringFunction`: the suite's function decides the task's result
 * from the named scores of its checks, in place of the weighted mean and the threshold.
 * It is called with `(namedScores, context)`: `namedScores` maps each `metric` to the sum
 * of the scores of the checks that carry it (checks that did not run left out), and
 * `context` holds `threshold` (the test's, when it has one), `componentResults` (every
 * check that ran: `{pass, score, reason, assertion: {type, value, metric, weight}}`)
 * and, when known, `tokensUsed` of the target call (`{total, prompt, completion}`). It
 * returns `{pass, score, reason}`: `pass` becomes hard, `score` (0..1) soft, and its
 * reason is added to the checks with weight 0. A function that throws, runs too long or
 * returns something else fails the task with why, as promptfoo does. In an untrusted
 * workspace, or without Python for a `.py` file, it does not run: the checks are
 * combined as usual and an entry says why.
 */
export async function applyScoringFunction(task: EvalTask, combined: CombinedScore, options: ScoringFunctionOptions): Promise<CombinedScore> {
  const reference = task.scoringFunction;
  if (reference === undefined) return combined;
  const label = `the scoring function ${reference.replace(/^file:\/\//, '')}`;
  const notRun = (why: string): CombinedScore => {
    const skipped = `not run: ${why}; the checks are combined as usual (weighted mean${task.threshold === undefined ? '' : ' against the threshold'})`;
    return { ...combined, checks: [...combined.checks, { kind: 'assertion', name: SCORING_FUNCTION_CHECK, pass: false, score: 0, weight: 0, reason: skipped, skipped }] };
  };
  if (!options.trusted) {
    return notRun(`${label} is code from the eval file, and this workspace is not trusted. Trust the workspace (Workspaces: Manage Workspace Trust) to run it`);
  }

  const ran = checksThatRan(task.assert, combined.checks);
  const context = {
    ...(task.threshold !== undefined && { threshold: task.threshold }),
    componentResults: ran.map(({ spec, check }) => ({
      pass: check.pass,
      score: check.score,
      reason: check.reason,
      assertion: { type: spec.type, value: spec.value, metric: spec.metric, weight: spec.weight ?? 1 },
    })),
    ...(options.usage && {
      tokensUsed: { total: options.usage.inputTokens + options.usage.outputTokens, prompt: options.usage.inputTokens, completion: options.usage.outputTokens },
    }),
  };

  const expectation = `pass ${label}`;
  const code = codeSource(reference, 'javascript');
  let outcome;
  try {
    const result = await runSuiteCode(code, namedScores(task.assert, combined.checks), context, {
      timeoutMs: suiteCodeTimeoutMs(code, options.javascriptTimeoutMs),
      skillDirectory: options.skillDirectory,
      // promptfoo's name for a Python scoring function the reference does not name.
      pythonFunction: 'func',
    });
    outcome = codeCheckOutcome(result, expectation);
  } catch (error) {
    if (error instanceof PythonUnavailableError) return notRun(error.message);
    outcome = codeFailureOutcome(error, expectation);
  }
  const verdict: CheckResult = { kind: 'assertion', name: SCORING_FUNCTION_CHECK, pass: outcome.pass, score: outcome.score, weight: 0, reason: `expected to ${outcome.expectation}; ${outcome.observation}` };
  return { hard: outcome.pass ? 1 : 0, soft: outcome.score, checks: [...combined.checks, verdict] };
}
