import { createRequire } from 'node:module';
import { basename, dirname, extname, resolve } from 'node:path';
import { PythonWorker } from '../../scoring/code/python-worker';
import type { EvalTask, TaskSet } from '../eval-task';
import type { TaskFileReadResult } from '../load-evals-file';
import { taskHasChecks } from '../task-checks';
import type { TaskFileProblems } from '../task-file-problems';
import { CodeFailures } from './code-failures';
import { ignoredConfigKeys, ignoredTestKeys, ignoredTestOptionKeys, ignoredAssertionKeys, type PromptfooTest, promptfooConfigSchema, promptfooTestSchema } from './promptfoo-config-schema';
import { readDerivedMetrics } from './promptfoo-derived-metrics';
import { readPromptTemplates } from './promptfoo-prompts';
import { readProviderSettings } from './promptfoo-providers';
import { collectScenarioTests } from './promptfoo-scenarios';
import { tasksForTest, type SuiteContext } from './promptfoo-test-tasks';
import { collectTests, type RawTest } from './promptfoo-tests';
import { fileReference } from './promptfoo-vars';
import { readDataFile } from './read-data-file';
import type { NunjucksFilters } from './render-nunjucks';
import { isUnresolvedRef, resolveJsonRefs } from './resolve-json-refs';
import { resolveReference } from './resolve-reference';
import { TRUST_TO_RUN_CODE } from './suite-code-reference';
import { UnsupportedFeatures } from './unsupported-features';

export interface ReadPromptfooOptions {
  skillDir?: string;
  /**
   * The workspace is trusted: the suite's own code that shapes its tasks
   * (`options.transformVars`, `nunjucksFilters`) may run while loading. Without it such
   * suites are refused with a message; checks and transforms that run while scoring
   * are decided by the scorer.
   */
  runCode?: boolean;
}

/**
 * Imports a promptfoo suite (`promptfooconfig.yaml`) as eval tasks: every prompt ×
 * every test (after list-valued vars are expanded; `scenarios` add theirs) is one task,
 * with `defaultTest` merged into each test (its vars under the test's, its assertions
 * first). A suite without tests runs each prompt once. Task ids are `test-N` (1-based
 * over expanded tests), prefixed `prompt-K/` when the suite has several prompts. Never
 * throws for a bad suite; problems come back located, one per unsupported feature.
 */
export async function readPromptfooConfig(file: string, options: ReadPromptfooOptions = {}): Promise<TaskFileReadResult> {
  // The suite's Python code (prompt functions, generators, variable loaders) runs in one process while it loads.
  const python = new PythonWorker();
  try {
    return await readConfig(file, options, python);
  } finally {
    python.close();
  }
}

async function readConfig(file: string, options: ReadPromptfooOptions, python: PythonWorker): Promise<TaskFileReadResult> {
  const configDir = dirname(resolve(file));
  const root = fileRoot(file, options.skillDir);
  const data = await readDataFile(file);
  const problems = data.problems;
  if (data.value === undefined) return { problems: problems.sorted() };
  const dereferenced = resolveJsonRefs(data.value);
  for (const problem of dereferenced.problems) problems.error(problem.path, problem.message);

  const parsed = promptfooConfigSchema.safeParse(dereferenced.value);
  if (!parsed.success) {
    problems.addZodIssues(parsed.error.issues);
    return { problems: problems.sorted() };
  }
  const config = parsed.data as typeof parsed.data & { redteam?: unknown; providers?: unknown; targets?: unknown };
  problems.warnUnknownKeys(config, ignoredConfigKeys, [], 'it does not affect eval tasks and is ignored');
  if (config.redteam !== undefined && config.tests === undefined && config.scenarios === undefined) {
    problems.error(
      ['redteam'],
      'is a red-team configuration: promptfoo generates its tests (`promptfoo redteam generate`), which Skill Trainer does not do; generate them with promptfoo and point Skill Trainer at the generated redteam.yaml',
    );
    return { problems: problems.sorted() };
  }
  const unsupported = new UnsupportedFeatures();
  const suite: SuiteContext = {
    configDir,
    root,
    problems,
    unsupported,
    runCode: options.runCode === true,
    nunjucks: { env: config.env ?? {}, filters: loadFilters(config.nunjucksFilters, configDir, root, problems, options.runCode === true) },
    promptsMissing: config.prompts === undefined,
    failures: new CodeFailures(),
    python,
  };
  const templates = await readPromptTemplates(config.prompts, { configDir, root, problems, runCode: suite.runCode });
  if (templates.length === 0 && !problems.hasErrors) problems.error(['prompts'], 'has no prompt templates; add at least one, e.g. ["Summarise: {{text}}"]');
  const providerKey = config.providers === undefined && config.targets !== undefined ? 'targets' : 'providers';
  const providers = await readProviderSettings(config.providers ?? config.targets, templates, { problems, configDir, root, key: providerKey });
  const defaultTest = readDefaultTest(await loadDefaultTest(config.defaultTest, configDir, root, problems), problems);

  const scope = { root, configFile: resolve(file), runCode: suite.runCode, python };
  const collected = await collectTests(config.tests, configDir, problems, scope);
  const scenarios = await collectScenarioTests(config.scenarios ?? [], configDir, problems, scope);
  const rawTests = [...collected.tests, ...scenarios.tests];
  const fileProblems = [...collected.fileProblems, ...scenarios.fileProblems];
  // promptfoo runs a suite without tests once per prompt, with defaultTest's vars.
  if (config.tests === undefined && config.scenarios === undefined) rawTests.push({ value: {}, path: [], problems, baseDir: configDir });

  const tasks: EvalTask[] = [];
  let testNumber = 0;
  for (const raw of rawTests) {
    const test = checkTest(raw);
    if (!test) continue;
    const built = await tasksForTest(test, raw, { defaultTest, prompts: providers.prompts, providers, suite, taskCountSoFar: tasks.length, firstTestNumber: testNumber + 1 });
    tasks.push(...built.tasks);
    testNumber += built.testCount;
    if (built.stop) break;
  }
  unsupported.report();
  suite.failures.report();
  reportUncheckedTasks(tasks, problems);
  const derivedMetrics = readDerivedMetrics(config.derivedMetrics, tasks, problems);

  const allProblems = [...problems.sorted(), ...fileProblems.flatMap((fileProblem) => fileProblem.sorted())];
  if (allProblems.some((problem) => problem.severity === 'error')) return { problems: allProblems };
  if (tasks.length === 0) {
    problems.error(['tests'], 'has no tests; add at least one test with "vars" (and "assert")');
    return { problems: [...problems.sorted(), ...fileProblems.flatMap((fileProblem) => fileProblem.sorted())] };
  }
  const taskSet: TaskSet = {
    source: file,
    tasks,
    ...(config.sim !== undefined && { sim: config.sim }),
    ...(allProblems.length > 0 && { warnings: allProblems }),
    ...(derivedMetrics.length > 0 && { derivedMetrics }),
  };
  return { taskSet, problems: allProblems };
}

/**
 * The folder `file://` references must stay inside: the skill folder when known, else
 * the config's folder (its parent when the config sits in `evals/`).
 */
function fileRoot(file: string, skillDir: string | undefined): string {
  if (skillDir !== undefined) return resolve(skillDir);
  const configDir = dirname(resolve(file));
  return basename(configDir) === 'evals' ? dirname(configDir) : configDir;
}

/**
 * A suite's `nunjucksFilters` are JavaScript files; they run only when the suite's
 * code may run. Otherwise the filters are missing and a template that uses one says so.
 */
function loadFilters(filters: Record<string, string> | undefined, configDir: string, root: string, problems: TaskFileProblems, runCode: boolean): NunjucksFilters {
  const loaded: NunjucksFilters = {};
  for (const [name, path] of Object.entries(filters ?? {})) {
    if (!runCode) {
      problems.error(['nunjucksFilters', name], `is a filter written in JavaScript (${path}), which Skill Trainer does not run here: ${TRUST_TO_RUN_CODE}`);
      continue;
    }
    const target = resolveReference(fileReference(path) ?? path, configDir, root);
    if (target.problem !== undefined) {
      problems.error(['nunjucksFilters', name], target.problem);
      continue;
    }
    try {
      const require = createRequire(target.path);
      delete require.cache[target.path];
      const module = require(target.path) as unknown;
      const filter = typeof module === 'function' ? module : (module as { default?: unknown } | null)?.default;
      if (typeof filter !== 'function') throw new Error('it does not export a function');
      loaded[name] = filter as NunjucksFilters[string];
    } catch (error) {
      problems.error(['nunjucksFilters', name], `cannot be loaded from ${path} (${(error as Error).message}); it must be a JavaScript file exporting the filter function`);
    }
  }
  return loaded;
}

/** `defaultTest: file://default-test.yaml` reads that file (inside the skill folder); anything else is the value itself. */
async function loadDefaultTest(value: unknown, configDir: string, root: string, problems: TaskFileProblems): Promise<unknown> {
  if (typeof value !== 'string') return value;
  const reference = fileReference(value);
  if (reference === undefined || !['.yaml', '.yml', '.json'].includes(extname(reference).toLowerCase())) {
    problems.error(['defaultTest'], 'must be a map of test settings (vars, assert, options), or a file:// path to a YAML or JSON file holding one');
    return undefined;
  }
  const target = resolveReference(reference, configDir, root);
  if (target.problem !== undefined) {
    problems.error(['defaultTest'], target.problem);
    return undefined;
  }
  const data = await readDataFile(target.path);
  for (const problem of data.problems.sorted()) problems.error(['defaultTest'], `${reference}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
  return data.value === undefined ? undefined : resolveJsonRefs(data.value).value;
}

/** A test without the assertions whose `$ref` could not be resolved (each was reported once, where it is). */
function withoutUnresolvedRefs(test: unknown): unknown {
  if (typeof test !== 'object' || test === null || !Array.isArray((test as { assert?: unknown }).assert)) return test;
  const keep = (assertions: unknown[]): unknown[] =>
    assertions
      .filter((assertion) => !isUnresolvedRef(assertion))
      .map((assertion) => (Array.isArray((assertion as { assert?: unknown } | null)?.assert) ? { ...(assertion as object), assert: keep((assertion as { assert: unknown[] }).assert) } : assertion));
  return { ...(test as object), assert: keep((test as { assert: unknown[] }).assert) };
}

function readDefaultTest(value: unknown, problems: TaskFileProblems): PromptfooTest | undefined {
  if (value === undefined) return undefined;
  const parsed = promptfooTestSchema.safeParse(withoutUnresolvedRefs(value));
  if (!parsed.success) {
    problems.addZodIssues(parsed.error.issues, ['defaultTest']);
    return undefined;
  }
  warnAboutTestKeys(parsed.data, ['defaultTest'], problems);
  return parsed.data;
}

function checkTest(raw: RawTest): PromptfooTest | undefined {
  const parsed = promptfooTestSchema.safeParse(withoutUnresolvedRefs(raw.value));
  if (!parsed.success) {
    raw.problems.addZodIssues(parsed.error.issues, raw.path);
    return undefined;
  }
  warnAboutTestKeys(parsed.data, raw.path, raw.problems);
  return parsed.data;
}

function warnAboutTestKeys(test: PromptfooTest, path: readonly PropertyKey[], problems: TaskFileProblems): void {
  problems.warnUnknownKeys(test, ignoredTestKeys, path, 'it does not affect eval tasks and is ignored');
  problems.warnUnknownKeys(test.options, ignoredTestOptionKeys, [...path, 'options'], 'it does not affect eval tasks and is ignored');
  const storeAs = (test.options as { storeOutputAs?: unknown } | undefined)?.storeOutputAs;
  if (storeAs !== undefined) {
    problems.error(
      [...path, 'options', 'storeOutputAs'],
      `keeps this test's output for later tests (storeOutputAs: ${String(storeAs)}), which Skill Trainer cannot do: every task runs on its own; write the value the later tests need into their vars`,
    );
  }
  test.assert?.forEach((assertion, index) =>
    problems.warnUnknownKeys(assertion, assertion.type === 'assert-set' ? [...ignoredAssertionKeys, 'assert'] : ignoredAssertionKeys, [...path, 'assert', index], 'it is ignored'),
  );
}

/** Tasks left with nothing to check are named once, with how many there are; `train` refuses them. */
function reportUncheckedTasks(tasks: readonly EvalTask[], problems: TaskFileProblems): void {
  const unchecked = tasks.filter((task) => !taskHasChecks(task));
  if (unchecked.length === 0) return;
  const sample = unchecked.slice(0, 3).map((task) => `'${task.id}'`).join(', ');
  problems.warning(
    [],
    `${unchecked.length} of ${tasks.length} task${tasks.length === 1 ? '' : 's'} ${unchecked.length === 1 ? 'has' : 'have'} nothing to check (${sample}${unchecked.length > 3 ? ', …' : ''}): no assertions, or only ones that were skipped; they always score 0, and train refuses to start until every task has a check`,
  );
}
