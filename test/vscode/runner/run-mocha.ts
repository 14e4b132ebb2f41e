import Mocha from 'mocha';
import type { SuiteResult, TestResult } from './suite-result';

/** How to run one suite. */
export interface MochaRun {
  /** Names the suite in the results (the workspace folder name, or "browser"). */
  readonly name: string;
  /** Defines the tests on `mocha`: by requiring a bundle, or adding and loading files. */
  readonly load: (mocha: Mocha) => void | Promise<void>;
  /** Called as each test ends, for printing progress. */
  readonly onTest?: (test: TestResult) => void;
  /** Per-test timeout (ms). */
  readonly timeoutMs?: number;
  readonly rootHooks?: Mocha.RootHookObject;
}

/** Default per-test timeout (ms): opening an editor in a cold VS Code takes seconds. */
const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Runs a mocha suite in this process (the extension host, or Node for the browser
 * layer) and collects one result per test. Never throws: an error while loading
 * the suite becomes `error` and counts as one failure.
 */
export async function runMocha(run: MochaRun): Promise<SuiteResult> {
  const tests: TestResult[] = [];
  // SKILL_TRAINER_TEST_GREP=<regular expression> runs only the tests whose full title
  // matches, in both layers (code-server passes the variable on to its extension host).
  const grep = process.env.SKILL_TRAINER_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: run.timeoutMs ?? DEFAULT_TIMEOUT_MS, color: false, ...(grep ? { grep: new RegExp(grep) } : {}) });
  if (run.rootHooks) mocha.rootHooks(run.rootHooks);
  const record = (test: Mocha.Runnable, state: TestResult['state'], error?: Error) => {
    const result: TestResult = {
      fullTitle: test.fullTitle(),
      state,
      durationMs: test.duration ?? 0,
      ...(error ? { error: error.stack?.includes(error.message) ? error.stack : `${error.message}\n${error.stack ?? ''}` } : {}),
    };
    tests.push(result);
    run.onTest?.(result);
  };
  // A reporter that only collects; each layer prints the results itself.
  mocha.reporter(
    class CollectingReporter extends Mocha.reporters.Base {
      constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, (test) => record(test, 'passed'));
        // Also fires for failing hooks (before/after), which then count as failures.
        runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test, error) => record(test, 'failed', error));
        runner.on(Mocha.Runner.constants.EVENT_TEST_PENDING, (test) => record(test, 'pending'));
      }
    },
  );
  try {
    await run.load(mocha);
    await new Promise<void>((resolve) => mocha.run(() => resolve()));
  } catch (error) {
    return summarize(run.name, tests, error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  return summarize(run.name, tests);
}

/**
 * Defines tests from a bundle that calls mocha's BDD globals: installs the globals
 * (describe, it, …) as mocha does for a file, then requires the bundle.
 */
export function loadBundle(mocha: Mocha, bundlePath: string): void {
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, bundlePath, mocha);
  // A path known only at run time: esbuild leaves this require to Node.
  require(bundlePath);
}

function summarize(name: string, tests: TestResult[], error?: string): SuiteResult {
  const count = (state: TestResult['state']) => tests.filter((test) => test.state === state).length;
  return {
    workspace: name,
    tests,
    passed: count('passed'),
    failed: count('failed') + (error ? 1 : 0),
    pending: count('pending'),
    ...(error ? { error } : {}),
  };
}
