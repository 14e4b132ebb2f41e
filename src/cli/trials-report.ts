/**
 * The part of `skill-trainer eval`'s report that repeated trials add: per task its pass
 * rate over the trials, the flaky tasks, and the judge's own noise.
 */
import { meanOverTasks, type JudgeNoise, type TaskTrialSummary } from '../core/evaluation';
import { formatTable } from './text-table';

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

/** The per-task table and the lines under it. */
export function formatTrialsSection(summaries: readonly TaskTrialSummary[], trials: number, judgeNoise: JudgeNoise | undefined): string[] {
  const rows = summaries.map((summary) => [
    summary.taskId,
    summary.scored === 0 ? '—' : `${summary.passed}/${summary.scored}`,
    summary.scored === 0 ? '—' : summary.hard.toFixed(2),
    summary.scored === 0 ? '—' : summary.soft.toFixed(2),
    summary.flaky ? 'FLAKY' : summary.scored < trials ? `${trials - summary.scored} trial${trials - summary.scored === 1 ? '' : 's'} not scored` : '',
  ]);
  const table = formatTable(
    [{ header: 'Task', maxWidth: 32 }, { header: 'Passed', align: 'right' }, { header: 'Hard', align: 'right' }, { header: 'Soft', align: 'right' }, { header: 'Note' }],
    rows,
  );
  const mean = meanOverTasks(summaries);
  const flaky = summaries.filter((summary) => summary.flaky);
  const lines = [
    table,
    '',
    mean.count > 0
      ? `Score over ${trials} trials (mean of each task's mean, ${mean.count} tasks): hard ${mean.hard.toFixed(3)}, soft ${mean.soft.toFixed(3)}`
      : 'No task was scored in any trial.',
  ];
  if (flaky.length > 0) {
    lines.push(
      `Flaky tasks (passed some trials, failed others): ${flaky.map((summary) => `${summary.taskId} (${summary.passed}/${summary.scored})`).join(', ')}. ` +
        'A single run of these can go either way: tighten the task or its checks, or count on more trials before trusting a change in score.',
    );
  } else if (mean.count > 0) {
    lines.push(`No flaky task: every task passed all its trials or none.`);
  }
  if (judgeNoise) lines.push(describeJudgeNoise(judgeNoise));
  return lines;
}

export function describeJudgeNoise(noise: JudgeNoise): string {
  if (noise.regraded === 0) return 'Judge noise: no task has criteria for the judge, so nothing was graded twice.';
  const noisy = noise.tasks.filter((task) => task.changed.length > 0).map((task) => task.taskId);
  return (
    `Judge noise (the same ${noise.regraded} output${noise.regraded === 1 ? '' : 's'} graded twice): ` +
    `${noise.changedVerdicts} of ${noise.verdicts} criterion verdicts changed (${percent(noise.verdicts === 0 ? 0 : noise.changedVerdicts / noise.verdicts)}), ` +
    `mean score difference ${noise.meanScoreDifference.toFixed(3)}` +
    (noisy.length > 0 ? `; on ${noisy.join(', ')}. Make those criteria more concrete, or use a stronger judge.` : '.')
  );
}

/** The `--json` fields trials add. */
export function trialsJson(summaries: readonly TaskTrialSummary[], trials: number, judgeNoise: JudgeNoise | undefined): Record<string, unknown> {
  const mean = meanOverTasks(summaries);
  return {
    trials,
    perTask: summaries.map((summary) => ({
      id: summary.taskId,
      scored: summary.scored,
      passed: summary.passed,
      passRate: summary.passRate,
      hard: summary.hard,
      soft: summary.soft,
      flaky: summary.flaky,
      runs: summary.runs.map((run) => ({ hard: run.score.hard, soft: run.score.soft, cached: run.cached })),
    })),
    score: mean.count > 0 ? { hard: mean.hard, soft: mean.soft, tasks: mean.count } : null,
    flakyTasks: summaries.filter((summary) => summary.flaky).map((summary) => summary.taskId),
    judgeNoise: judgeNoise ?? null,
  };
}
