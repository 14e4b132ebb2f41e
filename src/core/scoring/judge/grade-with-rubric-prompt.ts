import { z } from 'zod';
import type { ChatMessage, ChatModel, ChatRequest } from '../../models/chat-model';
import { completeStructured } from '../../models/structured-reply';
import type { EvalTask } from '../../tasks/eval-task';
import { renderPromptfooPrompt } from '../../tasks/promptfoo/render-promptfoo-prompt';
import type { CheckResult } from '../task-score';
import { judgedCheck } from './grade-criteria';
import type { JudgeCriterion } from './judge-criteria';

/** The reply a suite's own grading prompt asks for, as promptfoo's llm-rubric reads it. */
const rubricReplySchema = z
  .object({ pass: z.boolean().optional(), score: z.number().optional(), reason: z.string().optional() })
  .refine((reply) => reply.pass !== undefined || reply.score !== undefined, { message: 'give "pass" (true or false) or "score" (0 to 1)' });

const rubricReplyJsonSchema = {
  type: 'object',
  properties: { reason: { type: 'string' }, pass: { type: 'boolean' }, score: { type: 'number' } },
  required: ['reason', 'pass', 'score'],
  additionalProperties: false,
};

/**
 * Grades an `llm-rubric` that brings its own grading prompt (promptfoo's `rubricPrompt`):
 * the prompt is rendered with the task's vars, `{{output}}` and `{{rubric}}` (the
 * criterion), sent to the run's judge as written (a chat prompt stays a conversation),
 * and the judge's `{pass, score, reason}` decides the check. Failures throw, as in
 * `gradeCriteria`.
 */
export async function gradeWithRubricPrompt(
  judge: ChatModel,
  task: EvalTask,
  output: string,
  criterion: JudgeCriterion,
  signal?: AbortSignal,
  /** Repeated gradings stay apart in the response cache (see `ChatRequest.sampleIndex`). */
  sampleIndex?: number,
): Promise<CheckResult> {
  const { spec } = criterion.assertion!;
  const template = typeof spec.rubricPrompt === 'string' ? spec.rubricPrompt : JSON.stringify(spec.rubricPrompt);
  // The output is text to grade, never a template: it is not rendered.
  const rendered = renderPromptfooPrompt(template, { ...(task.vars ?? {}), output, rubric: criterion.text }, { literalVars: ['output'] });
  const messages: ChatMessage[] = rendered.messages ?? [{ role: 'user', content: rendered.text }];
  const request: ChatRequest = {
    messages,
    temperature: 0,
    label: 'judge',
    signal,
    jsonSchema: { name: 'rubric_grade', schema: rubricReplyJsonSchema },
    ...(sampleIndex ? { sampleIndex } : {}),
  };
  const reply = await completeStructured(judge, request, rubricReplySchema, 'rubric_grade');
  // Suites' own prompts may score in points (0 to 3); checks score 0..1.
  const score = Math.min(1, Math.max(0, reply.score ?? (reply.pass ? 1 : 0)));
  const pass = reply.pass ?? score >= (spec.threshold ?? 0.5);
  return judgedCheck({ ...criterion, text: `${criterion.text} (the suite's grading prompt)` }, { pass, score, evidence: reply.reason?.trim() ?? '' });
}
