import type { ChatRequest } from '../../models/chat-model';
import type { EvalTask } from '../../tasks/eval-task';
import { renderTemplate } from '../../tasks/render-template';
import judgeReferenceTemplate from '../prompts/judge-reference.md';
import judgeSystemPrompt from '../prompts/judge-system.md';
import judgeTemplate from '../prompts/judge.md';
import type { JudgeCriterion } from './judge-criteria';
import { JUDGE_SCHEMA_NAME, judgeVerdictsJsonSchema } from './judge-verdicts';

/**
 * The judge call for one task: the output between `<output>` tags and the criteria
 * between `<criteria>` tags as `N. text` lines (the simulated judge parses exactly
 * this), temperature 0, label `judge`.
 */
export function buildJudgeRequest(
  task: EvalTask,
  output: string,
  criteria: readonly JudgeCriterion[],
  signal?: AbortSignal,
  /** Keeps repeated gradings (trials, the judge-noise check) apart in the response cache. */
  sampleIndex?: number,
): ChatRequest {
  const reference = task.expectedOutput?.trim()
    ? renderTemplate(judgeReferenceTemplate, { expected_output: neutraliseTag(task.expectedOutput, 'reference_answer') }).text
    : '';
  const { text } = renderTemplate(judgeTemplate, {
    task: neutraliseTag(task.prompt, 'task'),
    reference,
    output: neutraliseTag(output, 'output'),
    criteria: criteria.map((criterion, index) => `${index + 1}. ${criterion.text}`).join('\n'),
  });
  return {
    messages: [
      { role: 'system', content: judgeSystemPrompt.trim() },
      { role: 'user', content: text },
    ],
    temperature: 0,
    jsonSchema: { name: JUDGE_SCHEMA_NAME, schema: judgeVerdictsJsonSchema },
    label: 'judge',
    signal,
    ...(sampleIndex ? { sampleIndex } : {}),
  };
}

/**
 * Keeps text from closing the tag it is wrapped in (an output that itself contains
 * `</output>` would otherwise cut the section short for the judge and for parsers).
 */
function neutraliseTag(text: string, tag: string): string {
  return text.replaceAll(`</${tag}>`, `<\\/${tag}>`);
}
