import type { Page } from 'playwright-core';

/** What the harness hands the browser tests: one page, shared in file order. */
export interface WorkbenchSession {
  /** The Chromium page; tests continue from the state the previous test left. */
  readonly page: Page;
  /** Opens the test workspace in the workbench (`/?folder=…`). */
  readonly workspaceUrl: string;
  /** Absolute path of the workspace copy code-server has open. */
  readonly workspacePath: string;
  /** Saves a PNG of the page as test-results/browser/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
}

// A global rather than a module variable: the harness and the test files may load
// this module through different loaders (ESM and CommonJS), i.e. twice.
const SESSION_KEY = Symbol.for('skill-trainer.browser-test.workbench-session');
type SessionHolder = { [SESSION_KEY]?: WorkbenchSession };

export function setWorkbenchSession(session: WorkbenchSession): void {
  (globalThis as SessionHolder)[SESSION_KEY] = session;
}

/** The running session; throws outside the browser harness. */
export function workbench(): WorkbenchSession {
  const session = (globalThis as SessionHolder)[SESSION_KEY];
  if (!session) throw new Error('No workbench session: run browser tests with `npm run test:browser`.');
  return session;
}
