/**
 * The model calls a training run is expected to make, per role, from the algorithm's
 * parameters and the tasks — the input of `estimateRun` for the pre-run cost estimate
 * (VS Code's confirmation, the CLI). An estimate, not a promise: early stops, cached
 * scores and replies make a run cheaper; retries and long replies make it dearer.
 */
import type { RoleCallPlan } from '../models/policies/run-estimate';
import { estimateTextTokens } from '../models/policies/request-size';
import { judgeCriteriaFor } from '../scoring/judge/judge-criteria';
import type { EvalTask, Split } from '../tasks/eval-task';
import { stepsPerEpoch, type TrainingConfig } from './training-config';

export interface TrainingCallPlanInput {
  skillText: string;
  tasks: Record<Split, readonly EvalTask[]>;
  config: TrainingConfig;
  specs: { target: string; optimizer: string; judge?: string };
}

/** Instructions and framing around the skill in optimizer prompts, tokens. */
const OPTIMIZER_INSTRUCTION_TOKENS = 1_500;
/** A patch, a merged patch or a ranking, tokens. */
const OPTIMIZER_REPLY_TOKENS = 800;
/** Judge instructions plus one verdict per criterion, tokens. */
const JUDGE_INSTRUCTION_TOKENS = 600;
const JUDGE_TOKENS_PER_CRITERION = 60;
/** A target reply when the task gives no expected output to size it by, tokens. */
const DEFAULT_TARGET_REPLY_TOKENS = 300;

function mean(values: readonly number[], fallback: number): number {
  return values.length === 0 ? fallback : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Calls per role: target rollouts (baseline, each step's batch and validation, slow
 * update comparisons, final validation, test; validation and test once per trial, and
 * twice more per epoch boundary with a rotated validation set), judge calls for the rollouts of tasks
 * with criteria, optimizer calls (reflect per minibatch, hierarchical merges, ranking,
 * slow update and meta skill per epoch). Token sizes are estimated from the texts.
 */
export function planTrainingCalls(input: TrainingCallPlanInput): Record<string, RoleCallPlan> {
  const { config, tasks } = input;
  const all = [...tasks.train, ...tasks.val, ...tasks.test];
  const train = tasks.train.length;
  const val = tasks.val.length;
  const test = config.evaluateTest ? tasks.test.length : 0;
  const batch = Math.max(1, Math.min(config.batchSize, train));
  const steps = config.epochs * stepsPerEpoch(train, config.batchSize, config.accumulation);
  // Train tasks a step rolls out: its accumulated batches, at most the split.
  const stepTasks = Math.min(train, batch * config.accumulation);
  // The adjacent-epoch comparison runs for the slow update, or for the meta skill alone.
  const comparisonSamples = config.slowUpdate.enabled || config.metaSkill.enabled ? Math.min(config.slowUpdate.samples, train) : 0;

  // Every scoring of a validation or test split runs each task `gate.trials` times.
  const trials = config.gate.trials;
  // Rotation scores the current and best skills on each new validation set.
  const rotations = config.rotateValidation ? Math.max(0, config.epochs - 1) * 2 : 0;
  const rollouts = trials * (val + steps * val + rotations * val + val + 3 * test) + steps * stepTasks + Math.max(0, config.epochs - 1) * 2 * comparisonSamples;
  const skillTokens = estimateTextTokens(input.skillText);
  const promptTokens = mean(all.map((task) => estimateTextTokens(task.prompt)), 100);
  const replyTokens = mean(
    all.filter((task) => task.expectedOutput).map((task) => estimateTextTokens(task.expectedOutput!)),
    DEFAULT_TARGET_REPLY_TOKENS,
  );

  const judged = all.filter((task) => judgeCriteriaFor(task).length > 0);
  const judgedShare = all.length === 0 ? 0 : judged.length / all.length;
  const criteria = mean(judged.map((task) => judgeCriteriaFor(task).length), 0);

  // Per batch: failures and successes go to separate minibatches (at most one partial each).
  const reflectCalls = config.accumulation * (Math.ceil(batch / config.minibatchSize) + (config.failureOnly ? 0 : 1));
  const mergeCalls = Math.ceil(reflectCalls / config.mergeGroupSize) + 1;
  const rankCalls = (config.learningRate.scheduler === 'autonomous' ? 0 : 1) + (config.learningRate.control === 'autonomous' ? 1 : 0);
  const epochEndCalls = (config.slowUpdate.enabled ? 1 : 0) + (config.metaSkill.enabled ? 1 : 0);
  const optimizerCalls = steps * (reflectCalls + mergeCalls + rankCalls) + Math.max(0, config.epochs - 1) * epochEndCalls;
  const minibatchTokens = config.minibatchSize * (promptTokens + replyTokens + 100);

  const plan: Record<string, RoleCallPlan> = {
    target: {
      spec: input.specs.target,
      calls: rollouts,
      inputTokensPerCall: skillTokens + promptTokens,
      outputTokensPerCall: replyTokens,
    },
    optimizer: {
      spec: input.specs.optimizer,
      calls: optimizerCalls,
      inputTokensPerCall: OPTIMIZER_INSTRUCTION_TOKENS + skillTokens + minibatchTokens,
      outputTokensPerCall: OPTIMIZER_REPLY_TOKENS,
    },
  };
  if (input.specs.judge && judgedShare > 0) {
    plan.judge = {
      spec: input.specs.judge,
      calls: Math.round(rollouts * judgedShare),
      inputTokensPerCall: JUDGE_INSTRUCTION_TOKENS + promptTokens + replyTokens + criteria * JUDGE_TOKENS_PER_CRITERION,
      outputTokensPerCall: criteria * JUDGE_TOKENS_PER_CRITERION,
    };
  }
  return plan;
}
