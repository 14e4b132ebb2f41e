import { pythonInterpreter } from '../../scoring/code/run-python';
import { parseCodeFile } from '../../scoring/code/suite-code';
import type { TaskFileProblems } from '../task-file-problems';
import type { PromptfooTest } from './promptfoo-config-schema';
import { codeFileReference } from './suite-code-reference';
import type { SuiteContext } from './promptfoo-test-tasks';
import type { RawTest } from './promptfoo-tests';

/** What a test's scoring function became: the reference its tasks carry (none when there is none or it is skipped), or `invalid` after reporting why. */
export type ScoringFunctionResolution = { reference?: string } | 'invalid';

const FORM = 'a file:// path to a JavaScript or Python function, e.g. file://scoring.js or file://scoring.py:score';

/**
 * promptfoo's `assertScoringFunction`, the test's own or else defaultTest's: checked
 * (a `.js`, `.cjs`, `.mjs` or `.py` file inside the skill folder) and named relative to
 * the skill folder, where scoring looks for it. defaultTest's is checked once per suite.
 * A Python function on a machine without Python is skipped, and said so.
 */
export async function scoringFunctionFor(test: PromptfooTest, defaultTest: PromptfooTest | undefined, raw: RawTest, suite: SuiteContext): Promise<ScoringFunctionResolution> {
  if (test.assertScoringFunction !== undefined) return resolveScoringFunction(test.assertScoringFunction, [...raw.path, 'assertScoringFunction'], raw.problems, suite);
  if (defaultTest?.assertScoringFunction === undefined) return {};
  suite.defaultScoringFunction ??= resolveScoringFunction(defaultTest.assertScoringFunction, ['defaultTest', 'assertScoringFunction'], suite.problems, suite);
  return suite.defaultScoringFunction;
}

async function resolveScoringFunction(value: string, at: PropertyKey[], problems: TaskFileProblems, suite: SuiteContext): Promise<ScoringFunctionResolution> {
  const file = parseCodeFile(value);
  if (!file) {
    problems.error(at, `is ${JSON.stringify(value)}; it must be ${FORM} (inline code is not read here)`);
    return 'invalid';
  }
  if (/\.py$/i.test(file.path) && pythonInterpreter() === null) {
    suite.unsupported.add(
      problems,
      at,
      'a Python assertScoringFunction',
      "Python 3 is not installed here (no python3 or python on the PATH), so the task's checks are combined as a weighted mean instead; install Python to run it",
    );
    return {};
  }
  const reference = await codeFileReference(value, suite.configDir, suite.root);
  if ('problem' in reference) {
    problems.error(at, reference.problem);
    return 'invalid';
  }
  return { reference: reference.value };
}
