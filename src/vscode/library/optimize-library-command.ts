/**
 * `Optimize All Skills` (the Skills view's title bar) and `Optimize Selected Skills`
 * (several rows selected): one library run through the core. Each skill's settings are
 * the core's merge of the workspace's `skill-trainer.config.json`/`.yaml` over the VS
 * Code settings; the estimate of every skill is confirmed once; the run trains under
 * one progress notification and the Training Queue.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { isSkillTrainerError } from '../../core/errors';
import {
  estimateLibraryRun,
  loadWorkspaceConfig,
  newLibraryRunId,
  prepareLibrarySkills,
  unmatchedConfigEntries,
  WorkspaceConfigError,
  type LibraryRunStatus,
  type LibrarySkillView,
  type WorkspaceConfig,
} from '../../core/library';
import type { TrainingConfigInput } from '../../core/training';
import { uiErrorMessage } from '../message-wording';
import { chooseRoleSpecs } from '../model-selection';
import type { RoleSpecs } from '../run-models';
import { workspaceRootFor } from '../run-store-location';
import { readSettings, SettingsError, trainingConfigFromSettings, type SkillTrainerSettings } from '../settings';
import type { ShellServices } from '../shell-services';
import { findSkillFiles, isSkillFile, uriOfTreeItem } from '../skill-files';
import { skillFolders } from '../skill-locations';
import { showSettingsProblem } from '../skill-preparation';
import { includeUserSkills } from '../skills-tree-provider';
import { describeLibraryEstimate, confirmLibraryRun } from './library-confirmation';
import type { LibraryRuns } from './library-runs';
import { reportLibraryEnd } from './library-end-message';
import { libraryRuntime } from './library-runtime';

export interface LibraryServices extends ShellServices {
  readonly libraryRuns: LibraryRuns;
}

/** Options for automation (tests); a person answers questions instead. */
export interface OptimizeLibraryOptions {
  /** Model specs instead of the settings and the model quick pick. */
  readonly specs?: RoleSpecs;
  /** False skips the confirmation (tests); default true. */
  readonly confirm?: boolean;
  /** Resolve when the run started (default) or when it ended. */
  readonly waitUntilEnd?: boolean;
}

export type OptimizeLibraryOutcome =
  | { readonly kind: 'not-started'; readonly reason: string }
  | { readonly kind: 'started'; readonly libraryRunId: string }
  | { readonly kind: 'ended'; readonly libraryRunId: string; readonly status: LibraryRunStatus; readonly skills: LibrarySkillView[] };

const ALL_TITLE = 'Optimize All Skills';
const SELECTED_TITLE = 'Optimize Selected Skills';

/** Every skill the Skills view lists (the same folders, the same search). */
export async function optimizeAllSkills(services: LibraryServices, options: OptimizeLibraryOptions = {}): Promise<OptimizeLibraryOutcome> {
  const folders = skillFolders({ includePersonal: includeUserSkills() });
  return optimizeLibrary(services, await findSkillFiles({ folders }), ALL_TITLE, options);
}

/** The rows selected in the Skills view (VS Code passes the clicked row and the selection), or SKILL.md URIs. */
export async function optimizeSelectedSkills(services: LibraryServices, clicked: unknown, selected: unknown, options: OptimizeLibraryOptions = {}): Promise<OptimizeLibraryOutcome> {
  const items = Array.isArray(selected) && selected.length > 0 ? selected : Array.isArray(clicked) ? clicked : clicked === undefined ? [] : [clicked];
  const uris = items.map((item) => (item instanceof vscode.Uri ? item : uriOfTreeItem(item))).filter((uri): uri is vscode.Uri => uri !== undefined && isSkillFile(uri));
  if (uris.length === 0) {
    const reason = 'Select one or more skills in the Skills view (Ctrl/Cmd+click or Shift+click), then choose Optimize Selected Skills.';
    void vscode.window.showInformationMessage(`${SELECTED_TITLE}: ${reason}`);
    return { kind: 'not-started', reason };
  }
  return optimizeLibrary(services, uris, SELECTED_TITLE, options);
}

/** VS Code settings as the lowest layer of every skill's settings. */
function settingsLayer(settings: SkillTrainerSettings, specs: RoleSpecs | undefined) {
  return {
    ...(specs ? { target: specs.target, optimizer: specs.optimizer, ...(specs.judge ? { judge: specs.judge } : {}) } : {}),
    ...(settings.embedding ? { embedding: settings.embedding } : {}),
    ...(settings.maxCostUsd !== null ? { maxCostUsd: settings.maxCostUsd } : {}),
    ...(settings.maxTokens !== null ? { maxTokens: settings.maxTokens } : {}),
    ...(settings.splitRatios ? { splitRatios: settings.splitRatios } : {}),
    training: trainingConfigFromSettings(settings) as TrainingConfigInput,
  };
}

/** Shows a settings file problem at its place: the message, and the file opened at the line. */
async function showConfigProblem(title: string, error: WorkspaceConfigError): Promise<void> {
  const open = 'Open Settings File';
  const choice = await vscode.window.showErrorMessage(`${title}: ${error.message}`, open);
  if (choice !== open) return;
  const problem = error.problems[0];
  const line = Math.max(0, (problem?.line ?? 1) - 1);
  const column = Math.max(0, (problem?.column ?? 1) - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(problem?.file ?? error.file), { selection: new vscode.Range(line, column, line, column) });
}

function notStarted(title: string, reason: string, level: 'info' | 'error' = 'error'): OptimizeLibraryOutcome {
  void (level === 'error' ? vscode.window.showErrorMessage(`${title}: ${reason}`) : vscode.window.showInformationMessage(`${title}: ${reason}`));
  return { kind: 'not-started', reason };
}

async function optimizeLibrary(services: LibraryServices, skillUris: readonly vscode.Uri[], title: string, options: OptimizeLibraryOptions): Promise<OptimizeLibraryOutcome> {
  if (skillUris.length === 0) return notStarted(title, 'No SKILL.md in this workspace. Create one with "Skill Trainer: Create Skill".', 'info');
  if (services.libraryRuns.isLive) return notStarted(title, `A library run (${services.libraryRuns.view!.libraryRunId}) is training. Stop it from the Training Queue, or wait until it ends.`);
  const workspaceRoot = workspaceRootFor(skillUris[0]!);
  if (!workspaceRoot) return notStarted(title, 'Skill Trainer keeps runs in the workspace: open a folder first.');
  // A skill this window already trains on its own keeps its run; the library leaves it out.
  const busy = skillUris.filter((uri) => services.runs.liveRunOf(uri));
  const uris = skillUris.filter((uri) => !services.runs.liveRunOf(uri));
  if (uris.length === 0) return notStarted(title, 'Every chosen skill is already training. Stop those runs first.');

  let settings: SkillTrainerSettings;
  let config: WorkspaceConfig | undefined;
  try {
    settings = readSettings(uris[0]);
    config = await loadWorkspaceConfig(workspaceRoot);
  } catch (error) {
    if (error instanceof SettingsError) {
      showSettingsProblem(title, error);
      return { kind: 'not-started', reason: error.message };
    }
    if (error instanceof WorkspaceConfigError) {
      void showConfigProblem(title, error);
      return { kind: 'not-started', reason: error.message };
    }
    throw error;
  }
  if (config) services.log.info(`${title}: settings from ${config.file} (per skill over the VS Code settings).`);

  // Models: the settings, else the remembered or picked choice, unless the config file names them for every skill.
  let specs = options.specs;
  if (!specs && !(config?.defaults.target && config.defaults.optimizer)) {
    try {
      specs = await chooseRoleSpecs({ settings, catalog: services.catalog, apiKeys: services.apiKeys, needsJudge: true, purpose: 'train', title, memory: services.modelChoice, note: (message) => services.log.info(message) });
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      showSettingsProblem(title, error);
      return { kind: 'not-started', reason: error.message };
    }
    if (!specs) return { kind: 'not-started', reason: 'No models were chosen.' };
  }

  const prepared = await prepareLibrarySkills({
    workspaceRoot,
    skillDirectories: uris.map((uri) => dirname(uri.fsPath)),
    config,
    defaults: settingsLayer(settings, specs),
    fallbackModels: specs ?? { target: config!.defaults.target!, optimizer: config!.defaults.optimizer!, judge: config!.defaults.judge },
    trusted: vscode.workspace.isTrusted,
  });
  for (const key of unmatchedConfigEntries(config, prepared)) {
    services.log.warn(`"skills.${key}" in ${config!.file} matches none of the skills trained here (by folder name or path relative to the file); its settings are not used.`);
  }
  if (busy.length > 0) services.log.info(`${title}: left out, already training in this window: ${busy.map((uri) => uri.fsPath).join(', ')}`);
  const queued = prepared.filter((skill) => skill.outcome.status === 'queued');
  if (queued.length === 0) {
    const reasons = prepared.map((skill) => `${skill.name}: ${skill.outcome.status === 'skipped' ? skill.outcome.reason : skill.outcome.status === 'failed' ? skill.outcome.message : skill.outcome.status}`);
    return notStarted(title, `No skill can train. ${reasons.join('; ')}`);
  }
  const libraryCap = settings['library.maxCostUsd'];
  const estimate = estimateLibraryRun(prepared, { prices: settings.prices, maxCostUsd: libraryCap ?? undefined });
  const text = describeLibraryEstimate(estimate, prepared, { libraryUsd: libraryCap, runUsd: settings.maxCostUsd });
  services.log.info(`${title}: ${text.message}\n${text.detail}`);
  if (options.confirm !== false && !(await confirmLibraryRun(text))) return { kind: 'not-started', reason: 'The estimate was not confirmed.' };

  const allSpecs = prepared.flatMap((skill) => (skill.settings ? [skill.settings.models.target, skill.settings.models.optimizer, ...(skill.settings.models.judge ? [skill.settings.models.judge] : [])] : []));
  const libraryRunId = newLibraryRunId();
  let done: Promise<{ status: LibraryRunStatus; skills: LibrarySkillView[] }>;
  try {
    const runtime = await libraryRuntime({ settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted, specs: allSpecs, onQueueWarning: (message) => services.log.warn(message) });
    done = services.libraryRuns.start({
      workspaceRoot,
      skills: prepared,
      libraryRunId,
      runtime,
      options: { parallel: settings['library.parallel'], concurrency: settings.concurrency, ...(libraryCap !== null ? { maxCostUsd: libraryCap } : {}), onlyChanged: false },
    });
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    return notStarted(title, uiErrorMessage(error));
  }
  const ended = done.then(
    (result) => {
      void reportLibraryEnd(result);
      return result;
    },
    (error: unknown) => {
      void vscode.window.showErrorMessage(`${title}: ${uiErrorMessage(error)}`);
      throw error;
    },
  );
  if (!options.waitUntilEnd) {
    ended.catch(() => undefined);
    return { kind: 'started', libraryRunId };
  }
  const result = await ended;
  return { kind: 'ended', libraryRunId, status: result.status, skills: result.skills };
}
