import { checkAssertionSpec, resolveAssertionType } from '../../scoring/assertions/assertion-registry';
import type { AssertionSpec, SoftCriterion } from '../eval-task';
import { renderTemplate } from '../render-template';
import type { TaskFileProblems } from '../task-file-problems';
import type { PromptfooAssertion } from './promptfoo-config-schema';

/** What a test's promptfoo assertions become. */
export interface ConvertedAssertions {
  assert: AssertionSpec[];
  hard: string[];
  soft: SoftCriterion[];
}

/**
 * promptfoo types this tool does not run (they need providers, embeddings, traces or
 * other runtimes). They are dropped with a warning rather than failing the import.
 */
const unsupportedPromptfooTypes = new Set([
  'answer-relevance', 'assert-set', 'bleu', 'classifier', 'context-faithfulness', 'context-recall', 'context-relevance',
  'contains-html', 'contains-sql', 'contains-xml', 'cost', 'factuality', 'finish-reason', 'gleu', 'guardrails',
  'is-html', 'is-refusal', 'is-sql', 'is-valid-function-call', 'is-valid-openai-function-call', 'is-valid-openai-tools-call',
  'is-xml', 'latency', 'levenshtein', 'meteor', 'model-graded-closedqa', 'model-graded-factuality', 'moderation',
  'perplexity', 'perplexity-score', 'pi', 'python', 'rouge-n', 'ruby', 'select-best', 'similar', 'webhook', 'human',
]);

/**
 * Converts one test's assertions. `llm-rubric` becomes a hard rubric criterion (it is
 * pass/fail in promptfoo) and `g-eval` a soft one with its weight; the rest must be
 * assertion types this tool runs. String values are rendered with the test's vars
 * (except `javascript` code), as promptfoo does.
 */
export function convertPromptfooAssertions(
  assertions: readonly PromptfooAssertion[],
  vars: Record<string, unknown>,
  path: readonly PropertyKey[],
  problems: TaskFileProblems | undefined,
): ConvertedAssertions {
  const converted: ConvertedAssertions = { assert: [], hard: [], soft: [] };
  assertions.forEach((assertion, index) => {
    const at = [...path, index];
    const type = assertion.type;
    const baseType = type.replace(/^not-/, '');
    if (baseType === 'llm-rubric' || baseType === 'g-eval') {
      if (type.startsWith('not-')) return problems?.error([...at, 'type'], `'${type}' is not supported; state the criterion positively as an llm-rubric`);
      const values = Array.isArray(assertion.value) ? assertion.value : [assertion.value];
      if (values.length === 0 || values.some((value) => typeof value !== 'string' || value.trim() === '')) {
        return problems?.error([...at, 'value'], `'${type}' needs "value": the criterion text the judge checks`);
      }
      for (const value of values as string[]) {
        const criterion = renderTemplate(value, vars).text;
        if (baseType === 'llm-rubric') converted.hard.push(criterion);
        else converted.soft.push({ criterion, weight: assertion.weight ?? 1 });
      }
      return;
    }
    if (!resolveAssertionType(type) && unsupportedPromptfooTypes.has(baseType)) {
      return problems?.warning([...at, 'type'], `promptfoo assertion '${type}' is not supported by Skill Trainer and is skipped`);
    }
    const spec: AssertionSpec = { type, value: baseType === 'javascript' ? assertion.value : renderValue(assertion.value, vars) };
    if (assertion.weight !== undefined) spec.weight = assertion.weight;
    if (assertion.threshold !== undefined) spec.threshold = assertion.threshold;
    const specProblems = checkAssertionSpec(spec);
    if (specProblems.length > 0) {
      for (const problem of specProblems) problems?.error([...at, problem.field], problem.message);
      return;
    }
    if (spec.value === undefined) delete spec.value;
    converted.assert.push(spec);
  });
  return converted;
}

function renderValue(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars).text;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? renderTemplate(item, vars).text : item));
  return value;
}
