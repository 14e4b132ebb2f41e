/**
 * Stage 1, rollout: runs tasks on the target with a skill and scores every output.
 * Also used to score a skill on the validation and test splits and for the slow
 * update's comparison, so every scoring in the run goes through one function.
 */
import { SkillTrainerError, errorMessage } from '../errors';
import { evaluateSkill, isScoredTask, type FailedTask } from '../evaluation/evaluate-skill';
import type { AgentTrajectory } from '../models/agent-trajectory';
import type { ChatModel } from '../models/chat-model';
import type { TaskFile } from '../evaluation/rollout-request';
import { aggregateScores } from '../scoring/aggregate-scores';
import type { TaskScore } from '../scoring/task-score';
import type { EvalTask } from '../tasks/eval-task';
import type { ScorePair, ValidationScores } from '../store/run-records';
import type { EmbeddingModels } from '../scoring/similarity/embedding-models';

/** One task run with the skill and scored. */
export interface RolloutResult {
  task: EvalTask;
  output: string;
  score: TaskScore;
  /** The task's input files as the target saw them (for the optimizer's evidence). */
  files?: TaskFile[];
  /** What the target did to reach `output` (agent-CLI targets), for the optimizer's evidence. */
  trajectory?: AgentTrajectory;
}

export interface RolloutOptions {
  skillName: string;
  skillText: string;
  tasks: readonly EvalTask[];
  target: ChatModel;
  judge?: ChatModel;
  embeddings?: EmbeddingModels;
  trusted: boolean;
  concurrency: number;
  skillDirectory?: string;
  signal?: AbortSignal;
  /** Which sample of each task (repeated trials keep theirs apart in the response cache). Default 0. */
  sampleIndex?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Some tasks of a validation or test pass could not be scored (infrastructure failures). */
export class RolloutIncompleteError extends SkillTrainerError {
  readonly failures: FailedTask[];

  constructor(what: string, failures: FailedTask[]) {
    const first = failures[0];
    super(
      'rollout_incomplete',
      `${failures.length} task(s) of the ${what} could not be scored because a model call failed ` +
        `(first: task '${first.taskId}', ${first.stage} call: ${errorMessage(first.error)}). ` +
        'Scores over a partial split would not be comparable, so the run stopped; fix the cause and resume the run.',
    );
    this.failures = failures;
  }
}

/** Results of a rollout: scored tasks in task order, and tasks lost to infrastructure failures. */
export interface RolloutOutcome {
  results: RolloutResult[];
  failures: FailedTask[];
}

export async function rolloutTasks(options: RolloutOptions): Promise<RolloutOutcome> {
  const evaluations = await evaluateSkill({
    skill: { name: options.skillName, text: options.skillText },
    tasks: options.tasks,
    target: options.target,
    judge: options.judge,
    embeddings: options.embeddings,
    trusted: options.trusted,
    concurrency: options.concurrency,
    signal: options.signal,
    skillDirectory: options.skillDirectory,
    sampleIndex: options.sampleIndex,
    onProgress: options.onProgress ? (progress) => options.onProgress!(progress.done, progress.total) : undefined,
  });
  const byId = new Map(options.tasks.map((task) => [task.id, task]));
  const results: RolloutResult[] = [];
  const failures: FailedTask[] = [];
  for (const evaluation of evaluations) {
    if (isScoredTask(evaluation)) {
      const { output, score, trajectory } = evaluation;
      results.push({ task: byId.get(evaluation.taskId)!, output, score, ...(trajectory ? { trajectory } : {}) });
    } else failures.push(evaluation);
  }
  return { results, failures };
}

/** Rollout of a whole split whose mean must cover every task (validation, test). */
export async function scoreSplit(options: RolloutOptions, what: string): Promise<{ results: RolloutResult[]; scores: ScorePair }> {
  const outcome = await rolloutTasks(options);
  if (outcome.failures.length > 0) throw new RolloutIncompleteError(what, outcome.failures);
  return { results: outcome.results, scores: meanScores(outcome.results) };
}

export function meanScores(results: readonly RolloutResult[]): ScorePair {
  const aggregate = aggregateScores(results.map((result) => result.score));
  return { hard: aggregate.hard, soft: aggregate.soft };
}

/**
 * Means over tasks and each task's own mean over its results (repeated trials): with K
 * trials a task's `hard` is its pass rate. Every task weighs the same, however many
 * results it has.
 */
export function meanScoresByTask(results: readonly RolloutResult[]): ValidationScores {
  const byTask = new Map<string, RolloutResult[]>();
  for (const result of results) byTask.set(result.task.id, [...(byTask.get(result.task.id) ?? []), result]);
  const tasks: NonNullable<ValidationScores['tasks']> = {};
  for (const [taskId, taskResults] of byTask) {
    const { hard, soft } = aggregateScores(taskResults.map((result) => result.score));
    // Each trial's scores too, for the statistical gate's test within the task.
    tasks[taskId] = taskResults.length > 1 ? { hard, soft, trials: taskResults.map((result) => ({ hard: result.score.hard, soft: result.score.soft })) } : { hard, soft };
  }
  const means = Object.values(tasks);
  const mean = (pick: (pair: ScorePair) => number) => (means.length === 0 ? 0 : means.reduce((sum, pair) => sum + pick(pair), 0) / means.length);
  return { hard: mean((pair) => pair.hard), soft: mean((pair) => pair.soft), tasks };
}
