/**
 * `Skill Trainer: Draft Eval Tasks`: the optimizer model reads the skill (and its
 * references/) and drafts eval tasks into evals/evals.json, each marked as a draft;
 * the review editor then opens on them. Existing tasks are kept.
 */
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../../core/errors';
import { CallAbortedError } from '../../core/models';
import { inspectTaskSet, TaskFileError } from '../../core/tasks';
import { draftTasks } from '../../core/tasks/draft/draft-tasks';
import { readSkillSources } from '../../core/tasks/draft/skill-sources';
import { appendTasksText } from '../../core/tasks/edit/evals-file-edits';
import { evalsFileForNewTasks } from '../../core/tasks/edit/evals-file-store';
import { uiErrorMessage } from '../message-wording';
import { chooseRoleSpecs } from '../model-selection';
import { createRunModels } from '../run-models';
import { readSettings, SettingsError } from '../settings';
import type { ShellServices } from '../shell-services';
import { resolveSkillUri, skillFolderOf, skillNameOf } from '../skill-files';
import { showSettingsProblem } from '../skill-preparation';
import { formatCost } from '../training-event-log';
import type { DraftReviewPanel } from './draft-review-panel';
import { changeEvalsText } from './evals-file-buffer';

const TITLE = 'Draft Eval Tasks';

export type DraftOutcome =
  | { readonly kind: 'no-skill' }
  | { readonly kind: 'not-started'; readonly reason: string }
  | { readonly kind: 'drafted'; readonly skillName: string; readonly ids: string[]; readonly notes: string[]; readonly stopped?: string };

export interface DraftOptions {
  /** Tasks to draft; default the `skillTrainer.draft.count` setting. */
  readonly count?: number;
  /** The drafting model; default the optimizer as Optimize would choose it. */
  readonly model?: string;
}

export async function draftEvalTasksCommand(services: ShellServices, review: DraftReviewPanel, argument?: unknown, options: DraftOptions = {}): Promise<DraftOutcome> {
  const skillUri = await resolveSkillUri(argument, TITLE);
  if (!skillUri) return { kind: 'no-skill' };
  const skillName = skillNameOf(skillUri);
  const folder = skillFolderOf(skillUri).fsPath;
  const refuse = (reason: string, action?: { label: string; run: () => unknown }): DraftOutcome => {
    void (action ? vscode.window.showErrorMessage(`${TITLE} ${skillName}: ${reason}`, action.label) : vscode.window.showErrorMessage(`${TITLE} ${skillName}: ${reason}`)).then((choice) => {
      if (choice && action) void action.run();
    });
    return { kind: 'not-started', reason };
  };

  let settings;
  try {
    settings = readSettings(skillUri);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    showSettingsProblem(TITLE, error);
    return { kind: 'not-started', reason: error.message };
  }
  let file: string;
  try {
    file = evalsFileForNewTasks(folder);
  } catch (error) {
    return refuse(uiErrorMessage(error));
  }
  const existing = await inspectTaskSet(folder);
  if (existing.file && !existing.taskSet) {
    const problem = new TaskFileError(existing.problems);
    return refuse(`${uiErrorMessage(problem)} Drafts are added to this file, so fix it first.`, {
      label: 'Open Eval Tasks',
      run: () => vscode.window.showTextDocument(vscode.Uri.file(problem.file)),
    });
  }

  let spec = options.model;
  if (!spec) {
    try {
      const specs = await chooseRoleSpecs({ settings, catalog: services.catalog, apiKeys: services.apiKeys, needsJudge: false, purpose: 'train', title: `${TITLE} ${skillName}`, memory: services.modelChoice, note: (message) => services.log.info(`[${skillName}] ${message}`) });
      spec = specs?.optimizer;
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      showSettingsProblem(TITLE, error);
      return { kind: 'not-started', reason: error.message };
    }
  }
  if (!spec) return { kind: 'not-started', reason: 'No model was chosen.' };

  let models;
  try {
    models = await createRunModels({ specs: { target: spec, optimizer: spec }, settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, taskSet: { source: file, tasks: [] } });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    return refuse(uiErrorMessage(error));
  }
  const count = options.count ?? settings['draft.count'];
  services.log.info(`[${skillName}] Drafting ${count} eval tasks with ${spec}`);
  let outcome;
  try {
    outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Drafting ${count} eval tasks for ${skillName}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          const sources = await readSkillSources(folder);
          for (const skipped of sources.skipped) services.log.info(`[${skillName}] Left out of the drafting prompt: ${skipped.path} (${skipped.reason})`);
          return await draftTasks({
            sources,
            model: models.optimizer,
            count,
            existing: existing.taskSet?.tasks ?? [],
            signal: abort.signal,
            onProgress: (drafted) => progress.report({ increment: (100 * drafted) / count, message: `${drafted}/${count} drafted` }),
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    if (error instanceof CallAbortedError) return { kind: 'not-started', reason: 'Cancelled before any task was drafted.' };
    return refuse(uiErrorMessage(error));
  }

  const uri = vscode.Uri.file(file);
  if (outcome.entries.length > 0) {
    await changeEvalsText(uri, (text) => appendTasksText(text, outcome.entries, { file, skillName, sim: outcome.sim }));
  }
  for (const note of outcome.notes) services.log.info(`[${skillName}] ${note}`);
  const ids = outcome.entries.map((entry) => String(entry.id));
  const stopped = outcome.stoppedBy ? uiErrorMessage(outcome.stoppedBy) : undefined;
  const summary =
    `${TITLE}: ${ids.length} draft${ids.length === 1 ? '' : 's'} added to ${vscode.workspace.asRelativePath(uri)} (${formatCost(models.policies.totals.costOrUnknown())}). ` +
    'Keep, edit or drop each before training.' +
    (stopped ? ` Drafting stopped early: ${stopped}` : '');
  services.log.info(`[${skillName}] ${summary}`);
  if (ids.length > 0) await review.open(skillUri);
  void (stopped ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
  return { kind: 'drafted', skillName, ids, notes: outcome.notes, stopped };
}
