import type { ChatModel, Usage } from '../models/chat-model';
import { CallAbortedError } from '../models/model-errors';
import type { EvalTask } from '../tasks/eval-task';
import { applyScoringFunction } from './apply-scoring-function';
import { type AssertionContext, isJudgedDefinition } from './assertions/assertion-definition';
import { resolveAssertionType } from './assertions/assertion-registry';
import { runAssertion, untrustedSkip } from './assertions/run-assertion';
import { type CheckedOutput, checkedOutput, TransformFailedError, transformedFor } from './checked-output';
import { gradeCriteria } from './judge/grade-criteria';
import { gradeWithRubricPrompt } from './judge/grade-with-rubric-prompt';
import type { JudgeCriterion } from './judge/judge-criteria';
import { criteriaForJudge, embeddingModelFor, judgeRequired, type EmbeddingModels } from './similarity/embedding-models';
import { scoreSimilar } from './similarity/score-similar';
import type { CheckResult, TaskScore } from './task-score';

export interface ScoreTaskOptions {
  /** Grades rubric criteria and judged assertions; required when the task has any. */
  judge?: ChatModel;
  /** The workspace is trusted: `javascript` and `python` checks and transforms may run. */
  trusted: boolean;
  signal?: AbortSignal;
  /** Wall-time limit per inline `javascript` check, in ms. Default 2000. */
  javascriptTimeoutMs?: number;
  /** What the target call consumed when it was made (for `cost` and `latency` checks). */
  usage?: Usage;
  /**
   * The output as promptfoo's provider would give it when that is not the text: a reply
   * with tool calls (see `toolCallOutput`); `output` is then its JSON text.
   */
  outputValue?: unknown;
  /** Why the target stopped, normalized (for `finish-reason` checks). */
  finishReason?: string;
  /** The skill folder, which `file://` checks and transforms are relative to. */
  skillDirectory?: string;
  /** Decide `similar` checks by cosine similarity; without a model for a check, the judge grades it. */
  embeddings?: EmbeddingModels;
  /** Which grading this is when the same task is graded repeatedly (trials); keeps the judge's calls apart in the cache. Default 0. */
  sampleIndex?: number;
}

/** The reason recorded for a task that has nothing to score against. */
export const NOTHING_TO_SCORE_REASON =
  'this task has no rubric, no assertions and no expected_output, so nothing can be checked; add one of them to the task';

/**
 * Scores one output of one task.
 *
 * The output is first made into what the checks see (parsed JSON, transforms; see
 * `checkedOutput`). Local assertions run here; rubric criteria and judged assertions
 * (`llm-rubric`, `factuality`, `similar` without an embedding model, ...) are graded in one judge call per output
 * the judge must see (checks with their own transform see their own), and a rubric
 * with the suite's own grading prompt in a call of its own. `hard` is 1 when every hard
 * criterion and every assertion passed, or, for a task with a `threshold`, when `soft`
 * reaches it; `soft` is the weighted mean of every check's score (hard criteria weigh
 * 1, assertions their `weight`); a task with a scoring function (promptfoo's
 * `assertScoringFunction`) takes both from it instead. Checks that did not run (code in an untrusted
 * workspace, a cost with no known price) count in neither. A task with only an expected
 * output is graded by the judge against it; a task with nothing at all scores 0 with a
 * check that says why (the loader warns about such tasks).
 *
 * Infrastructure failures — the judge call failed, its reply was unreadable twice, the
 * call was cancelled — are thrown, never returned as a failed score.
 */
export async function scoreTask(task: EvalTask, output: string, options: ScoreTaskOptions): Promise<TaskScore> {
  const context: AssertionContext = {
    task,
    trusted: options.trusted,
    javascriptTimeoutMs: options.javascriptTimeoutMs ?? 2000,
    usage: options.usage,
    finishReason: options.finishReason,
    skillDirectory: options.skillDirectory,
  };
  // `similar` checks with an embedding model are decided here, not by the judge.
  const criteria = criteriaForJudge(task, options.embeddings);
  if (criteria.length > 0 && !options.judge) throw judgeRequired(task, criteria);

  const seen = await outputForChecks(task, output, context, options.outputValue);
  if ('failure' in seen) return { taskId: task.id, ...combineChecks(failAll(task, criteria, seen.failure), task.threshold) };

  const assertionChecks: (CheckResult | undefined)[] = [];
  const judged = new Map<string, JudgeCriterion[]>();
  const ownPrompt: { criterion: JudgeCriterion; text: string }[] = [];
  const rubric = criteria.filter((criterion) => !criterion.assertion);
  if (rubric.length > 0) judged.set(seen.output.text, [...rubric]);
  for (const [index, spec] of task.assert.entries()) {
    const definition = resolveAssertionType(spec.type)?.definition;
    const skip = definition ? untrustedSkip(spec, context, definition.runsUserCode === true) : undefined;
    if (skip) {
      assertionChecks[index] = skip;
      continue;
    }
    let view: CheckedOutput = seen.output;
    if (spec.transform !== undefined) {
      try {
        view = await transformedFor(spec.transform, seen.output, context);
      } catch (error) {
        if (!(error instanceof TransformFailedError)) throw error;
        assertionChecks[index] = failedCheck(spec.type, spec.weight ?? 1, error.message);
        continue;
      }
    }
    const embedding = embeddingModelFor(options.embeddings, spec);
    if (embedding) {
      assertionChecks[index] = await scoreSimilar(spec, view.text, embedding, options.signal);
      continue;
    }
    if (definition && isJudgedDefinition(definition)) {
      const criterion = criteria.find((candidate) => candidate.assertion?.index === index)!;
      if (spec.rubricPrompt !== undefined) ownPrompt.push({ criterion, text: view.text });
      else judged.set(view.text, [...(judged.get(view.text) ?? []), criterion]);
      continue;
    }
    assertionChecks[index] = await runAssertion(spec, view.text, { ...context, outputValue: view.value });
  }

  const criterionChecks = new Map<JudgeCriterion, CheckResult>();
  if (judged.size > 0 || ownPrompt.length > 0) {
    if (options.signal?.aborted) throw new CallAbortedError(`Judging task '${task.id}'`);
    for (const [text, group] of judged) {
      const results = await gradeCriteria(options.judge!, task, text, group, options.signal, options.sampleIndex);
      group.forEach((criterion, index) => criterionChecks.set(criterion, results[index]));
    }
    for (const { criterion, text } of ownPrompt) {
      criterionChecks.set(criterion, await gradeWithRubricPrompt(options.judge!, task, text, criterion, options.signal, options.sampleIndex));
    }
  }

  const checks: CheckResult[] = [
    ...task.assert.map((_, index) => assertionChecks[index] ?? criterionChecks.get(criteria.find((criterion) => criterion.assertion?.index === index)!)!),
    ...rubric.map((criterion) => criterionChecks.get(criterion)!),
  ];
  if (checks.length === 0) {
    checks.push({ kind: 'assertion', name: 'nothing-to-score', pass: false, score: 0, weight: 1, reason: NOTHING_TO_SCORE_REASON });
    return { taskId: task.id, ...combineChecks(checks, task.threshold) };
  }
  return { taskId: task.id, ...(await applyScoringFunction(task, combineChecks(checks, task.threshold), context)) };
}

/** The output the task's checks see, or why it cannot be had (a transform failed or may not run). */
async function outputForChecks(task: EvalTask, output: string, context: AssertionContext, shaped: unknown): Promise<{ output: CheckedOutput } | { failure: { reason: string; skipped: boolean } }> {
  if ((task.transforms?.length ?? 0) > 0 && !context.trusted) {
    return {
      failure: {
        skipped: true,
        reason:
          "not run: this task's output passes through a transform, code from the eval file, and this workspace is not trusted. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.",
      },
    };
  }
  try {
    return { output: await checkedOutput(task, output, context, shaped) };
  } catch (error) {
    if (error instanceof TransformFailedError) return { failure: { skipped: false, reason: error.message } };
    throw error;
  }
}

/** Every check of a task, failed (or skipped) for one reason that concerns them all. */
function failAll(task: EvalTask, criteria: readonly JudgeCriterion[], failure: { reason: string; skipped: boolean }): CheckResult[] {
  const names = [...task.assert.map((spec) => ({ name: spec.type, weight: spec.weight ?? 1 })), ...criteria.filter((criterion) => !criterion.assertion).map((criterion) => ({ name: criterion.text, weight: criterion.weight }))];
  return names.map(({ name, weight }) => ({ ...failedCheck(name, weight, failure.reason), ...(failure.skipped && { skipped: failure.reason }) }));
}

function failedCheck(name: string, weight: number, reason: string): CheckResult {
  return { kind: 'assertion', name, pass: false, score: 0, weight, reason };
}

/**
 * hard and soft from a task's checks; skipped checks are left out of both. With a
 * `threshold`, hard is 1 when soft reaches it (promptfoo's test-level threshold).
 */
export function combineChecks(checks: readonly CheckResult[], threshold?: number): { hard: 0 | 1; soft: number; checks: CheckResult[] } {
  const counted = checks.filter((check) => !check.skipped);
  if (counted.length === 0) return { hard: 0, soft: 0, checks: [...checks] };
  const totalWeight = counted.reduce((sum, check) => sum + check.weight, 0);
  // Every weight 0 means "report only"; an unweighted mean still says how the output did.
  const soft =
    totalWeight > 0
      ? counted.reduce((sum, check) => sum + check.score * check.weight, 0) / totalWeight
      : counted.reduce((sum, check) => sum + check.score, 0) / counted.length;
  const allPassed = counted.every((check) => check.kind === 'soft' || check.pass);
  const hard = (threshold !== undefined ? soft >= threshold : allPassed) ? 1 : 0;
  return { hard, soft, checks: [...checks] };
}
