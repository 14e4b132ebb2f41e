/**
 * `Skill Trainer: Optimize Skill`: trains a SKILL.md with the core trainer. Resolves
 * the skill, its tasks and the models, shows the pre-run estimate (asking above the
 * threshold), then runs it through the run controller and resolves when it ends.
 */
import * as vscode from 'vscode';
import { toolsNotGivenNotice } from '../core/evaluation/tools-support';
import { isSkillTrainerError } from '../core/errors';
import { splitTasks } from '../core/tasks';
import type { TrainingConfig } from '../core/training';
import { confirmEstimatedCost, describeEstimate, describeGate, estimateTraining } from './cost-confirmation';
import { uiErrorMessage, uiRunText } from './message-wording';
import { chooseRoleSpecs } from './model-selection';
import { RunInProgressError } from './run-controller';
import { createRunModels, type RoleSpecs } from './run-models';
import { reportRunOutcome } from './run-outcome-messages';
import { SettingsError, trainingConfigFromSettings } from './settings';
import type { ShellServices } from './shell-services';
import { resolveSkillUri, skillNameOf } from './skill-files';
import { isPrepared, prepareSkill, showSettingsProblem, tasksNeedJudge } from './skill-preparation';
import { checkRunTrust } from './workspace-trust';

const TITLE = 'Optimize Skill';

/** How Optimize Skill ended (returned to `executeCommand` callers, e.g. tests). */
export type OptimizeOutcome =
  | { readonly kind: 'no-skill' }
  /** Stopped before training; the person was told why (or cancelled a question). */
  | { readonly kind: 'not-started'; readonly skillName: string; readonly reason: string }
  | {
      readonly kind: 'finished' | 'cancelled' | 'budget_stopped' | 'failed';
      readonly skillName: string;
      readonly runId: string;
      readonly message?: string;
      /** How fine the gate was, as the log and the cost confirmation said it. */
      readonly gate?: string;
    };

/** Options for automation; a person gets quick picks instead. */
export interface OptimizeOptions {
  /** Model specs to use instead of the settings and the model quick pick. */
  readonly specs?: RoleSpecs;
}

function notStarted(skillName: string, reason: string): OptimizeOutcome {
  return { kind: 'not-started', skillName, reason };
}

export async function optimizeSkill(services: ShellServices, argument?: unknown, options: OptimizeOptions = {}): Promise<OptimizeOutcome> {
  const skillUri = await resolveSkillUri(argument, TITLE);
  if (!skillUri) return { kind: 'no-skill' };
  const skillName = skillNameOf(skillUri);
  const running = services.runs.liveRunOf(skillUri);
  if (running) {
    const reason = new RunInProgressError(skillName, running.runId).message;
    void vscode.window.showWarningMessage(`${TITLE}: ${reason}`);
    return notStarted(skillName, reason);
  }

  const prepared = await prepareSkill(skillUri, TITLE);
  if (!isPrepared(prepared)) return notStarted(skillName, prepared.problem);
  const { settings, taskSet, skillText } = prepared;

  let config: TrainingConfig;
  let specs: RoleSpecs | undefined;
  try {
    config = trainingConfigFromSettings(settings);
    specs =
      options.specs ??
      (await chooseRoleSpecs({
        settings,
        catalog: services.catalog,
        apiKeys: services.apiKeys,
        needsJudge: tasksNeedJudge(taskSet.tasks),
        purpose: 'train',
        title: `${TITLE} ${skillName}`,
        memory: services.modelChoice,
        note: (message) => services.log.info(`[${skillName}] ${message}`),
      }));
  } catch (error) {
    if (error instanceof SettingsError) {
      showSettingsProblem(TITLE, error);
      return notStarted(skillName, error.message);
    }
    throw error;
  }
  if (!specs) return notStarted(skillName, 'No models were chosen.');

  const tasks = splitTasks(taskSet.tasks, { seed: settings.seed, ratios: settings.splitRatios });
  if (!checkRunTrust(`${TITLE} ${skillName}`, specs, taskSet.tasks)) {
    return notStarted(skillName, 'Agent-CLI targets do not run in an untrusted workspace.');
  }
  if (config.gate.mode === 'review' && !services.runs.hasReviewHandler()) {
    const reason = 'Gate mode "review" needs the inline review, which is not available in this window. Set skillTrainer.gate.mode to "auto".';
    void vscode.window.showErrorMessage(`${TITLE}: ${reason}`);
    return notStarted(skillName, reason);
  }

  const estimate = estimateTraining({ skillText, tasks, config, specs, prices: settings.prices });
  services.log.info(`[${skillName}] Pre-run estimate: ${describeEstimate(estimate)}`);
  const gate = describeGate(tasks, config);
  if (gate.coarse) services.log.warn(`[${skillName}] ${gate.text}`);
  else services.log.info(`[${skillName}] ${gate.text}`);
  const toolsNotice = toolsNotGivenNotice(specs.target, taskSet.tasks);
  if (toolsNotice) services.log.warn(`[${skillName}] ${toolsNotice}`);
  const confirmed = await confirmEstimatedCost({
    estimate,
    thresholdUsd: settings.confirmCostAboveUsd,
    maxCostUsd: settings.maxCostUsd,
    title: `${TITLE} ${skillName}`,
    gate: gate.text,
  });
  if (!confirmed) return notStarted(skillName, 'The estimated cost was not confirmed.');

  let outcome;
  try {
    const models = await createRunModels({
      specs,
      settings,
      apiKeys: services.apiKeys,
      catalog: services.catalog,
      trusted: vscode.workspace.isTrusted,
      taskSet,
      onQueueWarning: (message) => services.log.warn(message),
    });
    outcome = await services.runs.start({ skillUri, skillText, tasks, models, specs, config, trusted: vscode.workspace.isTrusted });
  } catch (error) {
    // Setup problems (missing key, bad spec, no train tasks, run in progress): say what to fix.
    if (!isSkillTrainerError(error) && !(error instanceof RunInProgressError)) throw error;
    const reason = uiErrorMessage(error);
    services.log.error(`[${skillName}] ${reason}`);
    void vscode.window.showErrorMessage(`${TITLE} ${skillName}: ${reason}`);
    return notStarted(skillName, reason);
  }
  void reportRunOutcome(outcome, { autoMode: config.gate.mode === 'auto' });
  return {
    kind: outcome.kind,
    skillName,
    runId: outcome.subject.runId,
    gate: gate.text,
    message: outcome.kind === 'failed' ? outcome.message : outcome.result.message === undefined ? undefined : uiRunText(outcome.result.messageParts, outcome.result.message),
  };
}
