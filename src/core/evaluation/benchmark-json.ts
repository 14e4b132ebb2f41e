/**
 * An evaluation with and without the skill as `benchmark.json`, in the shape Anthropic's
 * skill-creator writes and its viewer reads (`metadata`, `runs[]` with `configuration`
 * `with_skill` / `without_skill` and a nested `result`, `run_summary` with `mean`,
 * `stddev`, `min`, `max` per configuration and `delta` strings), so results travel to
 * skill-creator-style tooling. Our 95 % intervals ride along under `skill_trainer`.
 *
 * One run per task, trial and configuration: `pass_rate` is the share of the task's checks
 * (assertions and rubric criteria) that passed; `time_seconds` and `tokens` are the
 * target call's, null when the reply came from the response cache (nothing measured).
 */
import type { CheckResult } from '../scoring/task-score';
import type { ScoreInterval } from '../scoring/bootstrap-interval';
import { isScoredTask, type ScoredTask, type TaskEvaluation } from './evaluate-skill';
import { conditionDelta, conditionScore } from './compare-conditions';

export type BenchmarkConfiguration = 'with_skill' | 'without_skill';

interface Statistics {
  mean: number | null;
  stddev: number | null;
  min: number | null;
  max: number | null;
  count: number;
}

export interface BenchmarkInput {
  skillName: string;
  skillPath: string;
  /** The target's model spec. */
  executorModel: string;
  /** The judge's model spec, when one graded. */
  analyzerModel: string | null;
  /** Task ids evaluated, in order. */
  taskIds: readonly string[];
  /** The evaluations of each trial (one list per trial), with and without the skill. */
  withSkill: readonly (readonly TaskEvaluation[])[];
  withoutSkill: readonly (readonly TaskEvaluation[])[];
  timestamp?: Date;
}

function statistics(values: readonly (number | null)[]): Statistics {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return { mean: null, stddev: null, min: null, max: null, count: 0 };
  const mean = present.reduce((sum, value) => sum + value, 0) / present.length;
  // Sample standard deviation; one observation has none.
  const stddev = present.length > 1 ? Math.sqrt(present.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (present.length - 1)) : null;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return { mean: round(mean), stddev: stddev === null ? null : round(stddev), min: round(Math.min(...present)), max: round(Math.max(...present)), count: present.length };
}

function countedChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks.filter((check) => !check.skipped);
}

/** An eval id as skill-creator writes them: a number when the id is one. */
function evalId(taskId: string): number | string {
  return /^\d+$/.test(taskId) ? Number(taskId) : taskId;
}

function runOf(result: ScoredTask, configuration: BenchmarkConfiguration, runNumber: number) {
  const checks = countedChecks(result.score.checks);
  const passed = checks.filter((check) => check.pass).length;
  const measured = !result.cached;
  return {
    eval_id: evalId(result.taskId),
    eval_name: result.taskId,
    configuration,
    run_number: runNumber,
    result: {
      // A task with nothing to check passes or fails as a whole.
      pass_rate: checks.length > 0 ? passed / checks.length : result.score.hard,
      passed,
      failed: checks.length - passed,
      total: checks.length,
      time_seconds: measured ? result.usage.latencyMs / 1000 : null,
      tokens: measured ? result.usage.inputTokens + result.usage.outputTokens : null,
      errors: 0,
    },
    expectations: result.score.checks.map((check) => ({ text: check.kind === 'assertion' ? `assertion: ${check.name}` : check.name, passed: check.pass, evidence: check.skipped ? `not checked: ${check.skipped}` : check.reason })),
    notes: [] as string[],
  };
}

function delta(withSkill: Statistics, without: Statistics, digits: number): string | null {
  if (withSkill.mean === null || without.mean === null) return null;
  const difference = withSkill.mean - without.mean;
  return `${difference >= 0 ? '+' : ''}${difference.toFixed(digits)}`;
}

function interval(value: ScoreInterval) {
  return value.count === 0 ? null : { mean: value.mean, ci95: [value.low, value.high], tasks: value.count };
}

/** The benchmark.json document. */
export function benchmarkJson(input: BenchmarkInput) {
  const runsOf = (trials: BenchmarkInput['withSkill'], configuration: BenchmarkConfiguration) => trials.flatMap((trial, index) => trial.filter(isScoredTask).map((result) => runOf(result, configuration, index + 1)));
  const runs = [...runsOf(input.withSkill, 'with_skill'), ...runsOf(input.withoutSkill, 'without_skill')];
  const withSkillResults = input.withSkill.flat();
  const withoutSkillResults = input.withoutSkill.flat();
  const summary = (configuration: BenchmarkConfiguration) => {
    const own = runs.filter((run) => run.configuration === configuration);
    return {
      pass_rate: statistics(own.map((run) => run.result.pass_rate)),
      time_seconds: statistics(own.map((run) => run.result.time_seconds)),
      tokens: statistics(own.map((run) => run.result.tokens)),
    };
  };
  const withSkill = summary('with_skill');
  const withoutSkill = summary('without_skill');
  const unscored = [...withSkillResults, ...withoutSkillResults].filter((result) => !isScoredTask(result)).length;
  const scores = (metric: 'hard' | 'soft') => {
    const on = conditionScore(withSkillResults, metric);
    const off = conditionScore(withoutSkillResults, metric);
    return { with_skill: interval(on.score), without_skill: interval(off.score), delta: interval(conditionDelta(off, on)) };
  };
  return {
    metadata: {
      skill_name: input.skillName,
      skill_path: input.skillPath,
      executor_model: input.executorModel,
      analyzer_model: input.analyzerModel,
      timestamp: (input.timestamp ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      evals_run: input.taskIds.map(evalId),
      runs_per_configuration: input.withSkill.length === input.withoutSkill.length ? input.withSkill.length : null,
    },
    runs,
    run_summary: {
      with_skill: withSkill,
      without_skill: withoutSkill,
      delta: {
        pass_rate: delta(withSkill.pass_rate, withoutSkill.pass_rate, 2),
        time_seconds: delta(withSkill.time_seconds, withoutSkill.time_seconds, 1),
        tokens: delta(withSkill.tokens, withoutSkill.tokens, 0),
      },
    },
    notes: [
      'pass_rate is the share of a task\'s checks (assertions and rubric criteria) that passed; time_seconds and tokens are the target call\'s, null for replies served from the response cache.',
      ...(unscored > 0 ? [`${unscored} task run${unscored === 1 ? '' : 's'} could not be scored (a model call failed after retries) and are left out.`] : []),
    ],
    skill_trainer: {
      description: 'Mean task scores (a task run several times counts once, with its mean) with 95 % bootstrap intervals over tasks; delta is with_skill − without_skill, paired by task.',
      hard: scores('hard'),
      soft: scores('soft'),
    },
  };
}
