import * as vscode from 'vscode';
import { describeRunEstimate, estimateRun, type RunEstimate } from '../core/models';
import type { EvalTask, Split } from '../core/tasks';
import { wordMessage } from '../core/errors';
import { COARSE_GAIN, describeGateSensitivity, gateSensitivity } from '../core/training/gate-sensitivity';
import { planTrainingCalls, type TrainingConfig } from '../core/training';
import { SETTINGS_WORDING } from './message-wording';
import type { RoleSpecs } from './run-models';
import { formatCost } from './training-event-log';

/** The pre-run estimate of a training run, priced with the built-in table and settings. */
export function estimateTraining(input: {
  skillText: string;
  tasks: Record<Split, readonly EvalTask[]>;
  config: TrainingConfig;
  specs: RoleSpecs;
  prices: Parameters<typeof estimateRun>[0]['prices'];
}): RunEstimate {
  return estimateRun({ roles: planTrainingCalls(input), prices: input.prices });
}

/** "about 420 model calls, 1.2M tokens, estimated $0.84". */
export function describeEstimate(estimate: RunEstimate): string {
  return describeRunEstimate(estimate, 'add one in skillTrainer.prices');
}

/**
 * How fine the gate is for these validation tasks and trials ("Gate: with 6 validation
 * tasks and 1 trial, only a gain of ≥ 17 points can be seen…"), and whether it is coarse
 * enough to warn about.
 */
export function describeGate(tasks: Record<Split, readonly EvalTask[]>, config: TrainingConfig): { text: string; coarse: boolean } {
  const input = { val: tasks.val, trials: config.gate.trials, gate: config.gate };
  const gain = gateSensitivity(input).minimumGain;
  return { text: wordMessage(describeGateSensitivity(input), SETTINGS_WORDING), coarse: config.gate.useGate && (gain === null || gain > COARSE_GAIN) };
}

/**
 * Asks before a run whose estimated cost is above the threshold, or unknown. Free
 * runs (the simulation) and cheap ones start without a question. Resolves true to go on.
 */
export async function confirmEstimatedCost(options: {
  estimate: RunEstimate;
  thresholdUsd: number;
  title: string;
  maxCostUsd: number | null;
  /** How fine the gate is (`describeGate`), told with the cost. */
  gate?: string;
}): Promise<boolean> {
  const { estimate } = options;
  if (estimate.costUsd !== null && estimate.costUsd <= options.thresholdUsd) return true;
  const cap = options.maxCostUsd === null ? 'No spending cap is set (skillTrainer.maxCostUsd).' : `The run stops at the ${formatCost(options.maxCostUsd)} cap (skillTrainer.maxCostUsd) and can be resumed.`;
  const start = 'Start Training';
  const choice = await vscode.window.showWarningMessage(
    `${options.title}: ${describeEstimate(estimate)}.`,
    {
      modal: true,
      detail:
        `${cap} Cached replies and early stops make real runs cheaper; retries make them dearer. You are asked above ${formatCost(options.thresholdUsd)} (skillTrainer.confirmCostAboveUsd).` +
        (options.gate ? `\n\n${options.gate}` : ''),
    },
    start,
  );
  return choice === start;
}
