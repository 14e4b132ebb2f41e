import type { ChatMessage } from '../../models/chat-model';
import type { PythonWorker } from '../../scoring/code/python-worker';
import { codeSource, runSuiteCode } from '../../scoring/code/suite-code';
import { toolCallCheckTypes } from '../../scoring/assertions/tool-call-assertions';
import type { EvalTask, Split } from '../eval-task';
import type { TaskFileProblems } from '../task-file-problems';
import type { CodeFailures } from './code-failures';
import { convertPromptfooAssertions } from './promptfoo-assertions';
import type { PromptfooTest } from './promptfoo-config-schema';
import type { PromptTemplate } from './promptfoo-prompts';
import type { ProviderSettings } from './promptfoo-providers';
import type { RawTest } from './promptfoo-tests';
import { runVarLoaders } from './promptfoo-var-loaders';
import { countCombinations, expandVars, resolveVarFiles } from './promptfoo-vars';
import type { NunjucksOptions } from './render-nunjucks';
import { renderTaskPrompt } from './render-task-prompt';
import { type ScoringFunctionResolution, scoringFunctionFor } from './promptfoo-scoring-function';
import { codeFileReference, SUITE_LOAD_CODE_TIMEOUT_MS, TRUST_TO_RUN_CODE } from './suite-code-reference';
import { textOutputFieldReads } from './text-output-field-reads';
import type { UnsupportedFeatures } from './unsupported-features';

/** What every test of a suite shares. */
export interface SuiteContext {
  configDir: string;
  root: string;
  /** The config's problems. */
  problems: TaskFileProblems;
  unsupported: UnsupportedFeatures;
  /** The suite's own code may run while loading (a trusted workspace). */
  runCode: boolean;
  nunjucks: NunjucksOptions;
  /** The config has no `prompts`: promptfoo's default `{{prompt}}` is in use. */
  promptsMissing: boolean;
  /** Set once defaultTest's assertions were converted with problems reported (they are reported once). */
  defaultsReported?: boolean;
  /** Failures of prompt functions and variable loaders, reported once per place after every test is read. */
  failures: CodeFailures;
  /** The Python process the suite's Python code runs in while it loads. */
  python: PythonWorker;
  /** defaultTest's `assertScoringFunction`, checked once for the suite. */
  defaultScoringFunction?: Promise<ScoringFunctionResolution>;
}

export interface TestTaskContext {
  defaultTest: PromptfooTest | undefined;
  prompts: readonly PromptTemplate[];
  providers: ProviderSettings;
  suite: SuiteContext;
  taskCountSoFar: number;
  /** The number the test's first expansion gets (`test-N`). */
  firstTestNumber: number;
}

/** More tasks than this cannot be trained on in reasonable time and usually mean a runaway var expansion. */
export const MAX_TASKS = 50_000;

/**
 * The tasks of one test: its vars (defaultTest's under its own, files loaded,
 * `transformVars` applied) expanded into combinations, each rendered with every prompt.
 * Problems are reported at the test, once per test (not per expansion).
 */
export async function tasksForTest(test: PromptfooTest, raw: RawTest, context: TestTaskContext): Promise<{ tasks: EvalTask[]; testCount: number; stop?: boolean }> {
  const { defaultTest, prompts, suite } = context;
  const options = { ...(defaultTest?.options ?? {}), ...(test.options ?? {}) } as Record<string, unknown>;
  let vars: Record<string, unknown>;
  try {
    // Variable files a test names are relative to its own file (a tests file's folder), as in promptfoo.
    const ownVars = await varsOf(test.vars, raw.baseDir, suite);
    vars = await resolveVarFiles({ ...(await varsOf(defaultTest?.vars, suite.configDir, suite)), ...ownVars }, suite.configDir, suite.root);
  } catch (error) {
    raw.problems.error([...raw.path, 'vars'], (error as Error).message);
    return { tasks: [], testCount: 0 };
  }
  const keepLists = options.disableVarExpansion === true;
  const combinations = keepLists ? 1 : countCombinations(vars);
  if (context.taskCountSoFar + combinations * prompts.length > MAX_TASKS) {
    raw.problems.error([...raw.path, 'vars'], `expands to more than ${MAX_TASKS} tasks (list-valued vars make one test per combination); shorten the lists or set options.disableVarExpansion: true`);
    return { tasks: [], testCount: 0, stop: true };
  }
  const transforms = await outputTransforms(options, context, raw);
  if (transforms === undefined) return { tasks: [], testCount: 0 };
  const scoringFunction = await scoringFunctionFor(test, defaultTest, raw, suite);
  if (scoringFunction === 'invalid') return { tasks: [], testCount: 0 };

  const tasks: EvalTask[] = [];
  const expansions = keepLists ? [vars] : expandVars(vars);
  for (const [index, expansion] of expansions.entries()) {
    // Every expansion has the same assertions and templates: report their problems once.
    const problems = index === 0 ? raw.problems : undefined;
    const expanded = await transformVars(expansion, options.transformVars, suite, raw, problems);
    if (!expanded) break;
    tasks.push(...(await expansionTasks(test, expanded, { ...context, transforms, scoringFunction: scoringFunction.reference, options, testNumber: context.firstTestNumber + index, raw, problems })));
  }
  return { tasks, testCount: expansions.length };
}

/** A test's vars: a map, or `file://` YAML/JSON files (a list, or a glob) whose maps are merged. */
async function varsOf(vars: PromptfooTest['vars'], baseDir: string, suite: SuiteContext): Promise<Record<string, unknown>> {
  if (vars === undefined) return {};
  if (typeof vars === 'object' && !Array.isArray(vars)) return vars;
  const references = (Array.isArray(vars) ? vars : [vars]).map((reference) => (reference.startsWith('file://') ? reference : `file://${reference}`));
  const merged: Record<string, unknown> = {};
  for (const loaded of (await resolveVarFiles({ files: references }, baseDir, suite.root)).files as unknown[]) {
    for (const value of Array.isArray(loaded) ? loaded : [loaded]) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`loads variables from ${references.join(', ')}, which must hold a map of names to values`);
      Object.assign(merged, value);
    }
  }
  return merged;
}

/** The code transforming this test's output: the provider's, then the test's (`transform`, or the older `postprocess`). */
async function outputTransforms(options: Record<string, unknown>, context: TestTaskContext, raw: RawTest): Promise<string[] | undefined> {
  const own = options.transform ?? options.postprocess;
  const transforms = [...context.providers.transforms, ...(typeof own === 'string' ? [own] : [])];
  const resolved: string[] = [];
  for (const transform of transforms) {
    if (!transform.trim().startsWith('file://')) {
      resolved.push(transform);
      continue;
    }
    const reference = await codeFileReference(transform, context.suite.configDir, context.suite.root);
    if ('problem' in reference) {
      raw.problems.error([...raw.path, 'options', 'transform'], reference.problem);
      return undefined;
    }
    resolved.push(reference.value);
  }
  return resolved;
}

/** promptfoo's `options.transformVars`: code that returns the vars the prompt is rendered with. */
async function transformVars(vars: Record<string, unknown>, transform: unknown, suite: SuiteContext, raw: RawTest, problems: TaskFileProblems | undefined): Promise<Record<string, unknown> | undefined> {
  if (typeof transform !== 'string') return vars;
  const at = [...raw.path, 'options', 'transformVars'];
  if (!suite.runCode) {
    problems?.error(at, `runs code to build the test's variables, which Skill Trainer does not run here: ${TRUST_TO_RUN_CODE}`);
    return undefined;
  }
  let code = transform;
  if (transform.trim().startsWith('file://')) {
    const reference = await codeFileReference(transform, suite.configDir, suite.root);
    if ('problem' in reference) {
      problems?.error(at, reference.problem);
      return undefined;
    }
    code = reference.value;
  }
  try {
    const result = await runSuiteCode(codeSource(code, /\.py(:[\w.]+)?$/i.test(code) ? 'python' : 'javascript'), vars, { vars }, {
      timeoutMs: SUITE_LOAD_CODE_TIMEOUT_MS,
      skillDirectory: suite.root,
      inputName: 'vars',
      pythonFunction: 'get_transform',
      python: suite.python,
    });
    if (typeof result !== 'object' || result === null || Array.isArray(result)) throw new Error('it must return an object of variables');
    return { ...vars, ...(result as Record<string, unknown>) };
  } catch (error) {
    problems?.error(at, `failed: ${(error as Error).message}`);
    return undefined;
  }
}

interface ExpansionContext extends TestTaskContext {
  transforms: string[];
  scoringFunction: string | undefined;
  options: Record<string, unknown>;
  testNumber: number;
  raw: RawTest;
  problems: TaskFileProblems | undefined;
}

async function expansionTasks(test: PromptfooTest, vars: Record<string, unknown>, context: ExpansionContext): Promise<EvalTask[]> {
  const { defaultTest, prompts, suite, raw, problems, options } = context;
  const rubricPrompt = options.rubricPrompt as string | ChatMessage[] | undefined;
  const conversion = { configDir: suite.configDir, root: suite.root, rubricPrompt, provider: options.provider, nunjucks: suite.nunjucks, unsupported: suite.unsupported };
  // defaultTest's assertions are the same for every test: their problems are reported with the first test's.
  const reportDefaults = problems !== undefined && !suite.defaultsReported;
  if (problems) suite.defaultsReported = true;
  // Variable loaders may give each prompt its own values, and assertions are rendered with them.
  const checksByVars = new Map<Record<string, unknown>, EvalTask['assert']>();
  const checksFor = async (taskVars: Record<string, unknown>): Promise<EvalTask['assert']> => {
    const known = checksByVars.get(taskVars);
    if (known) return known;
    const first = checksByVars.size === 0;
    const fromDefaults = await convertPromptfooAssertions(defaultTest?.assert ?? [], taskVars, ['defaultTest', 'assert'], first && reportDefaults ? suite.problems : undefined, conversion);
    const own = await convertPromptfooAssertions(test.assert ?? [], taskVars, [...raw.path, 'assert'], first ? problems : undefined, conversion);
    const checks = [...fromDefaults.assert, ...own.assert];
    checksByVars.set(taskVars, checks);
    return checks;
  };
  const metadata = { ...(defaultTest?.metadata ?? {}), ...(test.metadata ?? {}) };
  const split = test.split ?? readSplit(metadata.split, raw, problems);
  const sim = test.sim ?? metadata.sim;
  const threshold = test.threshold ?? defaultTest?.threshold;
  const provider = context.providers.first ?? { id: 'skill-trainer-target' };

  const tasks: EvalTask[] = [];
  for (const [promptIndex, prompt] of prompts.entries()) {
    const id = prompts.length > 1 ? `prompt-${promptIndex + 1}/test-${context.testNumber}` : `test-${context.testNumber}`;
    const loaded = await runVarLoaders(vars, prompt.raw, { configDir: suite.configDir, root: suite.root, runCode: suite.runCode, provider, python: suite.python });
    if ('failure' in loaded) {
      suite.failures.add(raw.problems, [...raw.path, 'vars', loaded.failure.name], id, loaded.failure.message);
      continue;
    }
    const taskVars = loaded.vars;
    const rendered = await renderTaskPrompt(prompt, taskVars, id, context);
    if (!rendered) continue;
    const task: EvalTask = {
      id,
      prompt: rendered.text,
      rubric: { hard: [], soft: [] },
      assert: await checksFor(taskVars),
      vars: taskVars,
    };
    if (rendered.messages) task.messages = rendered.messages;
    const outputFormat = rendered.format !== undefined ? rendered.format.value : (context.providers.promptFormats.get(prompt) ?? context.providers.outputFormat);
    if (outputFormat) task.outputFormat = outputFormat;
    if (context.providers.tools) task.tools = context.providers.tools;
    if (context.transforms.length > 0) task.transforms = context.transforms;
    if (threshold !== undefined) task.threshold = threshold;
    if (context.scoringFunction !== undefined) task.scoringFunction = context.scoringFunction;
    if (test.description !== undefined) task.description = test.description;
    if (split !== undefined) task.split = split;
    if (sim !== undefined) task.sim = sim;
    task.assert = withoutFieldReadsOnText(task, raw, suite, problems !== undefined);
    task.assert = withoutToolCallChecksWhenNoTools(task, raw, suite, problems !== undefined);
    tasks.push(task);
  }
  return tasks;
}

/**
 * Code that reads fields of the output (`output.sentiment`, `output[0].functionCall`)
 * when this task's output reaches it as text (no JSON schema is asked for, no transform
 * turns it into an object) fails whatever the model writes: such checks are skipped,
 * and said once per file.
 */
function withoutFieldReadsOnText(task: EvalTask, raw: RawTest, suite: SuiteContext, report: boolean): EvalTask['assert'] {
  if (task.outputFormat?.type === 'json-schema' || (task.transforms?.length ?? 0) > 0) return task.assert;
  // Calls reach code as promptfoo's provider gives them (an array or object), except Anthropic's, which are text.
  if (task.tools && task.tools.outputShape !== 'anthropic') return task.assert;
  return task.assert.filter((spec) => {
    const inline = spec.type.replace(/^not-/, '') === 'javascript' && typeof spec.value === 'string' && !spec.value.startsWith('file://') ? spec.value : undefined;
    const reads = textOutputFieldReads([spec.transform, inline].filter((code) => code !== undefined).join('\n'));
    if (reads.length === 0) return true;
    if (report) {
      suite.unsupported.add(
        raw.problems,
        [...raw.path, 'assert'],
        `'${spec.type}' code that reads fields of the output (${reads.join(', ')})`,
        "this task's output is the model's text (the suite asks for no JSON schema and applies no transform), so those fields are undefined whatever the model writes; ask for JSON with a response_format json_schema, or read JSON.parse(output)",
      );
    }
    return false;
  });
}

/**
 * A tool-call check on a task that gives the target no tools (the suite gives none, or
 * only tools that run on the vendor's servers, which are left out) fails whatever the
 * model writes: such checks are skipped, and said once per file.
 */
function withoutToolCallChecksWhenNoTools(task: EvalTask, raw: RawTest, suite: SuiteContext, report: boolean): EvalTask['assert'] {
  if (task.tools && task.tools.definitions.length > 0) return task.assert;
  return task.assert.filter((spec) => {
    if (!toolCallCheckTypes.includes(spec.type.replace(/^not-/, ''))) return true;
    if (report) {
      suite.unsupported.add(
        raw.problems,
        [...raw.path, 'assert'],
        `promptfoo assertion '${spec.type}'`,
        "it checks the target's tool calls, and this task gives the target no tools it can call (the suite's provider gives none, or only tools that run on the vendor's servers, which are left out)",
      );
    }
    return false;
  });
}

function readSplit(value: unknown, raw: RawTest, problems: TaskFileProblems | undefined): Split | undefined {
  if (value === undefined) return undefined;
  if (value === 'train' || value === 'val' || value === 'test') return value;
  problems?.error([...raw.path, 'metadata', 'split'], `is ${JSON.stringify(value) ?? String(value)}; it must be "train", "val" or "test" (or left out for a seeded split)`);
  return undefined;
}
