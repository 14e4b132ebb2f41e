import type { ChatModel } from '../../models/chat-model';
import { completeStructured } from '../../models/structured-reply';
import type { EvalTask } from '../../tasks/eval-task';
import { checkResult } from '../assertions/run-assertion';
import type { CheckResult } from '../task-score';
import type { JudgeCriterion } from './judge-criteria';
import { buildJudgeRequest } from './judge-prompt';
import { type CriterionVerdict, JUDGE_SCHEMA_NAME, judgeVerdictsSchema } from './judge-verdicts';

/**
 * Grades all of a task's criteria in one judge call. Hard criteria score 1 or 0 (from
 * the verdict's `pass`); soft criteria take the judge's 0..1 score; judged assertions
 * are decided like other assertions (see {@link judgedCheck}). A reply that cannot be
 * read even after one retry throws StructuredReplyError; provider failures throw too.
 * Neither is ever turned into a failed check.
 */
export async function gradeCriteria(
  judge: ChatModel,
  task: EvalTask,
  output: string,
  criteria: readonly JudgeCriterion[],
  signal?: AbortSignal,
  /** Repeated gradings stay apart in the response cache (see `ChatRequest.sampleIndex`). */
  sampleIndex?: number,
): Promise<CheckResult[]> {
  if (criteria.length === 0) return [];
  const request = buildJudgeRequest(task, output, criteria, signal, sampleIndex);
  const verdicts = await completeStructured(judge, request, judgeVerdictsSchema(criteria), JUDGE_SCHEMA_NAME);
  return criteria.map((criterion, index) => {
    const verdict = verdicts[index];
    if (criterion.assertion) return judgedCheck(criterion, verdict);
    return {
      kind: criterion.kind,
      name: criterion.text,
      pass: verdict.pass,
      score: criterion.kind === 'hard' ? (verdict.pass ? 1 : 0) : verdict.score,
      weight: criterion.weight,
      reason: `judge: ${verdict.pass ? 'met' : 'not met'}${verdict.evidence ? ` — ${verdict.evidence}` : ''}`,
    };
  });
}

/**
 * A judged assertion's check from the judge's verdict: with a threshold (its own or its
 * type's default) the judge's score decides, else the judge's pass; `not-` inverts it.
 */
export function judgedCheck(criterion: JudgeCriterion, verdict: Pick<CriterionVerdict, 'pass' | 'score' | 'evidence'>): CheckResult {
  const { spec, definition } = criterion.assertion!;
  const note = definition.note ? ` (${definition.note})` : '';
  return checkResult(
    spec,
    {
      pass: verdict.pass,
      score: verdict.score,
      expectation: `meet '${criterion.text}'`,
      observation: `judge: ${verdict.pass ? 'met' : 'not met'}${verdict.evidence ? ` — ${verdict.evidence}` : ''}${note}`,
    },
    definition.defaultThreshold,
  );
}
