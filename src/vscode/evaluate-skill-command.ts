/**
 * `Skill Trainer: Evaluate Skill`: runs a split of the skill's eval tasks (validation
 * by default) on the target model, scores them, and reports the means; every task's
 * result goes to the log. Nothing is written to the skill or the run store.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { evaluateSkill, isScoredTask, type TaskEvaluation } from '../core/evaluation';
import { CallAbortedError } from '../core/models';
import { aggregateScores } from '../core/scoring';
import { splitTasks, type EvalTask, type Split } from '../core/tasks';
import { uiErrorMessage } from './message-wording';
import { chooseRoleSpecs } from './model-selection';
import { createRunModels, type RoleSpecs } from './run-models';
import { SettingsError } from './settings';
import type { ShellServices } from './shell-services';
import { resolveSkillUri, skillFolderOf, skillNameOf } from './skill-files';
import { isPrepared, prepareSkill, showSettingsProblem, tasksNeedJudge } from './skill-preparation';
import { formatCost, formatScore } from './training-event-log';
import { checkRunTrust } from './workspace-trust';

const TITLE = 'Evaluate Skill';

/** Which tasks to evaluate. */
export type EvaluationSplit = Split | 'all';

export type EvaluateOutcome =
  | { readonly kind: 'no-skill' }
  | { readonly kind: 'not-started'; readonly skillName: string; readonly reason: string }
  | {
      readonly kind: 'evaluated' | 'stopped';
      readonly skillName: string;
      readonly split: EvaluationSplit;
      /** Tasks scored (infrastructure failures excluded). */
      readonly scored: number;
      /** Tasks whose model call failed for infrastructure reasons (not counted as task failures). */
      readonly failed: number;
      /** Mean scores over the scored tasks, 0..1. */
      readonly hard: number;
      readonly soft: number;
      readonly costUsd: number | null;
      /** Why it stopped early (cancel, budget, missing key…). */
      readonly message?: string;
    };

export interface EvaluateOptions {
  readonly split?: EvaluationSplit;
  readonly specs?: RoleSpecs;
}

const SPLIT_LABELS: Record<EvaluationSplit, string> = { val: 'Validation', test: 'Test', train: 'Train', all: 'All tasks' };

async function pickSplit(byName: Record<EvaluationSplit, EvalTask[]>): Promise<EvaluationSplit | undefined> {
  const order: EvaluationSplit[] = ['val', 'test', 'train', 'all'];
  const picked = await vscode.window.showQuickPick(
    order.map((split) => ({ label: SPLIT_LABELS[split], description: `${byName[split].length} task${byName[split].length === 1 ? '' : 's'}`, split })),
    { title: TITLE, placeHolder: 'Which tasks? (validation is what the training gate uses)' },
  );
  return picked?.split;
}

export async function evaluateSkillCommand(services: ShellServices, argument?: unknown, options: EvaluateOptions = {}): Promise<EvaluateOutcome> {
  const skillUri = await resolveSkillUri(argument, TITLE);
  if (!skillUri) return { kind: 'no-skill' };
  const skillName = skillNameOf(skillUri);
  const notStarted = (reason: string): EvaluateOutcome => ({ kind: 'not-started', skillName, reason });
  const prepared = await prepareSkill(skillUri, TITLE);
  if (!isPrepared(prepared)) return notStarted(prepared.problem);
  const { settings, taskSet, skillText } = prepared;

  const splits = splitTasks(taskSet.tasks, { seed: settings.seed, ratios: settings.splitRatios });
  const byName: Record<EvaluationSplit, EvalTask[]> = { ...splits, all: taskSet.tasks };
  const split = options.split ?? (await pickSplit(byName));
  if (!split) return notStarted('No split was chosen.');
  const tasks = byName[split];
  if (tasks.length === 0) {
    const reason = `The ${SPLIT_LABELS[split].toLowerCase()} split of ${skillName} has no tasks. Give tasks "split": "${split}" in evals.json, or pick another split.`;
    void vscode.window.showWarningMessage(`${TITLE}: ${reason}`);
    return notStarted(reason);
  }

  let specs: RoleSpecs | undefined;
  try {
    specs = options.specs ?? (await chooseRoleSpecs({ settings, catalog: services.catalog, apiKeys: services.apiKeys, needsJudge: tasksNeedJudge(tasks), purpose: 'evaluate', title: `${TITLE} ${skillName}`, memory: services.modelChoice, note: (message) => services.log.info(`[${skillName}] ${message}`) }));
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    showSettingsProblem(TITLE, error);
    return notStarted(error.message);
  }
  if (!specs) return notStarted('No models were chosen.');
  if (!checkRunTrust(`${TITLE} ${skillName}`, specs, tasks)) return notStarted('Agent-CLI targets do not run in an untrusted workspace.');

  let models;
  try {
    models = await createRunModels({ specs, settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, taskSet });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    void vscode.window.showErrorMessage(`${TITLE} ${skillName}: ${uiErrorMessage(error)}`);
    return notStarted(uiErrorMessage(error));
  }

  const log = services.log;
  log.info(`[${skillName}] Evaluating ${tasks.length} ${split} task(s) on ${specs.target}${specs.judge ? `, judge ${specs.judge}` : ''}`);
  const results: TaskEvaluation[] = [];
  let stopMessage: string | undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Evaluating ${skillName} (${SPLIT_LABELS[split].toLowerCase()})`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        await evaluateSkill({
          skill: { name: skillName, text: skillText },
          tasks,
          target: models.target,
          judge: models.judge,
          trusted: vscode.workspace.isTrusted,
          concurrency: settings.rolloutConcurrency,
          signal: abort.signal,
          skillDirectory: skillFolderOf(skillUri).fsPath,
          onProgress: ({ done, total, latest }) => {
            results.push(latest);
            log.info(`[${skillName}] ${describeTask(latest)}`);
            progress.report({ increment: 100 / total, message: `${done}/${total} tasks` });
          },
        });
      } catch (error) {
        if (!isSkillTrainerError(error)) throw error;
        stopMessage = error instanceof CallAbortedError ? 'Stopped before every task ran.' : uiErrorMessage(error);
        log.warn(`[${skillName}] ${stopMessage}`);
      } finally {
        cancel.dispose();
      }
    },
  );

  const scored = results.filter(isScoredTask);
  const means = aggregateScores(scored.map((result) => result.score));
  const costUsd = models.policies.totals.costOrUnknown();
  const failed = results.length - scored.length;
  const summary =
    `${skillName} on ${scored.length} ${SPLIT_LABELS[split].toLowerCase()} task${scored.length === 1 ? '' : 's'}: ` +
    `hard ${formatScore(means.hard)} · soft ${formatScore(means.soft)} · ${formatCost(costUsd)}` +
    (failed > 0 ? ` · ${failed} not scored (model call failed, see the log)` : '');
  log.info(`[${skillName}] ${summary}`);
  const show = stopMessage || failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${TITLE}: ${summary}${stopMessage ? `. ${stopMessage}` : ''}`, 'Show Log').then((choice) => {
    if (choice) log.show(true);
  });
  return { kind: stopMessage ? 'stopped' : 'evaluated', skillName, split, scored: scored.length, failed, hard: means.hard, soft: means.soft, costUsd, message: stopMessage };
}

/** One task's log line; checks that did not run (javascript in an untrusted workspace) are not counted as failed. */
export function describeTask(result: TaskEvaluation): string {
  if (!isScoredTask(result)) return `${result.taskId}: not scored — the ${result.stage} call failed: ${uiErrorMessage(result.error)}`;
  const failedChecks = result.score.checks.filter((check) => !check.pass && !check.skipped).map((check) => check.name);
  const notRun = result.score.checks.filter((check) => check.skipped).map((check) => check.name);
  return (
    `${result.taskId}: hard ${result.score.hard} · soft ${formatScore(result.score.soft)}${result.cached ? ' (cached)' : ''}` +
    `${failedChecks.length > 0 ? ` — failed: ${failedChecks.join('; ')}` : ''}` +
    `${notRun.length > 0 ? ` — not run (the workspace is not trusted): ${notRun.join('; ')}` : ''}`
  );
}
