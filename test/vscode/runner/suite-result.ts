/** One test's outcome, as the runner writes it and the harness prints it. */
export interface TestResult {
  /** Titles from the outermost `describe` to the test, joined by spaces. */
  readonly fullTitle: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly durationMs: number;
  /** Message and stack of the failure, when the test failed. */
  readonly error?: string;
}

/** The results file of one suite run (`<results dir>/<workspace name>.json`). */
export interface SuiteResult {
  /** Name of the workspace folder the suite ran in (it selects the suite), or of the layer. */
  readonly workspace: string;
  readonly tests: readonly TestResult[];
  readonly passed: number;
  readonly failed: number;
  readonly pending: number;
  /** Set when the suite could not run at all (bundle missing, load error). */
  readonly error?: string;
}

/** The one line per test that every layer prints. */
export function formatTestLine(test: TestResult): string {
  const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
  return `${mark} ${test.fullTitle} (${Math.round(test.durationMs)} ms)`;
}
