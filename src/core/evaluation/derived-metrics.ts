/**
 * promptfoo's `derivedMetrics` over an eval's results. As promptfoo does, per prompt:
 * each named score is the sum, over the prompt's scored tasks (every trial), of the
 * scores of the checks carrying that `metric`; each derived metric is its formula over
 * those sums and the derived metrics before it. Where promptfoo would quietly write 0
 * for a formula it cannot compute (a name no check carries), the report says why.
 */
import { MetricFormula, MetricFormulaError } from '../scoring/metric-formula';
import { namedScores } from '../scoring/named-scores';
import type { DerivedMetric, EvalTask } from '../tasks/eval-task';
import { isScoredTask, type TaskEvaluation } from './evaluate-skill';

export interface DerivedMetricValue {
  name: string;
  /** null when it could not be computed: see `problem`. */
  value: number | null;
  problem?: string;
}

export interface PromptDerivedMetrics {
  /** `prompt-K` of a suite with several prompts; null when it has one. */
  prompt: string | null;
  /** Scored task results the sums are over. */
  results: number;
  namedScores: Record<string, number>;
  derived: DerivedMetricValue[];
}

/** The `prompt-K` part of a promptfoo task id (`prompt-2/test-5`), or null. */
function promptOf(taskId: string): string | null {
  return /^(prompt-\d+)\//.exec(taskId)?.[1] ?? null;
}

export function derivedMetricsReport(tasks: readonly EvalTask[], results: readonly TaskEvaluation[], metrics: readonly DerivedMetric[]): PromptDerivedMetrics[] {
  if (metrics.length === 0) return [];
  const taskById = new Map(tasks.map((task) => [task.id, task]));
  const groups = new Map<string | null, PromptDerivedMetrics>();
  for (const task of tasks) {
    const prompt = promptOf(task.id);
    if (!groups.has(prompt)) groups.set(prompt, { prompt, results: 0, namedScores: {}, derived: [] });
  }
  for (const result of results) {
    const task = taskById.get(result.taskId);
    if (!task || !isScoredTask(result)) continue;
    const group = groups.get(promptOf(task.id))!;
    group.results += 1;
    for (const [name, score] of Object.entries(namedScores(task.assert, result.score.checks))) group.namedScores[name] = (group.namedScores[name] ?? 0) + score;
  }
  for (const group of groups.values()) {
    const values: Record<string, number> = { ...group.namedScores };
    for (const metric of metrics) {
      try {
        const value = new MetricFormula(metric.formula).evaluate(values);
        values[metric.name] = value;
        group.derived.push({ name: metric.name, value });
      } catch (error) {
        if (!(error instanceof MetricFormulaError)) throw error;
        group.derived.push({ name: metric.name, value: null, problem: error.message });
      }
    }
  }
  return [...groups.values()];
}
