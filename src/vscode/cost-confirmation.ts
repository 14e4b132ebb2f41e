import * as vscode from 'vscode';
import { describeRunEstimate, estimateRun, type RunEstimate } from '../core/models';
import type { EvalTask, Split } from '../core/tasks';
import { planTrainingCalls, type TrainingConfig } from '../core/training';
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
 * Asks before a run whose estimated cost is above the threshold, or unknown. Free
 * runs (the simulation) and cheap ones start without a question. Resolves true to go on.
 */
export async function confirmEstimatedCost(options: {
  estimate: RunEstimate;
  thresholdUsd: number;
  title: string;
  maxCostUsd: number | null;
}): Promise<boolean> {
  const { estimate } = options;
  if (estimate.costUsd !== null && estimate.costUsd <= options.thresholdUsd) return true;
  const cap = options.maxCostUsd === null ? 'No spending cap is set (skillTrainer.maxCostUsd).' : `The run stops at the ${formatCost(options.maxCostUsd)} cap (skillTrainer.maxCostUsd) and can be resumed.`;
  const start = 'Start Training';
  const choice = await vscode.window.showWarningMessage(
    `${options.title}: ${describeEstimate(estimate)}.`,
    { modal: true, detail: `${cap} Cached replies and early stops make real runs cheaper; retries make them dearer. You are asked above ${formatCost(options.thresholdUsd)} (skillTrainer.confirmCostAboveUsd).` },
    start,
  );
  return choice === start;
}
