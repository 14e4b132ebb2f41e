import { parse as parseYaml } from 'yaml';
import { checkAssertionSpec, resolveAssertionType } from '../../scoring/assertions/assertion-registry';
import { pythonInterpreter } from '../../scoring/code/run-python';
import { parseCodeFile } from '../../scoring/code/suite-code';
import type { ChatMessage } from '../../models/chat-model';
import type { AssertionSpec } from '../eval-task';
import type { TaskFileProblems } from '../task-file-problems';
import { type PromptfooAssertion, promptfooAssertionSchema } from './promptfoo-config-schema';
import { fileReference, loadIfFile } from './promptfoo-vars';
import { type NunjucksOptions, renderNunjucks } from './render-nunjucks';
import { suiteEmbeddingModel } from './promptfoo-embedding-provider';
import { codeFileReference } from './suite-code-reference';
import type { UnsupportedFeatures } from './unsupported-features';

/** What a test's promptfoo assertions become. */
export interface ConvertedAssertions {
  assert: AssertionSpec[];
  /** Assertions that were skipped (unsupported types, partial assert-sets). */
  skipped: number;
}

/** What converting a test's assertions needs besides the assertions. */
export interface AssertionConversionContext {
  /** The folder `file://` values are relative to (the config's), and the skill folder they must stay in. */
  configDir: string;
  root: string;
  /** The test's `options.rubricPrompt` (or defaultTest's), used by model-graded checks without their own. */
  rubricPrompt?: string | ChatMessage[];
  /** The test's `options.provider` (or defaultTest's): `similar` checks read their embedding model from it. */
  provider?: unknown;
  nunjucks: NunjucksOptions;
  /** Collects the unsupported assertion types, to report each once per file. */
  unsupported: UnsupportedFeatures;
}

/** Why promptfoo assertion types this tool does not run cannot be run here, by type. */
const unsupportedTypes: Record<string, string> = {
  'select-best': 'it compares the outputs of several prompts or models, and a task has one output',
  'max-score': 'it compares the outputs of several prompts or models, and a task has one output',
  'tool-call-f1': 'it is not implemented yet',
  'trace-span-count': 'it reads OpenTelemetry traces of an application, which a model call does not have',
  'trace-span-duration': 'it reads OpenTelemetry traces of an application, which a model call does not have',
  'trace-error-spans': 'it reads OpenTelemetry traces of an application, which a model call does not have',
  classifier: 'it needs a Hugging Face classifier model, which cannot be reached from here',
  guardrails: "it reads a provider's guardrail results, which model calls do not return",
  perplexity: "it needs the reply's token log-probabilities, which model calls do not return",
  'perplexity-score': "it needs the reply's token log-probabilities, which model calls do not return",
  pi: "it calls Pi Labs' scoring service, which cannot be reached from here",
  webhook: 'it calls a web service, which Skill Trainer does not do while scoring',
  human: "it needs a person's rating",
  ruby: 'Ruby code is not run (javascript and python checks are)',
  meteor: 'it is not implemented yet: it needs a WordNet synonym dictionary (bleu, gleu and rouge-n are supported)',
};

/** Types whose promptfoo `threshold` is a limit in their own unit, which goes into `value` here. */
const limitTypes = new Set(['cost', 'latency']);
/** Model-graded types that read the `context` variable. */
const contextTypes = new Set(['context-faithfulness', 'context-recall', 'context-relevance']);
/** Stands in for the criterion of an `llm-rubric` whose grading prompt holds everything. */
const SUITE_PROMPT_CRITERION = "Meets the suite's grading prompt";

/**
 * Converts one test's assertions into assertion specs. String values are rendered with
 * the test's vars (except code), `file://` values are read (code files are checked and
 * named relative to the skill folder), promptfoo's `threshold` of `cost` and `latency`
 * becomes the value, and `rubricPrompt` is carried to model-graded checks. Unsupported
 * types are counted and reported once per file; other problems are reported at the
 * assertion when `problems` is given (the first expansion of a test).
 */
export async function convertPromptfooAssertions(
  assertions: readonly PromptfooAssertion[],
  vars: Record<string, unknown>,
  path: readonly PropertyKey[],
  problems: TaskFileProblems | undefined,
  context: AssertionConversionContext,
): Promise<ConvertedAssertions> {
  const converted: ConvertedAssertions = { assert: [], skipped: 0 };
  for (const [index, assertion] of assertions.entries()) {
    const at = [...path, index];
    const baseType = assertion.type.replace(/^not-/, '');
    if (baseType === 'assert-set') {
      await convertAssertSet(assertion, vars, at, problems, context, converted);
      continue;
    }
    const spec = await convertOne(assertion, vars, at, problems, context);
    if (spec === 'skipped') converted.skipped++;
    else if (spec) converted.assert.push(spec);
  }
  return converted;
}

async function convertOne(
  assertion: PromptfooAssertion,
  vars: Record<string, unknown>,
  at: PropertyKey[],
  problems: TaskFileProblems | undefined,
  context: AssertionConversionContext,
): Promise<AssertionSpec | 'skipped' | undefined> {
  const type = assertion.type;
  const baseType = type.replace(/^not-/, '');
  if (!resolveAssertionType(type)) {
    const reason = unsupportedTypes[baseType] ?? (baseType.startsWith('promptfoo:') ? "it is one of promptfoo's red-team graders" : undefined);
    if (reason !== undefined) {
      if (problems) context.unsupported.add(problems, [...at, 'type'], `promptfoo assertion '${type}'`, reason);
      return 'skipped';
    }
  }
  const raw = assertion as PromptfooAssertion & { rubricPrompt?: unknown; contextTransform?: unknown; provider?: unknown };
  if (raw.contextTransform !== undefined) {
    if (problems) context.unsupported.add(problems, [...at, 'contextTransform'], `'${type}' with a contextTransform`, "it reads the context from the application's response, which a model call does not return; give the context in the test's \"context\" variable");
    return 'skipped';
  }
  const isCode = baseType === 'javascript' || baseType === 'python';
  let value: unknown = assertion.value;
  if (isCode && typeof value === 'string') {
    if (baseType === 'python' && pythonInterpreter() === null) {
      if (problems) context.unsupported.add(problems, [...at, 'type'], `'${type}' checks`, 'Python 3 is not installed here (no python3 or python on the PATH); install it to run them');
      return 'skipped';
    }
    const file = parseCodeFile(value);
    if (file) {
      const reference = await codeFileReference(value, context.configDir, context.root);
      if ('problem' in reference) {
        problems?.error([...at, 'value'], reference.problem);
        return undefined;
      }
      value = reference.value;
    }
  } else {
    try {
      value = await loadIfFile(value, context.configDir, context.root);
    } catch (error) {
      problems?.error([...at, 'value'], `'${type}' ${(error as Error).message}`);
      return undefined;
    }
    const written = value;
    value = renderValue(value, vars, context.nunjucks, problems, [...at, 'value']);
    if (typeof written === 'string' && written.trim() !== '' && value === '') {
      problems?.error([...at, 'value'], `'${type}' has the value ${JSON.stringify(written)}, which renders as empty text for this test; set the variables it uses in the test's vars`);
      return undefined;
    }
    // promptfoo reads a JSON Schema written as text (JSON or YAML) for the JSON checks.
    if ((baseType === 'is-json' || baseType === 'contains-json') && typeof value === 'string') {
      try {
        value = parseYaml(value);
      } catch (error) {
        problems?.error([...at, 'value'], `'${type}' has a schema that is not valid JSON or YAML (${(error as Error).message.split('\n')[0]}); fix it or leave "value" out`);
        return undefined;
      }
    }
  }

  const spec: AssertionSpec = { type, ...(value !== undefined && { value }) };
  if (assertion.weight !== undefined) spec.weight = assertion.weight;
  if (assertion.metric !== undefined) spec.metric = assertion.metric;
  if (limitTypes.has(baseType)) {
    if (spec.value === undefined && assertion.threshold === undefined) {
      problems?.error([...at, 'threshold'], `'${type}' needs "threshold": the most ${baseType === 'cost' ? 'US dollars' : 'milliseconds'} the call may take`);
      return undefined;
    }
    spec.value ??= assertion.threshold;
  } else if (assertion.threshold !== undefined) {
    spec.threshold = assertion.threshold;
  }
  if (assertion.transform !== undefined) {
    const transform = await transformReference(assertion.transform, context);
    if ('problem' in transform) {
      problems?.error([...at, 'transform'], transform.problem);
      return undefined;
    }
    spec.transform = transform.value;
  }
  const definition = resolveAssertionType(type)?.definition;
  if (definition && 'criterion' in definition) {
    let rubricPrompt: unknown;
    try {
      // A grading prompt may be kept in a file (a YAML or JSON list of messages, or text).
      rubricPrompt = await loadIfFile(raw.rubricPrompt ?? context.rubricPrompt, context.configDir, context.root);
    } catch (error) {
      problems?.error([...at, 'rubricPrompt'], `'${type}' has a rubricPrompt that ${(error as Error).message}`);
      return undefined;
    }
    if (rubricPrompt !== undefined) {
      if (baseType === 'llm-rubric' && (typeof rubricPrompt === 'string' || Array.isArray(rubricPrompt))) {
        spec.rubricPrompt = rubricPrompt as string | ChatMessage[];
        spec.value ??= SUITE_PROMPT_CRITERION;
      } else if (problems && raw.rubricPrompt !== undefined) {
        problems.warning([...at, 'rubricPrompt'], `'${type}' is graded with Skill Trainer's own judge prompt: a custom rubricPrompt is used for llm-rubric only`);
      }
    }
    if (baseType === 'similar') {
      const named = suiteEmbeddingModel(raw.provider, context.provider);
      if (named && 'spec' in named) spec.embeddingModel = named.spec;
      else if (named && problems) {
        const where = raw.provider !== undefined ? [...at, 'provider'] : at;
        problems.warning(where, `'${type}' ${named.problem}. It is graded by the run's embedding model (--embedding, the embedding setting) or, without one, by the judge`);
      }
    }
    if (contextTypes.has(baseType) && vars.context === undefined) {
      problems?.error(at, `'${type}' needs a "context" variable in the test: the retrieved text it judges (promptfoo reads it from vars.context)`);
      return undefined;
    }
  }
  for (const problem of checkAssertionSpec(spec)) problems?.error([...at, problem.field], problem.message);
  return checkAssertionSpec(spec).length > 0 ? undefined : spec;
}

/**
 * promptfoo's `assert-set` groups assertions. Without a threshold (or with 1) every
 * member must pass, which is what the members do on their own, so they are inlined. A
 * lower threshold (part of the set may fail) has no equivalent here: the set is skipped.
 */
async function convertAssertSet(
  assertion: PromptfooAssertion,
  vars: Record<string, unknown>,
  at: readonly PropertyKey[],
  problems: TaskFileProblems | undefined,
  context: AssertionConversionContext,
  converted: ConvertedAssertions,
): Promise<void> {
  if (assertion.type.startsWith('not-')) return problems?.error([...at, 'type'], `'${assertion.type}' is not supported; negate the assertions inside an assert-set instead`);
  const members = (assertion as { assert?: unknown }).assert;
  if (!Array.isArray(members) || members.length === 0) {
    return problems?.error([...at, 'assert'], "'assert-set' needs \"assert\", a non-empty list of assertions such as [{type: contains, value: refund}]");
  }
  if (assertion.threshold !== undefined && assertion.threshold < 1) {
    converted.skipped++;
    if (problems) {
      context.unsupported.add(problems, [...at, 'threshold'], "an 'assert-set' with a threshold below 1", 'it passes when only some of its assertions pass; list the assertions that must pass directly under "assert"');
    }
    return;
  }
  const parsed: PromptfooAssertion[] = [];
  members.forEach((member, index) => {
    const result = promptfooAssertionSchema.safeParse(member);
    if (result.success) parsed.push(result.data);
    else for (const issue of result.error.issues) problems?.error([...at, 'assert', index, ...issue.path], issue.message);
  });
  if (parsed.length < members.length) return;
  const inner = await convertPromptfooAssertions(parsed, vars, [...at, 'assert'], problems, context);
  converted.assert.push(...inner.assert);
  converted.skipped += inner.skipped;
}

/** A transform's code: inline, or a `file://` path made relative to the skill folder. */
async function transformReference(transform: string, context: AssertionConversionContext): Promise<{ value: string } | { problem: string }> {
  if (fileReference(transform.trim()) === undefined) return { value: transform };
  return codeFileReference(transform, context.configDir, context.root);
}

function renderValue(value: unknown, vars: Record<string, unknown>, nunjucks: NunjucksOptions, problems: TaskFileProblems | undefined, at: PropertyKey[]): unknown {
  const render = (text: string) => {
    try {
      return renderNunjucks(text, vars, nunjucks);
    } catch (error) {
      problems?.error(at, `has a template error: ${(error as Error).message}`);
      return text;
    }
  };
  if (typeof value === 'string') return render(value);
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? render(item) : item));
  return value;
}
