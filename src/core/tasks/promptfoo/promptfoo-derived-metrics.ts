/**
 * A suite's `derivedMetrics`: each `{name, value}` with its formula read when the suite
 * loads, so a typo shows before any model is called, and names no check carries are
 * pointed out (promptfoo would quietly compute them from 0).
 */
import { MetricFormula, MetricFormulaError } from '../../scoring/metric-formula';
import type { DerivedMetric, EvalTask } from '../eval-task';
import type { TaskFileProblems } from '../task-file-problems';

export function readDerivedMetrics(derivedMetrics: unknown[] | undefined, tasks: readonly EvalTask[], problems: TaskFileProblems): DerivedMetric[] {
  const metricNames = new Set(tasks.flatMap((task) => task.assert.flatMap((spec) => (spec.metric === undefined ? [] : [spec.metric]))));
  const read: DerivedMetric[] = [];
  for (const [index, entry] of (derivedMetrics ?? []).entries()) {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || name.trim() === '') {
      problems.error(['derivedMetrics', index, 'name'], 'needs a name, e.g. {name: f1, value: "2 * precision * recall / (precision + recall)"}');
      continue;
    }
    if (typeof value !== 'string') {
      problems.error(['derivedMetrics', index, 'value'], 'must be a formula over named scores written as text, e.g. "2 * precision * recall / (precision + recall)" (a function is only possible in a JavaScript config)');
      continue;
    }
    let formula: MetricFormula;
    try {
      formula = new MetricFormula(value);
    } catch (error) {
      if (!(error instanceof MetricFormulaError)) throw error;
      problems.error(['derivedMetrics', index, 'value'], error.message);
      continue;
    }
    const known = new Set([...metricNames, ...read.map((metric) => metric.name)]);
    const unknown = formula.names().filter((reference) => !known.has(reference));
    if (unknown.length > 0) {
      problems.warning(
        ['derivedMetrics', index, 'value'],
        `reads ${unknown.map((reference) => `"${reference}"`).join(', ')}, which no check's metric and no earlier derived metric is named; ${name} cannot be computed until one is (add metric: ${unknown[0]} to a check)`,
      );
    }
    read.push({ name, formula: value });
  }
  return read;
}
