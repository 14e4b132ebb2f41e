import * as vscode from 'vscode';
import { estimateRun, type RunEstimate } from '../core/models';
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

/** "about 420 calls, 1.2M tokens, estimated $0.84". */
export function describeEstimate(estimate: RunEstimate): string {
  const tokens = estimate.inputTokens + estimate.outputTokens;
  const tokenText = tokens >= 1_000_000 ? `${(tokens / 1_000_000).toFixed(1)}M` : tokens >= 1_000 ? `${Math.round(tokens / 1_000)}k` : String(tokens);
  const cost =
    estimate.costUsd === null
      ? `cost unknown — no price for ${estimate.unpricedSpecs.join(', ')} (add one in skillTrainer.prices)`
      : `estimated ${formatCost(estimate.costUsd)}`;
  return `about ${estimate.calls.toLocaleString('en-US')} model calls, ${tokenText} tokens, ${cost}`;
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
