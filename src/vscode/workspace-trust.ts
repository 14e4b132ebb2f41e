/**
 * Restricted mode: in an untrusted workspace, `javascript` assertions do not run and
 * agent-CLI targets are refused (both run code on this machine). The person is told
 * why, and how to trust the workspace; trust granted later applies to new runs.
 */
import * as vscode from 'vscode';
import { isAgentCliProvider, parseModelSpec } from '../core/models';
import { resolveAssertionType } from '../core/scoring';
import type { EvalTask } from '../core/tasks';
import type { RoleSpecs } from './run-models';

/** Shown in the Skills view while the workspace is untrusted. */
export const RESTRICTED_MODE_MESSAGE =
  'Restricted mode: javascript assertions are skipped and agent-CLI targets are off until you trust this workspace.';

const MANAGE_TRUST = 'Manage Workspace Trust';

/** Tasks' assertions that run the suite's code (they run only in a trusted workspace). */
export function countJavascriptAssertions(tasks: readonly EvalTask[]): number {
  // Checks that run the suite's code: javascript and python, any check with a transform,
  // and every check of a task whose output passes through a transform.
  const runsCode = (task: EvalTask, assertion: EvalTask['assert'][number]) =>
    (task.transforms?.length ?? 0) > 0 || assertion.transform !== undefined || resolveAssertionType(assertion.type)?.definition.runsUserCode === true;
  return tasks.reduce((count, task) => count + task.assert.filter((assertion) => runsCode(task, assertion)).length, 0);
}

function offerTrust(message: string, severity: 'warning' | 'info'): void {
  const show = severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, MANAGE_TRUST).then((choice) => {
    if (choice === MANAGE_TRUST) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

/**
 * Checks a run against workspace trust. Returns false (and says why) when the target
 * is an agent CLI in an untrusted workspace; tells the person when `javascript`
 * assertions will be skipped or scoring functions not run, and lets the run go on.
 */
export function checkRunTrust(title: string, specs: RoleSpecs, tasks: readonly EvalTask[], trusted = vscode.workspace.isTrusted): boolean {
  if (trusted) return true;
  const agentCli = [specs.target, specs.optimizer, specs.judge].find((spec) => spec && isAgentCliProvider(parseModelSpec(spec).provider));
  if (agentCli) {
    offerTrust(
      `${title}: the agent CLI '${agentCli}' runs tools and commands on this machine, so it is off in an untrusted workspace. Trust the workspace, or choose an API model in skillTrainer.target.`,
      'warning',
    );
    return false;
  }
  const notice = untrustedCodeNotice(title, tasks);
  if (notice) offerTrust(notice, 'info');
  return true;
}

/**
 * What an untrusted workspace leaves out of a run's scoring: assertions that run the
 * suite's code, and scoring functions (promptfoo's `assertScoringFunction`); undefined
 * when the tasks have neither.
 */
export function untrustedCodeNotice(title: string, tasks: readonly EvalTask[]): string | undefined {
  const javascript = countJavascriptAssertions(tasks);
  const scoringFunctions = tasks.filter((task) => task.scoringFunction !== undefined).length;
  if (javascript === 0 && scoringFunctions === 0) return undefined;
  const skipped = javascript > 0 ? `${javascript} assertion${javascript === 1 ? ' is' : 's are'} skipped` : '';
  const functions = scoringFunctions > 0 ? `the scoring functions (assertScoringFunction) of ${scoringFunctions} task${scoringFunctions === 1 ? '' : 's'} do not run` : '';
  const consequences = [javascript > 0 && (scoringFunctions > 0 ? 'Skipped assertions are' : 'They are') + ' left out of the scores.', scoringFunctions > 0 && 'Those tasks combine their checks as usual.'].filter(Boolean).join(' ');
  return `${title}: ${[skipped, functions].filter(Boolean).join(' and ')} because this workspace is not trusted (javascript, python, transforms and scoring functions run code from the workspace). ${consequences}`;
}
