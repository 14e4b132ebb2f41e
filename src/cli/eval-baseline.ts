/**
 * `eval --baseline`: the same tasks without the skill, next to the run with it. The
 * report gives each side's hard and soft means with 95 % bootstrap intervals over tasks
 * and the paired difference with − without.
 */
import { conditionDelta, conditionScore, type TaskEvaluation } from '../core/evaluation';
import type { ScoreInterval } from '../core/scoring/bootstrap-interval';
import { formatInterval } from './commands/transfer-command';

function interval(value: ScoreInterval) {
  return value.count === 0 ? null : { mean: value.mean, low: value.low, high: value.high, tasks: value.count };
}

/** With, without and their difference, per metric. */
export function baselineComparison(withSkill: readonly TaskEvaluation[], withoutSkill: readonly TaskEvaluation[]) {
  const compare = (metric: 'hard' | 'soft') => {
    const on = conditionScore(withSkill, metric);
    const off = conditionScore(withoutSkill, metric);
    return { withSkill: on.score, withoutSkill: off.score, delta: conditionDelta(off, on) };
  };
  return { hard: compare('hard'), soft: compare('soft') };
}

/** The `baseline` part of `eval --json`. */
export function baselineJson(withSkill: readonly TaskEvaluation[], withoutSkill: readonly TaskEvaluation[]) {
  const comparison = baselineComparison(withSkill, withoutSkill);
  const side = (metric: 'hard' | 'soft') => ({ withSkill: interval(comparison[metric].withSkill), withoutSkill: interval(comparison[metric].withoutSkill), delta: interval(comparison[metric].delta) });
  return { hard: side('hard'), soft: side('soft'), withoutSkillTasks: withoutSkill.map((result) => ('score' in result ? { id: result.taskId, hard: result.score.hard, soft: result.score.soft } : { id: result.taskId, status: 'infrastructure_failure' })) };
}

/** The lines the text report ends with. */
export function formatBaseline(withSkill: readonly TaskEvaluation[], withoutSkill: readonly TaskEvaluation[]): string {
  const comparison = baselineComparison(withSkill, withoutSkill);
  const line = (metric: 'hard' | 'soft') =>
    `  ${metric}  with ${formatInterval(comparison[metric].withSkill)}  without ${formatInterval(comparison[metric].withoutSkill)}  delta ${formatInterval(comparison[metric].delta, true)}`;
  return ['', 'Baseline: the same tasks without the skill (mean [95 % interval over tasks]):', line('hard'), line('soft'), ''].join('\n');
}
