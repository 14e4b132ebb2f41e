import { isScoredTask, summarizeTrials, type JudgeNoise, type PromptDerivedMetrics, type TaskEvaluation } from '../core/evaluation';
import { errorMessage, isSkillTrainerError } from '../core/errors';
import { ProviderCallError } from '../core/models/model-errors';
import type { UsageSummary } from '../core/models/policies';
import { aggregateScores } from '../core/scoring';
import { formatTable } from './text-table';
import { formatTrialsSection, trialsJson } from './trials-report';

/**
 * Exit codes of `skill-trainer eval`. Task scores never change the exit code: a low
 * score is a result, not a failure of the command.
 */
export const evalExitCodes = {
  /** Every selected task ran and was scored. */
  ok: 0,
  /** At least one task could not be scored: a model call failed (after retries). */
  infrastructureFailure: 3,
  /** The evaluation stopped early: budget cap reached, missing key, authentication refused, ... */
  stopped: 4,
  /** Cancelled (Ctrl-C). */
  cancelled: 130,
} as const;

/** Everything the report shows about one `eval` run (possibly stopped early). */
export interface EvalRunSummary {
  skill: { name: string; directory: string };
  split: 'train' | 'val' | 'test' | 'all';
  seed: number;
  target: string;
  judge: string | null;
  /** Ids of the selected tasks, in order. */
  taskIds: string[];
  /** Evaluations of the tasks that finished, in task order (every trial's, trial by trial). */
  results: TaskEvaluation[];
  /** Runs per task (`--trials`); 1 unless asked. */
  trials?: number;
  /** With more than one trial: each trial's evaluations, in trial order. */
  trialResults?: TaskEvaluation[][];
  /** With more than one trial: the same outputs graded twice. */
  judgeNoise?: JudgeNoise;
  usage: { total: UsageSummary; byLabel: Record<string, UsageSummary> };
  wallTimeMs: number;
  /** Why the run stopped before every task finished. */
  stoppedBy?: { code: string; message: string; cancelled: boolean };
  /** The suite's promptfoo `derivedMetrics` over these results, per prompt. */
  derivedMetrics?: PromptDerivedMetrics[];
}

export function evalExitCode(summary: EvalRunSummary): number {
  if (summary.stoppedBy) return summary.stoppedBy.cancelled ? evalExitCodes.cancelled : evalExitCodes.stopped;
  return summary.results.some((result) => !isScoredTask(result)) ? evalExitCodes.infrastructureFailure : evalExitCodes.ok;
}

/** The reasons a scored task lost points: its failed checks, one per entry. */
function failedChecks(result: TaskEvaluation): { kind: string; name: string; reason: string }[] {
  if (!isScoredTask(result)) return [];
  return result.score.checks
    .filter((check) => !check.pass && !check.skipped)
    .map((check) => ({ kind: check.kind, name: check.name, reason: check.reason }));
}

function describeError(error: unknown): { code: string; kind?: string; status?: number; message: string } {
  const base = { code: isSkillTrainerError(error) ? error.code : 'error', message: errorMessage(error) };
  return error instanceof ProviderCallError ? { ...base, kind: error.kind, status: error.status } : base;
}

/** Known cost, or `null` when any call's price was unknown. */
function costOrUnknown(usage: UsageSummary): number | null {
  return usage.unknownCostCalls > 0 ? null : usage.costUsd;
}

/** The machine-readable result printed by `--json`. */
export function evalResultJson(summary: EvalRunSummary): Record<string, unknown> {
  const trials = trialsOf(summary);
  const scored = summary.results.filter(isScoredTask);
  const aggregate = aggregateScores(scored.map((result) => result.score));
  return {
    skill: summary.skill,
    split: summary.split,
    seed: summary.seed,
    target: summary.target,
    judge: summary.judge,
    // With trials, one entry per task and trial, each naming its trial (1-based).
    tasks: (trials ?? [summary.results]).flatMap((trial, index) =>
      trial.map((result) => ({ ...taskJson(result), ...(trials ? { trial: index + 1 } : {}) })),
    ),
    totals: {
      selected: summary.taskIds.length,
      ...(trials ? { runs: summary.taskIds.length * trials.length } : {}),
      scored: scored.length,
      infrastructureFailures: summary.results.length - scored.length,
      notRun: summary.taskIds.length * (trials?.length ?? 1) - summary.results.length,
      hard: scored.length > 0 ? aggregate.hard : null,
      soft: scored.length > 0 ? aggregate.soft : null,
    },
    usage: { ...summary.usage.total, costUsd: costOrUnknown(summary.usage.total), knownCostUsd: summary.usage.total.costUsd, byLabel: summary.usage.byLabel },
    wallTimeMs: Math.round(summary.wallTimeMs),
    stoppedBy: summary.stoppedBy ?? null,
    exitCode: evalExitCode(summary),
    ...(trials ? trialsJson(summarizeTrials(summary.taskIds, trials), trials.length, summary.judgeNoise) : {}),
    ...(summary.derivedMetrics?.length ? { derivedMetrics: summary.derivedMetrics } : {}),
  };
}

/** One line per prompt: its derived metrics, then the named scores they are computed from. */
function formatDerivedMetrics(groups: readonly PromptDerivedMetrics[]): string[] {
  // Three decimals at most, without trailing zeros: 0.667, 66.7, 3.
  const number = (value: number) => String(Number(value.toFixed(3)));
  const lines = ['Derived metrics (the suite\'s derivedMetrics; named scores are sums over the scored tasks):'];
  for (const group of groups) {
    const derived = group.derived.map((metric) => (metric.value === null ? `${metric.name} not computed (${metric.problem})` : `${metric.name} = ${number(metric.value)}`));
    const named = Object.entries(group.namedScores).map(([name, value]) => `${name} ${number(value)}`);
    lines.push(`  ${group.prompt ? `${group.prompt}: ` : ''}${derived.join(' · ')}  [${group.results} task result${group.results === 1 ? '' : 's'}${named.length > 0 ? `; ${named.join(', ')}` : ''}]`);
  }
  return lines;
}

function taskJson(result: TaskEvaluation): Record<string, unknown> {
  if (!isScoredTask(result)) return { id: result.taskId, status: 'infrastructure_failure', stage: result.stage, error: describeError(result.error) };
  return {
    id: result.taskId,
    status: 'scored',
    hard: result.score.hard,
    soft: result.score.soft,
    failedChecks: failedChecks(result),
    cached: result.cached,
    output: result.output,
    ...(result.trajectory ? { trajectory: result.trajectory } : {}),
  };
}

/** The trials' evaluations when more than one trial was asked for. */
function trialsOf(summary: EvalRunSummary): TaskEvaluation[][] | undefined {
  return (summary.trials ?? 1) > 1 ? (summary.trialResults ?? [summary.results]) : undefined;
}

const integer = new Intl.NumberFormat('en-US');

export function formatUsd(usd: number): string {
  return `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`;
}

function formatCost(usage: UsageSummary): string {
  if (usage.unknownCostCalls === 0) return formatUsd(usage.costUsd);
  const known = usage.costUsd > 0 ? `${formatUsd(usage.costUsd)} known + ` : '';
  return `${known}unknown (${usage.unknownCostCalls} call${usage.unknownCostCalls === 1 ? '' : 's'} to models without a price; give them one with --prices <file>)`;
}

/** Width of the report where no terminal says (a pipe, a CI log), in characters. */
const DEFAULT_REPORT_WIDTH = 100;

/**
 * The human-readable report: per-task table, totals, tokens, cost, wall time. Each
 * failed check of a task gets its own line in the last column, wrapped to `width` (the
 * terminal's; 100 characters elsewhere), so a long reason is never one endless line.
 */
export function formatEvalReport(summary: EvalRunSummary, options: { width?: number } = {}): string {
  const rows = summary.results.map((result) => {
    if (!isScoredTask(result)) {
      return [result.taskId, '—', '—', `INFRASTRUCTURE FAILURE (${result.stage} call): ${errorMessage(result.error)}`];
    }
    const reasons = failedChecks(result).map((check) => `${check.name}: ${check.reason}`.replace(/\s*\n\s*/g, ' '));
    return [result.taskId, String(result.score.hard), result.score.soft.toFixed(2), reasons.join('\n')];
  });
  const table = formatTable(
    [{ header: 'Task', maxWidth: 32 }, { header: 'Hard', align: 'right' }, { header: 'Soft', align: 'right' }, { header: 'Failed checks', wrap: true }],
    rows,
    { width: options.width ?? DEFAULT_REPORT_WIDTH },
  );

  const scored = summary.results.filter(isScoredTask);
  const failures = summary.results.length - scored.length;
  const aggregate = aggregateScores(scored.map((result) => result.score));
  const passed = scored.filter((result) => result.score.hard === 1).length;
  const usage = summary.usage.total;
  const trials = trialsOf(summary);
  const lines = [
    `Skill ${summary.skill.name} · split ${summary.split} · target ${summary.target}${summary.judge ? ` · judge ${summary.judge}` : ''}${trials ? ` · ${summary.trials} trials` : ''}`,
    '',
    ...(trials ? formatTrialsSection(summarizeTrials(summary.taskIds, trials), summary.trials!, summary.judgeNoise) : [table, '']),
    trials ? '' : scored.length > 0
      ? `Scored ${scored.length} of ${summary.taskIds.length} tasks: hard ${aggregate.hard.toFixed(3)}, soft ${aggregate.soft.toFixed(3)} (${passed} passed every hard check, ${scored.length - passed} did not)`
      : `No task of ${summary.taskIds.length} was scored.`,
  ];
  if (failures > 0) {
    lines.push(
      `Infrastructure failures: ${failures} task${trials ? ' run' : ''}${failures === 1 ? '' : 's'} could not be scored because a model call failed; they are not counted as task failures.`,
    );
  }
  if (summary.derivedMetrics?.length) lines.push('', ...formatDerivedMetrics(summary.derivedMetrics), '');
  const notRun = summary.taskIds.length * (summary.trials ?? 1) - summary.results.length;
  if (summary.stoppedBy) lines.push(`Stopped early (${notRun} task${trials ? ' run' : ''}${notRun === 1 ? '' : 's'} not run): ${summary.stoppedBy.message}`);
  lines.push(
    `Calls: ${integer.format(usage.calls)} (${integer.format(usage.cacheHits)} from cache) · tokens ${integer.format(usage.inputTokens)} in` +
      `${usage.cachedInputTokens > 0 ? ` (${integer.format(usage.cachedInputTokens)} cached)` : ''} / ${integer.format(usage.outputTokens)} out`,
    `Cost: ${formatCost(usage)}`,
    `Wall time: ${(summary.wallTimeMs / 1000).toFixed(1)} s`,
  );
  return `${lines.join('\n')}\n`;
}
