/**
 * A Test Explorer run: the chosen tasks, grouped by skill, each group evaluated with the
 * skill (or without it, the other run profile) on the models Evaluate Skill would use.
 * A task passes when every hard check passes; a failure carries its failed checks (see
 * eval-test-messages.ts); a model call that failed is an error, not a failure. Each
 * result also goes into the task's history.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../../core/errors';
import { isScoredTask, type TaskEvaluation } from '../../core/evaluation';
import { CallAbortedError } from '../../core/models';
import type { EvalTask } from '../../core/tasks';
import { evaluateSkill } from '../../core/evaluation';
import { evaluationModels } from '../evaluation-models';
import { uiErrorMessage } from '../message-wording';
import type { ShellServices } from '../shell-services';
import { skillFolderOf } from '../skill-files';
import { isPrepared, prepareSkill, tasksNeedJudge } from '../skill-preparation';
import { formatCost } from '../training-event-log';
import { describeTaskItem, type TaskItemData } from './eval-test-items';
import { errorMessage, failureMessages } from './eval-test-messages';
import { TaskHistory, type TaskResult } from './task-history';

const TITLE = 'Run Eval Tasks';

/** The task items of one skill that a run covers. */
export interface SkillBatch {
  readonly skillUri: vscode.Uri;
  readonly items: readonly { readonly item: vscode.TestItem; readonly data: TaskItemData }[];
}

/** Test output is a terminal: it wants CRLF line breaks. */
function terminalText(text: string): string {
  return `${text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

/** Runs the batches one skill after another, reporting each task as it finishes. */
export async function runEvalBatches(
  services: ShellServices,
  history: TaskHistory,
  run: vscode.TestRun,
  batches: readonly SkillBatch[],
  options: { withSkill: boolean; token: vscode.CancellationToken },
): Promise<void> {
  for (const batch of batches) {
    if (options.token.isCancellationRequested) {
      for (const { item } of batch.items) run.skipped(item);
      continue;
    }
    await runBatch(services, history, run, batch, options);
  }
}

async function runBatch(services: ShellServices, history: TaskHistory, run: vscode.TestRun, batch: SkillBatch, options: { withSkill: boolean; token: vscode.CancellationToken }): Promise<void> {
  const fail = (message: string) => {
    for (const { item } of batch.items) run.errored(item, new vscode.TestMessage(message));
  };
  batch.items.forEach(({ item }) => run.enqueued(item));
  const prepared = await prepareSkill(batch.skillUri, TITLE);
  if (!isPrepared(prepared)) return fail(prepared.problem);
  const byId = new Map(batch.items.map((entry) => [entry.data.taskId, entry]));
  const tasks = prepared.taskSet.tasks.filter((task) => byId.has(task.id));
  for (const { item, data } of batch.items) {
    if (!tasks.some((task) => task.id === data.taskId)) run.errored(item, new vscode.TestMessage(`Task ${data.taskId} is no longer in the task file; refresh the tests.`));
  }
  if (tasks.length === 0) return;
  const chosen = await evaluationModels(services, { title: TITLE, skillName: prepared.skillName, settings: prepared.settings, taskSet: prepared.taskSet, tasks, needsJudge: tasksNeedJudge(tasks) });
  if ('problem' in chosen) return fail(chosen.problem);
  const { specs, models } = chosen;

  const how = options.withSkill ? 'with the skill' : 'without the skill';
  run.appendOutput(terminalText(`${prepared.skillName}: ${tasks.length} task${tasks.length === 1 ? '' : 's'} ${how} on ${specs.target}${specs.judge ? `, judge ${specs.judge}` : ''}`));
  for (const task of tasks) run.started(byId.get(task.id)!.item);
  const abort = new AbortController();
  const cancel = options.token.onCancellationRequested(() => abort.abort());
  const finished = new Set<string>();
  const results: { key: string; result: TaskResult }[] = [];
  try {
    await evaluateSkill({
      skill: { name: prepared.skillName, text: prepared.skillText },
      withoutSkill: !options.withSkill,
      tasks,
      target: models.target,
      judge: models.judge,
      embeddings: models.embeddings,
      trusted: vscode.workspace.isTrusted,
      concurrency: prepared.settings.rolloutConcurrency,
      signal: abort.signal,
      skillDirectory: skillFolderOf(batch.skillUri).fsPath,
      onProgress: ({ latest: evaluation }) => {
        finished.add(evaluation.taskId);
        const entry = byId.get(evaluation.taskId)!;
        const task = tasks.find((candidate) => candidate.id === evaluation.taskId)!;
        const key = TaskHistory.key(batch.skillUri.fsPath, evaluation.taskId);
        results.push({ key, result: resultOf(evaluation, options.withSkill, specs.target) });
        const location = entry.item.uri ? new vscode.Location(entry.item.uri, entry.item.range ?? new vscode.Position(0, 0)) : undefined;
        report(run, entry.item, evaluation, location, [...history.results(key), results.at(-1)!.result], task);
      },
    });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    const cancelled = error instanceof CallAbortedError;
    for (const task of tasks) {
      if (finished.has(task.id)) continue;
      const item = byId.get(task.id)!.item;
      if (cancelled) run.skipped(item);
      else run.errored(item, new vscode.TestMessage(`Not run: ${uiErrorMessage(error)}`));
    }
  } finally {
    cancel.dispose();
  }
  await history.add(results);
  for (const { item, data } of batch.items) describeTaskItem(item, data, history);
  run.appendOutput(terminalText(`${prepared.skillName}: ${finished.size} of ${tasks.length} finished · ${formatCost(models.policies.totals.costOrUnknown())}`));
}

function resultOf(evaluation: TaskEvaluation, withSkill: boolean, target: string): TaskResult {
  const at = new Date().toISOString();
  if (!isScoredTask(evaluation)) return { at, withSkill, hard: null, soft: null, target };
  return { at, withSkill, hard: evaluation.score.hard, soft: evaluation.score.soft, target };
}

function report(
  run: vscode.TestRun,
  item: vscode.TestItem,
  evaluation: TaskEvaluation,
  location: vscode.Location | undefined,
  recent: readonly TaskResult[],
  task: EvalTask,
): void {
  if (!isScoredTask(evaluation)) {
    run.errored(item, errorMessage(evaluation, location));
    return;
  }
  run.appendOutput(terminalText(`── ${evaluation.taskId} (hard ${evaluation.score.hard}, soft ${evaluation.score.soft.toFixed(2)}) ──\n${evaluation.output}`), location, item);
  if (evaluation.score.hard === 1) run.passed(item);
  else run.failed(item, failureMessages(task, evaluation, location, recent));
}
