/**
 * The analyst's pass over a skill's eval tasks, automated: run every task K times with
 * the skill and K times without it, check each expected output against its own task,
 * and report what misleads training — checks that never discriminate, tasks the skill
 * does not change, flaky tasks, contradicting expected outputs — and what each task
 * costs. Each finding says what to do.
 */
import { emptyUsage, type ChatModel, type SkillPayload, type Usage } from '../models/chat-model';
import { evaluateTrials, summarizeTrials, type TaskTrialSummary } from '../evaluation/evaluate-trials';
import { isScoredTask, type ScoredTask, type TaskEvaluation } from '../evaluation/evaluate-skill';
import type { EvalTask } from '../tasks/eval-task';
import { nonDiscriminatingChecks } from './check-discrimination';
import { addUsage, type DiagnosticsReport, type Finding, type TaskDiagnostics } from './diagnostics-report';
import { expectedOutputFindings } from './expected-output-findings';
import { costFindings, taskFindings } from './task-findings';
import type { EmbeddingModels } from '../scoring/similarity/embedding-models';

export type DiagnosisPhase = 'with-skill' | 'without-skill' | 'expected-outputs';

export interface DiagnoseSkillOptions {
  skill: SkillPayload;
  tasks: readonly EvalTask[];
  /** With the call policies already around them. */
  target: ChatModel;
  judge?: ChatModel;
  /** Decide `similar` checks of the runs by embeddings. */
  embeddings?: EmbeddingModels;
  trusted: boolean;
  /** Runs per task and condition; 2 or more to see flaky tasks. */
  trials: number;
  concurrency?: number;
  skillDirectory?: string;
  signal?: AbortSignal;
  onProgress?: (progress: { phase: DiagnosisPhase; done: number; total: number; latest?: TaskEvaluation }) => void;
  /** Every call's usage so far, for the report's totals (the call policies' view). */
  totals?: () => { calls: number; inputTokens: number; outputTokens: number; costUsd: number | null };
  now?: () => number;
}

const ORDER: Record<Finding['severity'], number> = { warning: 0, info: 1 };

export async function diagnoseSkill(options: DiagnoseSkillOptions): Promise<DiagnosticsReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const taskIds = options.tasks.map((task) => task.id);
  const run = (phase: DiagnosisPhase, withoutSkill: boolean) =>
    evaluateTrials({
      skill: options.skill,
      tasks: options.tasks,
      target: options.target,
      judge: options.judge,
      embeddings: options.embeddings,
      trusted: options.trusted,
      trials: options.trials,
      concurrency: options.concurrency,
      skillDirectory: options.skillDirectory,
      signal: options.signal,
      withoutSkill,
      onProgress: ({ done, total, latest }) => options.onProgress?.({ phase, done, total, latest }),
    });
  const withSkillRuns = await run('with-skill', false);
  const withoutSkillRuns = await run('without-skill', true);
  options.onProgress?.({ phase: 'expected-outputs', done: 0, total: options.tasks.length });
  const contradictions = await expectedOutputFindings({
    tasks: options.tasks,
    judge: options.judge,
    trusted: options.trusted,
    concurrency: options.concurrency,
    signal: options.signal,
  });
  options.onProgress?.({ phase: 'expected-outputs', done: options.tasks.length, total: options.tasks.length });

  const withSkill = summarizeTrials(taskIds, withSkillRuns);
  const withoutSkill = summarizeTrials(taskIds, withoutSkillRuns);
  const tasks = withSkill.map((summary, index) => taskDiagnostics(summary, withoutSkill[index]!));
  const allRuns = [...withSkillRuns, ...withoutSkillRuns].flat().filter(isScoredTask);
  const findings = [
    ...nonDiscriminatingChecks(options.tasks, allRuns),
    ...taskFindings(withSkill, withoutSkill, options.trials),
    ...contradictions,
    ...costFindings(tasks),
  ].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return {
    skillName: options.skill.name,
    trials: options.trials,
    tasks,
    findings,
    usage: options.totals?.() ?? sumRunUsage(allRuns),
    wallTimeMs: now() - started,
  };
}

function taskDiagnostics(withSkill: TaskTrialSummary, withoutSkill: TaskTrialSummary): TaskDiagnostics {
  const condition = (summary: TaskTrialSummary) => ({ scored: summary.scored, passed: summary.passed, hard: summary.hard, soft: summary.soft });
  const total = withSkill.runs.reduce((sum: Usage, run) => addUsage(addUsage(sum, run.usage), run.judgeUsage), emptyUsage());
  const runs = Math.max(1, withSkill.runs.length);
  return {
    taskId: withSkill.taskId,
    withSkill: condition(withSkill),
    withoutSkill: condition(withoutSkill),
    flaky: withSkill.flaky,
    cost: {
      latencyMs: total.latencyMs / runs,
      inputTokens: total.inputTokens / runs,
      outputTokens: total.outputTokens / runs,
      costUsd: total.costUsd === null ? null : total.costUsd / runs,
    },
  };
}

function sumRunUsage(runs: readonly ScoredTask[]): DiagnosticsReport['usage'] {
  const total = runs.reduce((sum: Usage, run) => addUsage(addUsage(sum, run.usage), run.judgeUsage), emptyUsage());
  return { calls: runs.length, inputTokens: total.inputTokens, outputTokens: total.outputTokens, costUsd: total.costUsd };
}
