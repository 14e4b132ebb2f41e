/**
 * Repeated trials: every task runs K times, each trial a fresh sample (its own
 * `sampleIndex`, so the response cache never answers trial 2 with trial 1's reply,
 * for the target and the judge alike). Per task a pass rate; the score is the mean.
 */
import { memoizeEmbeddings } from '../models/embeddings/memoize-embeddings';
import { mapEmbeddingModels } from '../scoring/similarity/embedding-models';
import { evaluateSkill, isScoredTask, type EvaluateSkillOptions, type ScoredTask, type TaskEvaluation } from './evaluate-skill';

/** Reported after each task of each trial. */
export interface TrialProgress {
  /** 0-based trial. */
  trial: number;
  trials: number;
  /** Task evaluations finished over all trials so far, of `total`. */
  done: number;
  total: number;
  latest: TaskEvaluation;
}

export interface EvaluateTrialsOptions extends Omit<EvaluateSkillOptions, 'sampleIndex' | 'onProgress'> {
  /** Runs per task, ≥ 1. */
  trials: number;
  onProgress?: (progress: TrialProgress) => void;
}

/**
 * Runs the tasks `trials` times, trial t with sample index t (trial 1 is the sample a
 * single-trial evaluation takes). Returns one list of evaluations per trial. A fatal
 * error is thrown as `evaluateSkill` throws it; the evaluations reported before it
 * through `onProgress` stand.
 */
export async function evaluateTrials(options: EvaluateTrialsOptions): Promise<TaskEvaluation[][]> {
  const trials = Math.max(1, Math.floor(options.trials));
  const total = trials * options.tasks.length;
  const results: TaskEvaluation[][] = [];
  // Expected texts of `similar` checks are embedded once for every trial, not once per trial.
  const embeddings = mapEmbeddingModels(options.embeddings, memoizeEmbeddings);
  if (embeddings) options = { ...options, embeddings };
  for (let trial = 0; trial < trials; trial++) {
    const before = trial * options.tasks.length;
    results.push(
      await evaluateSkill({
        ...options,
        sampleIndex: trial,
        onProgress: (progress) => options.onProgress?.({ trial, trials, done: before + progress.done, total, latest: progress.latest }),
      }),
    );
  }
  return results;
}

/** One task over its trials. */
export interface TaskTrialSummary {
  taskId: string;
  /** Trials that were scored (infrastructure failures left out). */
  scored: number;
  /** Scored trials that passed every hard check. */
  passed: number;
  /** passed / scored; 0 when nothing was scored. */
  passRate: number;
  /** Mean hard and soft over the scored trials. */
  hard: number;
  soft: number;
  /** Passed some trials and failed others. */
  flaky: boolean;
  /** The scored trials, in trial order. */
  runs: ScoredTask[];
}

/** Per-task pass rates and means from the trials' evaluations (any trial may be partial). */
export function summarizeTrials(taskIds: readonly string[], trials: readonly (readonly TaskEvaluation[])[]): TaskTrialSummary[] {
  return taskIds.map((taskId) => {
    const runs = trials.flatMap((trial) => trial.filter((result): result is ScoredTask => isScoredTask(result) && result.taskId === taskId));
    const passed = runs.filter((run) => run.score.hard === 1).length;
    const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
    return {
      taskId,
      scored: runs.length,
      passed,
      passRate: runs.length === 0 ? 0 : passed / runs.length,
      hard: mean(runs.map((run) => run.score.hard)),
      soft: mean(runs.map((run) => run.score.soft)),
      flaky: passed > 0 && passed < runs.length,
      runs,
    };
  });
}

/** Mean of the per-task means over the tasks with at least one scored trial. */
export function meanOverTasks(summaries: readonly TaskTrialSummary[]): { hard: number; soft: number; count: number } {
  const scored = summaries.filter((summary) => summary.scored > 0);
  if (scored.length === 0) return { hard: 0, soft: 0, count: 0 };
  return {
    hard: scored.reduce((sum, summary) => sum + summary.hard, 0) / scored.length,
    soft: scored.reduce((sum, summary) => sum + summary.soft, 0) / scored.length,
    count: scored.length,
  };
}
