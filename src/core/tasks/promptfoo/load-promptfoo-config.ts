import { basename, dirname, extname, resolve } from 'node:path';
import type { EvalTask, Split, TaskSet } from '../eval-task';
import type { TaskFileReadResult } from '../load-evals-file';
import { renderTemplate } from '../render-template';
import type { TaskFileProblems } from '../task-file-problems';
import {
  ignoredAssertionKeys,
  ignoredConfigKeys,
  ignoredTestKeys,
  type PromptfooTest,
  promptfooConfigSchema,
  promptfooTestSchema,
} from './promptfoo-config-schema';
import { convertPromptfooAssertions } from './promptfoo-assertions';
import { type PromptTemplate, readPromptTemplates } from './promptfoo-prompts';
import { collectTests, type RawTest } from './promptfoo-tests';
import { countCombinations, expandVars, fileReference, resolveVarFiles } from './promptfoo-vars';
import { readDataFile } from './read-data-file';
import { resolveReference } from './resolve-reference';

/**
 * Imports a promptfoo suite (`promptfooconfig.yaml`) as eval tasks: every prompt ×
 * every test (after list-valued vars are expanded) is one task, with `defaultTest`
 * merged into each test (its vars under the test's, its assertions first). Task ids
 * are `test-N` (1-based over expanded tests), prefixed `prompt-K/` when the suite has
 * several prompts. A test's `metadata.split` (or `split`) and `metadata.sim` (or `sim`)
 * carry over. Never throws for a bad suite; problems come back located.
 */
export async function readPromptfooConfig(file: string, options: { skillDir?: string } = {}): Promise<TaskFileReadResult> {
  const configDir = dirname(resolve(file));
  const root = fileRoot(file, options.skillDir);
  const data = await readDataFile(file);
  const problems = data.problems;
  if (data.value === undefined) return { problems: problems.sorted() };

  const parsed = promptfooConfigSchema.safeParse(data.value);
  if (!parsed.success) {
    problems.addZodIssues(parsed.error.issues);
    return { problems: problems.sorted() };
  }
  const config = parsed.data;
  problems.warnUnknownKeys(config, ignoredConfigKeys, [], 'it does not affect eval tasks and is ignored');
  if ((config as Record<string, unknown>).scenarios !== undefined) {
    problems.warning(['scenarios'], 'promptfoo "scenarios" are not imported; list those tests under "tests"');
  }

  const prompts = await readPromptTemplates(config.prompts, configDir, problems, root);
  if (prompts.length === 0 && !problems.hasErrors) {
    problems.error(['prompts'], 'has no prompt templates; add at least one, e.g. ["Summarise: {{text}}"]');
  }
  const defaultTest = readDefaultTest(await loadDefaultTest(config.defaultTest, configDir, root, problems), problems);
  const collected = await collectTests(config.tests, configDir, problems, { root, configFile: resolve(file) });
  if (collected.tests.length === 0 && !problems.hasErrors && collected.fileProblems.every((fileProblems) => !fileProblems.hasErrors)) {
    problems.error(['tests'], 'has no tests; add at least one test with "vars" (and "assert")');
  }

  const tasks: EvalTask[] = [];
  let testNumber = 0;
  for (const raw of collected.tests) {
    const test = checkTest(raw);
    if (!test) continue;
    let vars: Record<string, unknown>;
    try {
      vars = await resolveVarFiles({ ...(defaultTest?.vars ?? {}), ...(test.vars ?? {}) }, configDir, root);
    } catch (error) {
      raw.problems.error([...raw.path, 'vars'], (error as Error).message);
      continue;
    }
    const keepLists = expansionDisabled(test, defaultTest);
    if (tasks.length + (keepLists ? 1 : countCombinations(vars)) * prompts.length > MAX_TASKS) {
      raw.problems.error([...raw.path, 'vars'], `expands to more than ${MAX_TASKS} tasks (list-valued vars make one test per combination); shorten the lists or set options.disableVarExpansion: true`);
      break;
    }
    const expansions = keepLists ? [vars] : expandVars(vars);
    expansions.forEach((expanded, index) => {
      testNumber++;
      // Every expansion converts the same assertions; report their problems once.
      tasks.push(...tasksForTest(test, expanded, defaultTest, prompts, raw, testNumber, index === 0 ? raw.problems : undefined, problems));
    });
  }

  const allProblems = [...problems.sorted(), ...collected.fileProblems.flatMap((fileProblems) => fileProblems.sorted())];
  if (allProblems.some((problem) => problem.severity === 'error')) return { problems: allProblems };
  const taskSet: TaskSet = {
    source: file,
    tasks,
    ...(config.sim !== undefined && { sim: config.sim }),
    ...(allProblems.length > 0 && { warnings: allProblems }),
  };
  return { taskSet, problems: allProblems };
}

/** More tasks than this cannot be trained on in reasonable time and usually mean a runaway var expansion. */
const MAX_TASKS = 50_000;

/**
 * The folder `file://` references must stay inside: the skill folder when known, else
 * the config's folder (its parent when the config sits in `evals/`).
 */
function fileRoot(file: string, skillDir: string | undefined): string {
  if (skillDir !== undefined) return resolve(skillDir);
  const configDir = dirname(resolve(file));
  return basename(configDir) === 'evals' ? dirname(configDir) : configDir;
}

function expansionDisabled(test: PromptfooTest, defaultTest: PromptfooTest | undefined): boolean {
  const flag = (candidate: PromptfooTest | undefined) => (candidate?.options as { disableVarExpansion?: unknown } | undefined)?.disableVarExpansion;
  return (flag(test) ?? flag(defaultTest)) === true;
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
  return data.value;
}

function readDefaultTest(value: unknown, problems: TaskFileProblems): PromptfooTest | undefined {
  if (value === undefined) return undefined;
  const parsed = promptfooTestSchema.safeParse(value);
  if (!parsed.success) {
    problems.addZodIssues(parsed.error.issues, ['defaultTest']);
    return undefined;
  }
  warnAboutTestKeys(parsed.data, ['defaultTest'], problems);
  // Checked once here; each test re-renders the values with its own vars. A variable only
  // tests set (`value: "{{answer}}"`) gets a stand-in, so it is not taken for an empty value.
  const standIns = Object.fromEntries([...JSON.stringify(parsed.data.assert ?? []).matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((match) => [match[1]!, 'sample']));
  convertPromptfooAssertions(parsed.data.assert ?? [], { ...standIns, ...(parsed.data.vars ?? {}) }, ['defaultTest', 'assert'], problems);
  return parsed.data;
}

function checkTest(raw: RawTest): PromptfooTest | undefined {
  const parsed = promptfooTestSchema.safeParse(raw.value);
  if (!parsed.success) {
    raw.problems.addZodIssues(parsed.error.issues, raw.path);
    return undefined;
  }
  warnAboutTestKeys(parsed.data, raw.path, raw.problems);
  return parsed.data;
}

function warnAboutTestKeys(test: PromptfooTest, path: readonly PropertyKey[], problems: TaskFileProblems): void {
  problems.warnUnknownKeys(test, ignoredTestKeys, path, 'it does not affect eval tasks and is ignored');
  const transform = (test.options as { transform?: unknown } | undefined)?.transform;
  if (transform !== undefined) {
    problems.warning(
      [...path, 'options', 'transform'],
      'options.transform is not supported: assertions check the raw output, so checks written for the transformed output may fail; rewrite them against the raw text (e.g. JSON.parse(output) inside javascript)',
    );
  }
  if ((test as Record<string, unknown>).threshold !== undefined) {
    problems.warning([...path, 'threshold'], 'a test-level threshold is not supported; every assertion must pass for hard = 1 (set thresholds on assertions)');
  }
  test.assert?.forEach((assertion, index) =>
    problems.warnUnknownKeys(assertion, assertion.type === 'assert-set' ? [...ignoredAssertionKeys, 'assert'] : ignoredAssertionKeys, [...path, 'assert', index], 'it is ignored'),
  );
}

function tasksForTest(
  test: PromptfooTest,
  vars: Record<string, unknown>,
  defaultTest: PromptfooTest | undefined,
  prompts: readonly PromptTemplate[],
  raw: RawTest,
  testNumber: number,
  problems: TaskFileProblems | undefined,
  configProblems: TaskFileProblems,
): EvalTask[] {
  const fromDefaults = convertPromptfooAssertions(defaultTest?.assert ?? [], vars, ['defaultTest', 'assert'], undefined);
  const own = convertPromptfooAssertions(test.assert ?? [], vars, [...raw.path, 'assert'], problems);
  const metadata = { ...(defaultTest?.metadata ?? {}), ...(test.metadata ?? {}) };
  const split = test.split ?? readSplit(metadata.split, raw, problems);
  const sim = test.sim ?? metadata.sim;
  const checkCount = fromDefaults.assert.length + own.assert.length + fromDefaults.hard.length + own.hard.length + fromDefaults.soft.length + own.soft.length;
  if (checkCount === 0 && (test.assert ?? []).length === 0) {
    problems?.warning(raw.path, 'has no assertions, so there is nothing to score against (it always scores 0); add "assert" entries');
  }

  return prompts.map((prompt, promptIndex) => {
    const rendered = renderTemplate(prompt.template, vars);
    if (rendered.text.trim() === '') {
      problems?.error([...raw.path, 'vars'], `${prompt.label} renders as empty text for this test; set the variables it uses or write a non-empty prompt`);
    } else if (rendered.missing.length > 0) {
      problems?.warning(
        [...raw.path, 'vars'],
        `${prompt.label} uses ${rendered.missing.map((name) => `{{${name}}}`).join(', ')}, which this test does not set; it renders as empty text`,
      );
    }
    if (rendered.unsupported.length > 0 && testNumber === 1) {
      configProblems.warning(['prompts'], `${prompt.label} uses template syntax beyond {{variable}} (${rendered.unsupported[0]}); it is left as written`);
    }
    const task: EvalTask = {
      id: prompts.length > 1 ? `prompt-${promptIndex + 1}/test-${testNumber}` : `test-${testNumber}`,
      prompt: rendered.text,
      rubric: { hard: [...fromDefaults.hard, ...own.hard], soft: [...fromDefaults.soft, ...own.soft] },
      assert: [...fromDefaults.assert, ...own.assert],
      vars,
    };
    if (test.description !== undefined) task.description = test.description;
    if (split !== undefined) task.split = split;
    if (sim !== undefined) task.sim = sim;
    return task;
  });
}

function readSplit(value: unknown, raw: RawTest, problems: TaskFileProblems | undefined): Split | undefined {
  if (value === undefined) return undefined;
  if (value === 'train' || value === 'val' || value === 'test') return value;
  problems?.error([...raw.path, 'metadata', 'split'], `is ${JSON.stringify(value) ?? String(value)}; it must be "train", "val" or "test" (or left out for a seeded split)`);
  return undefined;
}
