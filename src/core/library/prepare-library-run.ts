/**
 * Before a library run starts: every skill's settings resolved (front end < config file
 * < flags), its tasks loaded, and why a skill cannot train said up front, so the
 * estimate covers exactly the skills that will run.
 */
import { basename, join, resolve } from 'node:path';
import { errorMessage, isSkillTrainerError } from '../errors';
import { completeRoleSpecs, type RoleSpecs } from '../models/role-specs';
import { isSkipped, loadLibrarySkill, type LoadedLibrarySkill } from './load-library-skill';
import type { LibrarySkillOutcome, LibrarySkillSettings } from './library-run-record';
import { changeSince, lastFinishedRun } from './skill-changes';
import { resolveSkillSettings, type SkillSettingsLayer } from './skill-settings';
import type { WorkspaceConfig } from './workspace-config-schema';

/** One skill as the library run will see it. */
export interface PreparedLibrarySkill {
  name: string;
  /** Absolute path of its SKILL.md. */
  skillPath: string;
  /** Resolved settings; absent when they could not be resolved (then `outcome` is `failed`). */
  settings?: LibrarySkillSettings;
  /** The skill and its split tasks, when it can train. */
  loaded?: LoadedLibrarySkill;
  /** `queued`, or why it will not train (`skipped`, `failed`). */
  outcome: LibrarySkillOutcome;
  /** The config file's `skills` keys that applied to it. */
  configEntries?: string[];
}

/** The config file's `skills` keys that matched none of the skills (a typo, a renamed folder). */
export function unmatchedConfigEntries(config: WorkspaceConfig | undefined, skills: readonly PreparedLibrarySkill[]): string[] {
  const used = new Set(skills.flatMap((skill) => skill.configEntries ?? []));
  return Object.keys(config?.skills ?? {}).filter((key) => !used.has(key));
}

export interface PrepareLibraryInput {
  workspaceRoot: string;
  /** Skill folders, in the order they should train. */
  skillDirectories: readonly string[];
  config?: WorkspaceConfig;
  /** The front end's defaults (VS Code settings); nothing on the command line. */
  defaults?: SkillSettingsLayer;
  /** The command's flags. */
  flags?: SkillSettingsLayer;
  /** Models for roles no layer names (the command line: a provider with a key, else the simulation). */
  fallbackModels: RoleSpecs;
  /** Skip skills unchanged since their last finished run. */
  onlyChanged?: boolean;
  /** The workspace is trusted: a promptfoo suite's own code may build its tasks. */
  trusted: boolean;
}

export async function prepareLibrarySkills(input: PrepareLibraryInput): Promise<PreparedLibrarySkill[]> {
  const directories = [...new Set(input.skillDirectories.map((directory) => resolve(input.workspaceRoot, directory)))];
  const prepared: PreparedLibrarySkill[] = [];
  for (const directory of directories) prepared.push(await prepareSkill(directory, input));
  return prepared;
}

async function prepareSkill(directory: string, input: PrepareLibraryInput): Promise<PreparedLibrarySkill> {
  const name = basename(directory);
  const skillPath = join(directory, 'SKILL.md');
  let settings: LibrarySkillSettings;
  let seed: number;
  let configEntries: string[];
  try {
    const resolved = resolveSkillSettings({ skillDirectory: directory, defaults: input.defaults, config: input.config, flags: input.flags });
    settings = {
      models: completeRoleSpecs(resolved.models) ?? input.fallbackModels,
      training: resolved.training,
      ...(resolved.tasksFile ? { tasksFile: resolved.tasksFile } : {}),
      ...(resolved.maxCostUsd !== undefined ? { maxCostUsd: resolved.maxCostUsd } : {}),
      ...(resolved.maxTokens !== undefined ? { maxTokens: resolved.maxTokens } : {}),
      ...(resolved.splitRatios ? { splitRatios: resolved.splitRatios } : {}),
    };
    seed = resolved.training.seed;
    configEntries = resolved.configEntries;
  } catch (error) {
    if (!isSkillTrainerError(error)) throw error;
    return { name, skillPath, outcome: { status: 'failed', code: error.code, message: errorMessage(error) } };
  }
  const loaded = await loadLibrarySkill(skillPath, { tasksFile: settings.tasksFile, seed, splitRatios: settings.splitRatios, runCode: input.trusted });
  if (isSkipped(loaded)) return { name, skillPath, settings, configEntries, outcome: loaded };
  if (input.onlyChanged) {
    const last = await lastFinishedRun(input.workspaceRoot, skillPath);
    const change = last ? await changeSince(input.workspaceRoot, last, loaded) : 'never trained';
    if (change === undefined) {
      return { name, skillPath, settings, configEntries, outcome: { status: 'skipped', code: 'unchanged', reason: `unchanged since its last finished run ${last!.id} (--only-changed)` } };
    }
  }
  return { name, skillPath, settings, loaded, configEntries, outcome: { status: 'queued' } };
}
