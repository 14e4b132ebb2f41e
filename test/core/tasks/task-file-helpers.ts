import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** Creates a skill folder `<tmp>/<name>` holding the given files (path → text); returns its path. */
export function makeSkillFolder(files: Record<string, string>, name = 'demo-skill'): string {
  const root = mkdtempSync(join(tmpdir(), 'skill-trainer-tasks-'));
  roots.push(root);
  const skillDir = join(root, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(skillDir, path)), { recursive: true });
    writeFileSync(join(skillDir, path), text);
  }
  mkdirSync(skillDir, { recursive: true });
  return skillDir;
}

/** An evals.json text from tasks (pretty-printed, so line numbers are predictable). */
export function evalsJson(evals: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ skill_name: 'demo-skill', ...extra, evals }, null, 2);
}

/**
 * Loads `evals/promptfooconfig.yaml` (with extra files, paths relative to the skill
 * folder) as the command line does (the suite's own code may run). Problems come back as
 * `path: message` and, located, as `file:line path: message`.
 */
export async function loadPromptfooSuite(config: string, files: Record<string, string> = {}, options: { runCode?: boolean } = { runCode: true }) {
  const { inspectTaskSet } = await import('../../../src/core/tasks/load-task-set');
  const result = await inspectTaskSet(makeSkillFolder({ 'evals/promptfooconfig.yaml': config, ...files }), options);
  const bySeverity = (severity: string) => result.problems.filter((problem) => problem.severity === severity);
  const plain = (severity: string) => bySeverity(severity).map((problem) => `${problem.path ?? ''}: ${problem.message}`);
  const located = (severity: string) => bySeverity(severity).map((problem) => `${problem.file.split('/').pop()}:${problem.line ?? ''} ${problem.path ?? ''}: ${problem.message}`);
  return {
    tasks: result.taskSet?.tasks ?? [],
    derivedMetrics: result.taskSet?.derivedMetrics,
    errors: plain('error'),
    warnings: plain('warning'),
    located: { errors: located('error'), warnings: located('warning') },
  };
}
