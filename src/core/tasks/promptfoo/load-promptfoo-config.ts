import { dirname, resolve } from 'node:path';
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
import { expandVars, resolveVarFiles } from './promptfoo-vars';
import { readDataFile } from './read-data-file';

/**
 * Imports a promptfoo suite (`promptfooconfig.yaml`) as eval tasks: every prompt ×
 * every test (after list-valued vars are expanded) is one task, with `defaultTest`
 * merged into each test (its vars under the test's, its assertions first). Task ids
 * are `test-N` (1-based over expanded tests), prefixed `prompt-K/` when the suite has
 * several prompts. A test's `metadata.split` (or `split`) and `metadata.sim` (or `sim`)
 * carry over. Never throws for a bad suite; problems come back located.
 */
export async function readPromptfooConfig(file: string): Promise<TaskFileReadResult> {
  const configDir = dirname(resolve(file));
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

  const prompts = await readPromptTemplates(config.prompts, configDir, problems);
  const defaultTest = readDefaultTest(config.defaultTest, problems);
  const collected = await collectTests(config.tests, configDir, problems);
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
      vars = await resolveVarFiles({ ...(defaultTest?.vars ?? {}), ...(test.vars ?? {}) }, configDir);
    } catch (error) {
      raw.problems.error([...raw.path, 'vars'], (error as Error).message);
      continue;
    }
    for (const expanded of expandVars(vars)) {
      testNumber++;
      tasks.push(...tasksForTest(test, expanded, defaultTest, prompts, raw, testNumber));
    }
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

function readDefaultTest(value: unknown, problems: TaskFileProblems): PromptfooTest | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    problems.error(['defaultTest'], 'a file:// defaultTest is not supported; write defaultTest inline');
    return undefined;
  }
  const parsed = promptfooTestSchema.safeParse(value);
  if (!parsed.success) {
    problems.addZodIssues(parsed.error.issues, ['defaultTest']);
    return undefined;
  }
  warnAboutTestKeys(parsed.data, ['defaultTest'], problems);
  // Checked once here with the default vars; each test re-renders the values with its own.
  convertPromptfooAssertions(parsed.data.assert ?? [], parsed.data.vars ?? {}, ['defaultTest', 'assert'], problems);
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
  if ((test as Record<string, unknown>).threshold !== undefined) {
    problems.warning([...path, 'threshold'], 'a test-level threshold is not supported; every assertion must pass for hard = 1 (set thresholds on assertions)');
  }
  test.assert?.forEach((assertion, index) =>
    problems.warnUnknownKeys(assertion, ignoredAssertionKeys, [...path, 'assert', index], 'it is ignored'),
  );
}

function tasksForTest(
  test: PromptfooTest,
  vars: Record<string, unknown>,
  defaultTest: PromptfooTest | undefined,
  prompts: readonly PromptTemplate[],
  raw: RawTest,
  testNumber: number,
): EvalTask[] {
  const fromDefaults = convertPromptfooAssertions(defaultTest?.assert ?? [], vars, ['defaultTest', 'assert'], undefined);
  const own = convertPromptfooAssertions(test.assert ?? [], vars, [...raw.path, 'assert'], raw.problems);
  const metadata = { ...(defaultTest?.metadata ?? {}), ...(test.metadata ?? {}) };
  const split = test.split ?? readSplit(metadata.split, raw);
  const sim = test.sim ?? metadata.sim;
  const checkCount = fromDefaults.assert.length + own.assert.length + fromDefaults.hard.length + own.hard.length + fromDefaults.soft.length + own.soft.length;
  if (checkCount === 0 && (test.assert ?? []).length === 0) {
    raw.problems.warning(raw.path, 'has no assertions, so there is nothing to score against (it always scores 0); add "assert" entries');
  }

  return prompts.map((prompt, promptIndex) => {
    const rendered = renderTemplate(prompt.template, vars);
    if (rendered.missing.length > 0) {
      raw.problems.warning(
        [...raw.path, 'vars'],
        `${prompt.label} uses ${rendered.missing.map((name) => `{{${name}}}`).join(', ')}, which this test does not set; it renders as empty text`,
      );
    }
    if (rendered.unsupported.length > 0 && testNumber === 1) {
      raw.problems.warning([], `${prompt.label} uses template syntax beyond {{variable}} (${rendered.unsupported[0]}); it is left as written`);
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

function readSplit(value: unknown, raw: RawTest): Split | undefined {
  if (value === undefined) return undefined;
  if (value === 'train' || value === 'val' || value === 'test') return value;
  raw.problems.error([...raw.path, 'metadata', 'split'], `is "${String(value)}"; it must be "train", "val" or "test" (or left out for a seeded split)`);
  return undefined;
}
