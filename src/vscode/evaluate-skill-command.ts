/**
 * `Skill Trainer: Evaluate Skill`: runs a split of the skill's eval tasks (validation
 * by default) on the target model, scores them, and reports the means; every task's
 * result goes to the log. Nothing is written to the skill or the run store.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { isScoredTask, type TaskEvaluation } from '../core/evaluation';
import { CallAbortedError } from '../core/models';
import { aggregateScores } from '../core/scoring';
import { splitTasks, type EvalTask, type Split } from '../core/tasks';
import { uiErrorMessage } from './message-wording';
import { evaluationModels, runEvaluation } from './evaluation-run';
import type { RoleSpecs } from './run-models';
import type { ShellServices } from './shell-services';
import { resolveSkillUri, skillNameOf } from './skill-files';
import { isPrepared, prepareSkill } from './skill-preparation';
import { formatCost, formatScore } from './training-event-log';

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
      /** The result as the notification says it ("commit-messages on 6 validation tasks: hard 50% · …"). */
      readonly summary: string;
    };

export interface EvaluateOptions {
  readonly split?: EvaluationSplit;
  readonly specs?: RoleSpecs;
}

const SPLIT_LABELS: Record<EvaluationSplit, string> = { val: 'Validation', test: 'Test', train: 'Train', all: 'All tasks' };
/** How a count of a split's tasks reads: "6 validation tasks", "18 tasks". */
const SPLIT_WORDS: Record<EvaluationSplit, string> = { val: 'validation ', test: 'test ', train: 'train ', all: '' };

async function pickSplit(byName: Record<EvaluationSplit, EvalTask[]>, skillName: string): Promise<EvaluationSplit | undefined> {
  const order: EvaluationSplit[] = ['val', 'test', 'train', 'all'];
  const picked = await vscode.window.showQuickPick(
    order.map((split) => ({ label: SPLIT_LABELS[split], description: `${byName[split].length} task${byName[split].length === 1 ? '' : 's'}`, split })),
    { title: `${TITLE}: ${skillName}`, placeHolder: `Which tasks of ${skillName}? (validation is what the training gate uses)` },
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
  const { settings, taskSet } = prepared;

  const splits = splitTasks(taskSet.tasks, { seed: settings.seed, ratios: settings.splitRatios });
  const byName: Record<EvaluationSplit, EvalTask[]> = { ...splits, all: taskSet.tasks };
  const split = options.split ?? (await pickSplit(byName, skillName));
  if (!split) return notStarted('No split was chosen.');
  const tasks = byName[split];
  if (tasks.length === 0) {
    const reason = `The ${SPLIT_LABELS[split].toLowerCase()} split of ${skillName} has no tasks. Give tasks "split": "${split}" in evals.json, or pick another split.`;
    void vscode.window.showWarningMessage(`${TITLE}: ${reason}`);
    return notStarted(reason);
  }

  const chosen = await evaluationModels(services, prepared, tasks, TITLE, options.specs);
  if ('reason' in chosen) return notStarted(chosen.reason);
  const { specs, models } = chosen;

  const log = services.log;
  const counted = (count: number) => `${count} ${SPLIT_WORDS[split]}task${count === 1 ? '' : 's'}`;
  log.info(`[${skillName}] Evaluating ${counted(tasks.length)} on ${specs.target}${specs.judge ? `, judge ${specs.judge}` : ''}`);
  const results: TaskEvaluation[] = [];
  let stopMessage: string | undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Evaluating ${skillName} (${SPLIT_LABELS[split].toLowerCase()})`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        await runEvaluation({
          prepared,
          tasks,
          models,
          signal: abort.signal,
          onResult: (latest, done, total) => {
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
    `${skillName} on ${counted(scored.length)}: ` +
    `hard ${formatScore(means.hard)} · soft ${formatScore(means.soft)} · ${formatCost(costUsd)}` +
    (failed > 0 ? ` · ${failed} not scored (model call failed, see the log)` : '');
  log.info(`[${skillName}] ${summary}`);
  const show = stopMessage || failed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${TITLE}: ${summary}${stopMessage ? `. ${stopMessage}` : ''}`, 'Show Log').then((choice) => {
    if (choice) log.show(true);
  });
  return { kind: stopMessage ? 'stopped' : 'evaluated', skillName, split, scored: scored.length, failed, hard: means.hard, soft: means.soft, costUsd, message: stopMessage, summary };
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
