import { checkAssertionSpec, resolveAssertionType } from '../../scoring/assertions/assertion-registry';
import type { AssertionSpec, SoftCriterion } from '../eval-task';
import { renderTemplate } from '../render-template';
import type { TaskFileProblems } from '../task-file-problems';
import { type PromptfooAssertion, promptfooAssertionSchema } from './promptfoo-config-schema';

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
  'answer-relevance', 'bleu', 'classifier', 'context-faithfulness', 'context-recall', 'context-relevance',
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
    if (baseType === 'assert-set') return convertAssertSet(assertion, vars, at, problems, converted);
    if (typeof assertion.value === 'string' && assertion.value.startsWith('file://')) {
      return problems?.warning(
        [...at, 'value'],
        `'${type}' loads its value from ${assertion.value}, which is not supported, so this check is skipped; write the value itself in "value"`,
      );
    }
    if ((assertion as { transform?: unknown }).transform !== undefined) {
      problems?.warning(
        [...at, 'transform'],
        `'${type}' has a "transform", which is not supported: the check runs on the raw output; rewrite it against the raw text or remove it`,
      );
    }
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

/**
 * promptfoo's `assert-set` groups assertions. Without a threshold (or with 1) every
 * member must pass, which is what the members do on their own, so they are inlined. A
 * lower threshold (part of the set may fail) has no equivalent here: the set is skipped.
 */
function convertAssertSet(
  assertion: PromptfooAssertion,
  vars: Record<string, unknown>,
  at: readonly PropertyKey[],
  problems: TaskFileProblems | undefined,
  converted: ConvertedAssertions,
): void {
  if (assertion.type.startsWith('not-')) return problems?.error([...at, 'type'], `'${assertion.type}' is not supported; negate the assertions inside an assert-set instead`);
  const members = (assertion as { assert?: unknown }).assert;
  if (!Array.isArray(members) || members.length === 0) {
    return problems?.error([...at, 'assert'], "'assert-set' needs \"assert\", a non-empty list of assertions such as [{type: contains, value: refund}]");
  }
  if (assertion.threshold !== undefined && assertion.threshold < 1) {
    return problems?.warning(
      [...at, 'threshold'],
      `an 'assert-set' with threshold ${assertion.threshold} passes when only some of its assertions pass, which is not supported, so the set is skipped; list the assertions that must pass directly under "assert"`,
    );
  }
  const parsed: PromptfooAssertion[] = [];
  members.forEach((member, index) => {
    const result = promptfooAssertionSchema.safeParse(member);
    if (result.success) parsed.push(result.data);
    else for (const issue of result.error.issues) problems?.error([...at, 'assert', index, ...issue.path], issue.message);
  });
  if (parsed.length < members.length) return;
  const inner = convertPromptfooAssertions(parsed, vars, [...at, 'assert'], problems);
  converted.assert.push(...inner.assert);
  converted.hard.push(...inner.hard);
  converted.soft.push(...inner.soft);
}

function renderValue(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, vars).text;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? renderTemplate(item, vars).text : item));
  return value;
}
