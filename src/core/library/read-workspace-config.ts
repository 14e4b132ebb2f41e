/**
 * Finds and reads the workspace's `skill-trainer.config.json` (or `.yaml` / `.yml`),
 * validating it with zod and locating every problem by file:line:column, so a typo
 * never silently trains with the wrong settings.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { z } from 'zod';
import { SkillTrainerError } from '../errors';
import { closestMatches } from '../tasks/closest-match';
import { readDataFile } from '../tasks/promptfoo/read-data-file';
import { formatTaskFileProblem, type TaskFileProblem } from '../tasks/task-file-error';
import type { TaskFileProblems } from '../tasks/task-file-problems';
import { entryKeys, workspaceConfigSchema, type ConfigEntry, type WorkspaceConfig } from './workspace-config-schema';

/** The names the file may have in the workspace root, in order of preference. */
export const WORKSPACE_CONFIG_NAMES: readonly string[] = ['skill-trainer.config.json', 'skill-trainer.config.yaml', 'skill-trainer.config.yml'];

/** The config file cannot be used; the message locates the first problem and says the fix. */
export class WorkspaceConfigError extends SkillTrainerError {
  readonly file: string;
  readonly problems: TaskFileProblem[];

  constructor(file: string, problems: TaskFileProblem[]) {
    const first = problems[0]!;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''} in the file)` : '';
    super('workspace_config_invalid', `The settings file cannot be used: ${formatTaskFileProblem(first)}${more}. Fix the file, or move it aside to train with the defaults.`);
    this.file = file;
    this.problems = problems;
  }
}

/** The config file of a workspace, or undefined when it has none; two at once is an error. */
export function findWorkspaceConfigFile(workspaceRoot: string): string | undefined {
  const found = WORKSPACE_CONFIG_NAMES.map((name) => join(workspaceRoot, name)).filter((path) => existsSync(path));
  if (found.length > 1) {
    throw new WorkspaceConfigError(found[1]!, [
      { severity: 'error', file: found[1]!, message: `is a second settings file beside ${basename(found[0]!)}; keep one of them (the other would be ignored)` },
    ]);
  }
  return found[0];
}

/**
 * Reads the config file `file` (JSON by extension, else YAML). Throws WorkspaceConfigError
 * naming file:line:column, the key path and the fix of every problem.
 */
export async function readWorkspaceConfig(file: string): Promise<WorkspaceConfig> {
  const path = resolve(file);
  if (!existsSync(path)) {
    throw new WorkspaceConfigError(path, [{ severity: 'error', file: path, message: 'does not exist; check the path given to --config' }]);
  }
  const data = await readDataFile(path);
  const problems = data.problems;
  if (data.value === undefined) throw new WorkspaceConfigError(path, problems.sorted());
  // An empty YAML file reads as null: no settings, which is valid.
  const value = data.value === null ? {} : data.value;
  const parsed = workspaceConfigSchema.safeParse(value);
  if (!parsed.success) {
    addIssues(problems, parsed.error.issues);
    throw new WorkspaceConfigError(path, problems.sorted());
  }
  return { file: path, defaults: (parsed.data.defaults ?? {}) as ConfigEntry, skills: (parsed.data.skills ?? {}) as Record<string, ConfigEntry> };
}

/** The workspace's config, or undefined without a file; `explicitFile` (a --config flag) wins. */
export async function loadWorkspaceConfig(workspaceRoot: string, explicitFile?: string): Promise<WorkspaceConfig | undefined> {
  const file = explicitFile ? resolve(workspaceRoot, explicitFile) : findWorkspaceConfigFile(workspaceRoot);
  return file ? readWorkspaceConfig(file) : undefined;
}

/** zod issues as located problems; unknown keys get a "did you mean" and dotted keys the nested form. */
function addIssues(problems: TaskFileProblems, issues: readonly z.core.$ZodIssue[]): void {
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') {
      problems.error(issue.path, issue.message);
      continue;
    }
    const known = issue.path.length === 0 ? ['version', 'defaults', 'skills'] : knownKeysAt(issue.path);
    for (const key of issue.keys) problems.error([...issue.path, key], unknownKeyMessage(key, known));
  }
}

function knownKeysAt(path: readonly PropertyKey[]): string[] {
  // Inside an entry, nested option objects (learningRate, gate, ...) list their own keys.
  const entryDepth = path[0] === 'defaults' ? 1 : 2;
  if (path.length === entryDepth) return entryKeys();
  const nested = path.slice(entryDepth).map(String);
  let shape: unknown = workspaceEntryShape();
  for (const key of nested) shape = (shape as Record<string, { shape?: unknown; unwrap?: () => { shape?: unknown } }>)[key]?.unwrap?.().shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function workspaceEntryShape(): Record<string, unknown> {
  return (workspaceConfigSchema.shape.defaults.unwrap() as unknown as { shape: Record<string, unknown> }).shape;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  if (key.includes('.')) {
    const [head, ...rest] = key.split('.');
    return `unknown key "${key}": write it nested, as "${head}": {"${rest.join('.')}": …}`;
  }
  const close = closestMatches(key, known);
  const hint = close.length > 0 ? `; did you mean "${close[0]}"?` : `; the keys here are ${known.join(', ')}`;
  return `unknown key "${key}"${hint}`;
}
