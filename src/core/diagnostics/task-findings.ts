/**
 * Findings about whole tasks: the skill changes nothing (or makes it worse), the task
 * is flaky, runs could not be scored, or it costs far more than the others.
 */
import type { TaskTrialSummary } from '../evaluation/evaluate-trials';
import type { Finding, TaskDiagnostics } from './diagnostics-report';

/** Mean soft scores closer than this count as the same (judges grade soft criteria in steps of about 0.1). */
const SAME_SOFT = 0.05;
/** A task costing this many times the median task (tokens or time) is called out… */
const COSTLY_FACTOR = 3;
/** …when it is also big in absolute terms: tokens per run, and ms per run. */
const COSTLY_MIN_TOKENS = 2_000;
const COSTLY_MIN_LATENCY_MS = 5_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Skill makes no difference / hurts, flaky, and not-scored findings, one task at a time. */
export function taskFindings(withSkill: readonly TaskTrialSummary[], withoutSkill: readonly TaskTrialSummary[], trials: number): Finding[] {
  const findings: Finding[] = [];
  const unchanged: string[] = [];
  withSkill.forEach((summary, index) => {
    const baseline = withoutSkill[index]!;
    const missing = 2 * trials - summary.scored - baseline.scored;
    if (missing > 0) {
      findings.push({
        kind: 'not-scored',
        severity: 'info',
        taskIds: [summary.taskId],
        message: `${missing} of ${2 * trials} runs of ${summary.taskId} could not be scored (a model call failed); what is said about it rests on the other runs.`,
        advice: 'Run diagnose again when the provider is healthy, or raise --max-attempts.',
      });
    }
    if (summary.scored === 0 || baseline.scored === 0) return;
    if (summary.flaky) {
      findings.push({
        kind: 'flaky',
        severity: 'warning',
        taskIds: [summary.taskId],
        message: `${summary.taskId} passed ${summary.passed} of ${summary.scored} trials with the skill: the same skill passes or fails it by chance.`,
        advice: 'Make the task less ambiguous or its checks less sensitive to wording; until then, judge changes on it over several trials, not one run.',
      });
    }
    const hardDelta = summary.hard - baseline.hard;
    const softDelta = summary.soft - baseline.soft;
    if (hardDelta < 0 || (hardDelta === 0 && softDelta <= -SAME_SOFT)) {
      findings.push({
        kind: 'skill-hurts',
        severity: 'warning',
        taskIds: [summary.taskId],
        message: `${summary.taskId} scores worse with the skill (hard ${summary.hard.toFixed(2)}, soft ${summary.soft.toFixed(2)}) than without it (hard ${baseline.hard.toFixed(2)}, soft ${baseline.soft.toFixed(2)}).`,
        advice: 'Read its failed checks with the skill: the skill may give advice that does not fit this case (then fix the skill), or the task expects something the skill rightly does otherwise (then fix the task).',
      });
    } else if (hardDelta === 0 && Math.abs(softDelta) < SAME_SOFT) {
      unchanged.push(summary.taskId);
    }
  });
  if (unchanged.length > 0) {
    findings.push({
      kind: 'skill-makes-no-difference',
      severity: 'warning',
      taskIds: unchanged,
      message: `${unchanged.length} of ${withSkill.length} tasks score the same without the skill: ${unchanged.join(', ')}.`,
      advice:
        'They measure the model, not the skill, and give training nothing to learn from. Make them need what the skill teaches (its conventions, its procedure, its edge cases), or drop them. Near-miss tasks, where the skill should not apply, are expected here.',
    });
  }
  return findings;
}

/** Tasks that cost (tokens) or take (time) several times what the median task does. */
export function costFindings(tasks: readonly TaskDiagnostics[]): Finding[] {
  const measured = tasks.filter((task) => task.withSkill.scored > 0);
  if (measured.length < 3) return [];
  const tokens = (task: TaskDiagnostics) => task.cost.inputTokens + task.cost.outputTokens;
  const medianTokens = median(measured.map(tokens));
  const medianLatency = median(measured.map((task) => task.cost.latencyMs));
  const findings: Finding[] = [];
  for (const task of measured) {
    const tokenFactor = medianTokens > 0 ? tokens(task) / medianTokens : 0;
    const timeFactor = medianLatency > 0 ? task.cost.latencyMs / medianLatency : 0;
    const manyTokens = tokenFactor >= COSTLY_FACTOR && tokens(task) >= COSTLY_MIN_TOKENS;
    const slow = timeFactor >= COSTLY_FACTOR && task.cost.latencyMs >= COSTLY_MIN_LATENCY_MS;
    if (!manyTokens && !slow) continue;
    findings.push({
      kind: 'costly',
      severity: 'info',
      taskIds: [task.taskId],
      message:
        `${task.taskId} uses ${Math.round(tokens(task)).toLocaleString('en-US')} tokens and ${(task.cost.latencyMs / 1000).toFixed(1)} s per run, ` +
        `${Math.max(tokenFactor, timeFactor).toFixed(1)}× the median task; every training step pays it again.`,
      advice: 'Shorten its prompt or input files, or ask for a shorter answer, unless its size is what it tests.',
    });
  }
  return findings;
}
