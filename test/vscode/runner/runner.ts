import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { loadBundle, runMocha } from './run-mocha';
import { formatTestLine, type SuiteResult, type TestResult } from './suite-result';

/**
 * The test-runner extension. Two hosts load this one bundle:
 * - code-server: installed as an extension next to Skill Trainer; `activate` (on
 *   startup finished) runs the suite of the open workspace and writes the results
 *   file named in `test-run.json`, which the harness wrote into this folder.
 * - @vscode/test-electron: `run` is the extensionTestsPath entry; it prints the
 *   results and rejects when a test failed.
 * The suite for a workspace is `suites/<workspace folder name>.js` beside this file.
 */

/** Written by the harness into the installed runner's folder. */
interface RunConfig {
  /** Folder the results file `<workspace>.json` goes to. */
  readonly resultsDir: string;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const configPath = join(context.extensionPath, 'test-run.json');
  // Without a run config the runner stays inert (it is never installed for users).
  if (!existsSync(configPath)) return;
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as RunConfig;
  const result = await runWorkspaceSuite((test) => console.log(formatTestLine(test)));
  const resultsPath = join(config.resultsDir, `${result.workspace}.json`);
  // Write then rename, so the harness never reads a half-written file.
  writeFileSync(`${resultsPath}.partial`, JSON.stringify(result, null, 2));
  renameSync(`${resultsPath}.partial`, resultsPath);
}

export async function run(): Promise<void> {
  const result = await runWorkspaceSuite((test) => console.log(formatTestLine(test)));
  if (result.error) console.error(`Suite error: ${result.error}`);
  console.log(`${result.passed} passed, ${result.failed} failed`);
  if (result.failed > 0) throw new Error(`${result.failed} VS Code integration test(s) failed in ${result.workspace}`);
}

function runWorkspaceSuite(onTest: (test: TestResult) => void): Promise<SuiteResult> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const workspace = folder ? basename(folder.uri.fsPath) : 'no-folder';
  const suitePath = join(__dirname, 'suites', `${workspace}.js`);
  return runMocha({
    name: workspace,
    onTest,
    load: (mocha) => {
      if (!existsSync(suitePath)) throw new Error(`No suite for workspace "${workspace}": ${suitePath} is missing.`);
      loadBundle(mocha, suitePath);
    },
  });
}
