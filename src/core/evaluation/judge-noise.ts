/**
 * The judge's own noise: the same output graded twice. Each task's first scored output
 * is graded again as a separate sample (sample index 1, so the response cache does not
 * hand back the first grading); verdicts that change measure how much of a score's
 * movement may be the judge's, not the skill's.
 */
import type { ChatModel } from '../models/chat-model';
import { judgeCriteriaFor } from '../scoring/judge/judge-criteria';
import { gradeCriteria } from '../scoring/judge/grade-criteria';
import type { EvalTask } from '../tasks/eval-task';
import { mapWithConcurrency } from '../training/map-with-concurrency';
import type { ScoredTask } from './evaluate-skill';

export interface JudgeNoiseTask {
  taskId: string;
  /** Criteria graded each time. */
  verdicts: number;
  /** Criteria whose pass/fail differed between the two gradings. */
  changed: string[];
  /** Largest difference of a soft criterion's score between the two gradings, 0..1. */
  maxScoreDifference: number;
}

export interface JudgeNoise {
  /** Outputs graded twice. */
  regraded: number;
  /** Criterion verdicts compared, and how many changed. */
  verdicts: number;
  changedVerdicts: number;
  /** Mean |score difference| over every criterion compared, 0..1. */
  meanScoreDifference: number;
  tasks: JudgeNoiseTask[];
}

/**
 * Grades each given output's judge criteria once more and compares with the first
 * grading. Tasks without judge criteria are left out (assertions are deterministic).
 * Provider failures are thrown, as any judge call's.
 */
export async function measureJudgeNoise(options: {
  tasks: readonly EvalTask[];
  /** One scored output per task, graded once already (with sample index 0). */
  outputs: readonly ScoredTask[];
  judge: ChatModel;
  signal?: AbortSignal;
  /** Gradings in flight at once (the call policies bound them further). Default 8. */
  concurrency?: number;
}): Promise<JudgeNoise> {
  const byId = new Map(options.tasks.map((task) => [task.id, task]));
  const graded = options.outputs.flatMap((first) => {
    const task = byId.get(first.taskId);
    return task && judgeCriteriaFor(task).length > 0 ? [{ first, task }] : [];
  });
  let differenceSum = 0;
  const tasks = await mapWithConcurrency(graded, options.concurrency ?? 8, async ({ first, task }): Promise<JudgeNoiseTask> => {
    const criteria = judgeCriteriaFor(task);
    const again = await gradeCriteria(options.judge, task, first.output, criteria, options.signal, 1);
    const before = first.score.checks.filter((check) => check.kind !== 'assertion');
    const changed: string[] = [];
    let maxScoreDifference = 0;
    again.forEach((check, index) => {
      const earlier = before[index];
      if (!earlier) return;
      if (earlier.pass !== check.pass) changed.push(check.name);
      const difference = Math.abs(earlier.score - check.score);
      differenceSum += difference;
      maxScoreDifference = Math.max(maxScoreDifference, difference);
    });
    return { taskId: task.id, verdicts: again.length, changed, maxScoreDifference };
  });
  const verdicts = tasks.reduce((sum, task) => sum + task.verdicts, 0);
  return {
    regraded: tasks.length,
    verdicts,
    changedVerdicts: tasks.reduce((sum, task) => sum + task.changed.length, 0),
    meanScoreDifference: verdicts === 0 ? 0 : differenceSum / verdicts,
    tasks,
  };
}
