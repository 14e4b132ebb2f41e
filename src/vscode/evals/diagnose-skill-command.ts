/**
 * `Skill Trainer: Diagnose Skill` (also Evaluate's "Diagnostics" button): runs the
 * skill's tasks K times with the skill and K times without it, checks the expected
 * outputs, and shows the Diagnostics report. Nothing is written to the skill or the store.
 */
import * as vscode from 'vscode';
import { diagnoseSkill, type DiagnosticsReport } from '../../core/diagnostics';
import { isSkillTrainerError } from '../../core/errors';
import { CallAbortedError } from '../../core/models';
import { splitTasks } from '../../core/tasks';
import type { EvaluationSplit } from '../evaluate-skill-command';
import { evaluationModels } from '../evaluation-models';
import { uiErrorMessage } from '../message-wording';
import type { RoleSpecs } from '../run-models';
import type { ShellServices } from '../shell-services';
import { resolveSkillUri, skillFolderOf, skillNameOf } from '../skill-files';
import { isPrepared, prepareSkill, tasksNeedJudge } from '../skill-preparation';
import type { DiagnosticsPanel } from './diagnostics-panel';

const TITLE = 'Diagnose Skill';

export interface DiagnoseOptions {
  /** Which tasks; default all. */
  readonly split?: EvaluationSplit;
  readonly specs?: RoleSpecs;
  /** Runs per task and condition; default the `skillTrainer.diagnostics.trials` setting. */
  readonly trials?: number;
}

export type DiagnoseOutcome =
  | { readonly kind: 'no-skill' }
  | { readonly kind: 'not-started'; readonly reason: string }
  | { readonly kind: 'stopped'; readonly reason: string }
  | { readonly kind: 'diagnosed'; readonly report: DiagnosticsReport };

export async function diagnoseSkillCommand(services: ShellServices, panel: DiagnosticsPanel, argument?: unknown, options: DiagnoseOptions = {}): Promise<DiagnoseOutcome> {
  const skillUri = await resolveSkillUri(argument, TITLE);
  if (!skillUri) return { kind: 'no-skill' };
  const skillName = skillNameOf(skillUri);
  const prepared = await prepareSkill(skillUri, TITLE);
  if (!isPrepared(prepared)) return { kind: 'not-started', reason: prepared.problem };
  const { settings, taskSet, skillText } = prepared;
  const split = options.split ?? 'all';
  const tasks = split === 'all' ? taskSet.tasks : splitTasks(taskSet.tasks, { seed: settings.seed, ratios: settings.splitRatios })[split];
  if (tasks.length === 0) {
    const reason = `The ${split} split of ${skillName} has no tasks to diagnose.`;
    void vscode.window.showWarningMessage(`${TITLE}: ${reason}`);
    return { kind: 'not-started', reason };
  }
  const needsJudge = tasksNeedJudge(tasks) || tasks.some((task) => task.expectedOutput);
  const chosen = await evaluationModels(services, { title: TITLE, skillName, settings, taskSet, tasks, needsJudge, specs: options.specs });
  if ('problem' in chosen) return { kind: 'not-started', reason: chosen.problem };
  const { specs, models } = chosen;
  const trials = options.trials ?? settings['diagnostics.trials'];
  services.log.info(`[${skillName}] Diagnosing ${tasks.length} task(s), ${trials} trial(s) with and without the skill, on ${specs.target}`);
  try {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Diagnosing ${skillName}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        const total = 2 * trials * tasks.length;
        let runs = 0;
        try {
          return await diagnoseSkill({
            skill: { name: skillName, text: skillText },
            tasks,
            target: models.target,
            judge: needsJudge ? models.judge : undefined,
            embeddings: models.embeddings,
            trusted: vscode.workspace.isTrusted,
            trials,
            concurrency: settings.rolloutConcurrency,
            skillDirectory: skillFolderOf(skillUri).fsPath,
            signal: abort.signal,
            onProgress: ({ phase, latest }) => {
              if (latest) {
                runs += 1;
                progress.report({ increment: 100 / total, message: `${phase === 'with-skill' ? 'with' : 'without'} the skill: ${runs}/${total} runs` });
              } else if (phase === 'expected-outputs') progress.report({ message: 'checking expected outputs' });
            },
            totals: () => {
              const usage = models.policies.totals.total();
              return { calls: usage.calls, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: models.policies.totals.costOrUnknown() };
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
    for (const finding of report.findings) services.log.info(`[${skillName}] ${finding.severity}: ${finding.message} → ${finding.advice}`);
    panel.show(skillUri, report);
    return { kind: 'diagnosed', report };
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    const reason = error instanceof CallAbortedError ? 'Stopped before the diagnosis finished.' : uiErrorMessage(error);
    services.log.warn(`[${skillName}] ${reason}`);
    void vscode.window.showWarningMessage(`${TITLE} ${skillName}: ${reason}`);
    return { kind: 'stopped', reason };
  }
}
