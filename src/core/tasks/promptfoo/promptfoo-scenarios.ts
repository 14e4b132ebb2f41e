import type { TaskFileProblems } from '../task-file-problems';
import { type CollectedTests, collectTests, type TestFileScope } from './promptfoo-tests';
import { loadIfFile } from './promptfoo-vars';

/**
 * promptfoo's `scenarios`: each scenario runs every one of its tests once per entry of
 * its `config` list, the entry's vars under the test's, its assertions first and its
 * metadata merged, as promptfoo builds them (a scenario without tests runs each entry
 * once). The tests come after the suite's own `tests`.
 */
export async function collectScenarioTests(
  scenarios: readonly unknown[],
  configDir: string,
  problems: TaskFileProblems,
  scope: TestFileScope,
): Promise<CollectedTests> {
  const collected: CollectedTests = { tests: [], fileProblems: [] };
  for (const [index, scenario] of scenarios.entries()) {
    const at = ['scenarios', index];
    if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) {
      problems.error(at, 'must be a scenario: {config: [{vars: {...}}, ...], tests: [...]}');
      continue;
    }
    const { config, tests } = scenario as { config?: unknown; tests?: unknown };
    let entries: unknown;
    try {
      entries = await loadIfFile(config, configDir, scope.root);
    } catch (error) {
      problems.error([...at, 'config'], (error as Error).message);
      continue;
    }
    if (!Array.isArray(entries) || entries.length === 0 || !entries.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))) {
      problems.error([...at, 'config'], 'must be a non-empty list of settings, each like {vars: {language: French}}; every test of the scenario runs once per entry');
      continue;
    }
    const own = tests === undefined ? { tests: [{ value: {}, path: at, problems, baseDir: configDir }], fileProblems: [] } : await collectTests(tests, configDir, problems, scope, [...at, 'tests']);
    collected.fileProblems.push(...own.fileProblems);
    for (const data of entries as Record<string, unknown>[]) {
      for (const test of own.tests) collected.tests.push({ ...test, value: mergeScenarioTest(data, test.value) });
    }
  }
  return collected;
}

function mergeScenarioTest(data: Record<string, unknown>, test: unknown): unknown {
  if (typeof test !== 'object' || test === null || Array.isArray(test)) return test;
  const own = test as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...data, ...own };
  merged.vars = { ...asMap(data.vars), ...asMap(own.vars) };
  merged.assert = [...asList(data.assert), ...asList(own.assert)];
  merged.metadata = { ...asMap(data.metadata), ...asMap(own.metadata) };
  if (data.options !== undefined || own.options !== undefined) merged.options = { ...asMap(data.options), ...asMap(own.options) };
  return merged;
}

function asMap(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
