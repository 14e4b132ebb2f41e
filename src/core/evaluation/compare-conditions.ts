/**
 * Scores the same tasks under several conditions (with the skill, without it, with
 * another version of it) on one target, and summarises each condition and the
 * difference between two of them with bootstrap intervals over tasks. `eval --baseline`
 * and the transfer check use it.
 */
import type { SkillPayload } from '../models/chat-model';
import { metricValue } from '../scoring/aggregate-scores';
import { bootstrapMean, bootstrapPairedDifference, type ScoreInterval } from '../scoring/bootstrap-interval';
import type { GateMetric } from '../scoring/task-score';
import { evaluateSkill, isScoredTask, type EvaluateSkillOptions, type TaskEvaluation } from './evaluate-skill';

/** One way of running the tasks. */
export interface EvaluationCondition {
  /** e.g. `with_skill`, `without_skill`, `original`, `trained`. */
  name: string;
  skill: SkillPayload;
  /** Run the tasks without any skill (`skill` only names it). */
  withoutSkill?: boolean;
}

export interface ConditionEvaluations {
  condition: EvaluationCondition;
  /** One per task, in task order. */
  evaluations: TaskEvaluation[];
}

/**
 * Runs the tasks under every condition, the conditions at once (the call policies'
 * limiter bounds the calls). A fatal error (budget, key, cancel) stops all of them.
 */
export async function evaluateConditions(
  options: Omit<EvaluateSkillOptions, 'skill' | 'withoutSkill' | 'onProgress'> & {
    conditions: readonly EvaluationCondition[];
    onProgress?: (condition: string, done: number, total: number) => void;
  },
): Promise<ConditionEvaluations[]> {
  const { conditions, onProgress, ...common } = options;
  return Promise.all(
    conditions.map(async (condition) => ({
      condition,
      evaluations: await evaluateSkill({
        ...common,
        skill: condition.skill,
        withoutSkill: condition.withoutSkill,
        onProgress: ({ done, total }) => onProgress?.(condition.name, done, total),
      }),
    })),
  );
}

/** A condition's score: its mean over the scored tasks with a 95 % interval, and each task's score. */
export interface ConditionScore {
  score: ScoreInterval;
  /** Per task, the mean over its scored trials. */
  perTask: Map<string, number>;
  /** Task runs that could not be scored (a model call failed after retries). */
  failed: number;
}

/**
 * Scores in `metric`; a task run several times (trials) counts once, with the mean of
 * its scored runs, so the interval is over tasks, not runs.
 */
export function conditionScore(evaluations: readonly TaskEvaluation[], metric: GateMetric, mixedWeight?: number): ConditionScore {
  const runs = new Map<string, number[]>();
  let failed = 0;
  for (const evaluation of evaluations) {
    if (!isScoredTask(evaluation)) failed += 1;
    else runs.set(evaluation.taskId, [...(runs.get(evaluation.taskId) ?? []), metricValue(evaluation.score, metric, mixedWeight)]);
  }
  const perTask = new Map([...runs].map(([task, values]) => [task, values.reduce((sum, value) => sum + value, 0) / values.length] as const));
  return { score: bootstrapMean([...perTask.values()]), perTask, failed };
}

/** `after − before` over the tasks both scored, with its paired 95 % interval. */
export function conditionDelta(before: ConditionScore, after: ConditionScore): ScoreInterval {
  return bootstrapPairedDifference(before.perTask, after.perTask);
}
