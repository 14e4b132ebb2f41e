/**
 * `Skill Trainer: Evaluate Skill`: runs a split of the skill's eval tasks (validation
 * by default) on the target model, scores them, and reports the means; every task's
 * result goes to the log. Nothing is written to the skill or the run store.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../core/errors';
import { evaluateTrials, isScoredTask, meanOverTasks, measureJudgeNoise, summarizeTrials, toolsNotGivenNotice, type JudgeNoise, type TaskEvaluation } from '../core/evaluation';
import { CallAbortedError } from '../core/models';
import { aggregateScores } from '../core/scoring';
import { splitTasks, type EvalTask, type Split } from '../core/tasks';
import { evaluationModels } from './evaluation-models';
import { uiErrorMessage } from './message-wording';
import type { RoleSpecs } from './run-models';
import type { ShellServices } from './shell-services';
import { resolveSkillUri, skillFolderOf, skillNameOf } from './skill-files';
import { isPrepared, prepareSkill, tasksNeedJudge } from './skill-preparation';
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
      /** Runs per task (`skillTrainer.evaluate.trials`). */
      readonly trials: number;
      /** With trials: tasks that passed some trials and failed others. */
      readonly flaky: string[];
      /** With trials and a judge: the same outputs graded twice. */
      readonly judgeNoise?: JudgeNoise;
      /** The result as the notification says it ("commit-messages on 6 validation tasks: hard 0.50 · …"). */
      readonly summary: string;
    };

export interface EvaluateOptions {
  readonly split?: EvaluationSplit;
  readonly specs?: RoleSpecs;
  /** Runs per task; default the `skillTrainer.evaluate.trials` setting. */
  readonly trials?: number;
}

const SPLIT_LABELS: Record<EvaluationSplit, string> = { val: 'Validation', test: 'Test', train: 'Train', all: 'All tasks' };
/** How a count of a split's tasks reads: "6 validation tasks", "18 tasks" (not "18 all tasks tasks"). */
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
  const { settings, taskSet, skillText } = prepared;

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

  const chosen = await evaluationModels(services, { title: TITLE, skillName, settings, taskSet, tasks, needsJudge: tasksNeedJudge(tasks), specs: options.specs });
  if ('problem' in chosen) return notStarted(chosen.problem);
  const { specs, models } = chosen;

  const log = services.log;
  const trials = options.trials ?? settings['evaluate.trials'];
  log.info(`[${skillName}] Evaluating ${tasks.length} ${split} task(s)${trials > 1 ? `, ${trials} trials each,` : ''} on ${specs.target}${specs.judge ? `, judge ${specs.judge}` : ''}`);
  const toolsNotice = toolsNotGivenNotice(specs.target, tasks);
  if (toolsNotice) log.warn(`[${skillName}] ${toolsNotice}`);
  const results: TaskEvaluation[][] = Array.from({ length: trials }, () => []);
  let judgeNoise: JudgeNoise | undefined;
  let stopMessage: string | undefined;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Evaluating ${skillName} (${SPLIT_LABELS[split].toLowerCase()})`, cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        await evaluateTrials({
          trials,
          skill: { name: skillName, text: skillText },
          tasks,
          target: models.target,
          judge: models.judge,
          embeddings: models.embeddings,
          trusted: vscode.workspace.isTrusted,
          concurrency: settings.rolloutConcurrency,
          signal: abort.signal,
          skillDirectory: skillFolderOf(skillUri).fsPath,
          onProgress: ({ trial, done, total, latest }) => {
            results[trial]!.push(latest);
            log.info(`[${skillName}] ${trials > 1 ? `trial ${trial + 1}: ` : ''}${describeTask(latest)}`);
            progress.report({ increment: 100 / total, message: trials > 1 ? `${done}/${total} runs (trial ${trial + 1} of ${trials})` : `${done}/${total} tasks` });
          },
        });
        if (trials > 1 && models.judge) {
          const first = tasks.flatMap((task) => results.flat().filter(isScoredTask).find((result) => result.taskId === task.id) ?? []);
          judgeNoise = await measureJudgeNoise({ tasks, outputs: first, judge: models.judge, signal: abort.signal, concurrency: settings.rolloutConcurrency });
        }
      } catch (error) {
        if (!isSkillTrainerError(error)) throw error;
        stopMessage = error instanceof CallAbortedError ? 'Stopped before every task ran.' : uiErrorMessage(error);
        log.warn(`[${skillName}] ${stopMessage}`);
      } finally {
        cancel.dispose();
      }
    },
  );

  const all = results.flat();
  const scored = all.filter(isScoredTask);
  const perTask = summarizeTrials(tasks.map((task) => task.id), results);
  // With trials the score is the mean of each task's mean; with one trial the two agree.
  const means = trials > 1 ? meanOverTasks(perTask) : aggregateScores(scored.map((result) => result.score));
  const scoredTasks = perTask.filter((task) => task.scored > 0).length;
  const flaky = perTask.filter((task) => task.flaky).map((task) => task.taskId);
  const costUsd = models.policies.totals.costOrUnknown();
  const failed = all.length - scored.length;
  const summary =
    `${skillName} on ${scoredTasks} ${SPLIT_WORDS[split]}task${scoredTasks === 1 ? '' : 's'}${trials > 1 ? ` × ${trials} trials` : ''}: ` +
    `hard ${formatScore(means.hard)} · soft ${formatScore(means.soft)} · ${formatCost(costUsd)}` +
    (trials > 1 ? ` · ${flaky.length === 0 ? 'no flaky task' : `flaky: ${flaky.join(', ')}`}` : '') +
    (judgeNoise && judgeNoise.verdicts > 0 ? ` · judge noise ${judgeNoise.changedVerdicts}/${judgeNoise.verdicts} verdicts changed` : '') +
    (failed > 0 ? ` · ${failed} not scored (model call failed, see the log)` : '');
  log.info(`[${skillName}] ${summary}`);
  const show = stopMessage || failed > 0 || flaky.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`${TITLE}: ${summary}${stopMessage ? `. ${stopMessage}` : ''}`, 'Diagnostics', 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show(true);
    else if (choice === 'Diagnostics') void vscode.commands.executeCommand('skillTrainer.diagnoseSkill', skillUri, { split, specs });
  });
  return { kind: stopMessage ? 'stopped' : 'evaluated', skillName, split, scored: scoredTasks, failed, hard: means.hard, soft: means.soft, costUsd, message: stopMessage, trials, flaky, judgeNoise, summary };
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
