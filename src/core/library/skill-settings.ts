/**
 * The settings one skill trains with, merged from three layers: the front end's
 * defaults (VS Code settings, or nothing on the command line), the workspace's
 * `skill-trainer.config.*` (its `defaults`, then the skill's own entry), and the flags
 * of the command. A later layer wins key by key; nested options merge
 * (`learningRate.max` from the file keeps `learningRate.min` from the settings).
 * `train`, `train-all` and VS Code all resolve settings here.
 */
import { basename, dirname, relative, resolve } from 'node:path';
import { errorMessage } from '../errors';
import { resolveTrainingConfig, TrainingConfigError, type TrainingConfig, type TrainingConfigInput } from '../training/training-config';
import type { SplitRatios } from '../tasks/split-tasks';
import { entryOnlyKeys, type ConfigEntry, type WorkspaceConfig } from './workspace-config-schema';

/** One layer: any subset of the models, the task file, the per-run caps and the training options. */
export interface SkillSettingsLayer {
  target?: string;
  optimizer?: string;
  judge?: string;
  /** Embedding model that decides `similar` checks (absent: the judge grades them). */
  embedding?: string;
  /** Task file, relative to the skill folder. */
  tasks?: string;
  /** Per-run caps. */
  maxCostUsd?: number;
  maxTokens?: number;
  /** Split of tasks without an explicit `split`. */
  splitRatios?: SplitRatios;
  training?: TrainingConfigInput;
}

/** The merged settings of one skill. */
export interface ResolvedSkillSettings {
  training: TrainingConfig;
  /** Model specs named by some layer; a role no layer names is left to the front end's choice. */
  models: { target?: string; optimizer?: string; judge?: string; embedding?: string };
  /** Absolute task file, when a layer names one. */
  tasksFile?: string;
  maxCostUsd?: number;
  maxTokens?: number;
  splitRatios?: SplitRatios;
  /** The config file that contributed, if any. */
  configFile?: string;
  /** The keys of `skills` in the config file that applied to this skill. */
  configEntries: string[];
}

/** A config file entry as a layer (training options apart from the other keys). */
export function layerOfEntry(entry: ConfigEntry): SkillSettingsLayer {
  const training: Record<string, unknown> = {};
  const layer: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (value === undefined) continue;
    if (entryOnlyKeys.includes(key)) layer[key] = value;
    else training[key] = value;
  }
  return { ...(layer as SkillSettingsLayer), training: training as TrainingConfigInput };
}

/**
 * The `skills` keys of `config` that apply to the skill in `skillDirectory`: its folder
 * name, then its folder path relative to the config file (the more specific wins).
 */
export function configEntryKeysFor(config: WorkspaceConfig, skillDirectory: string): string[] {
  const name = basename(skillDirectory);
  const path = relative(dirname(config.file), resolve(skillDirectory)).split('\\').join('/');
  const keys: string[] = [];
  for (const candidate of [name, path, `./${path}`]) {
    if (config.skills[candidate] && !keys.includes(candidate)) keys.push(candidate);
  }
  return keys;
}

/** Deep merge of plain objects; later values win, `undefined` never overrides. */
function mergeOptions(layers: readonly (Record<string, unknown> | undefined)[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined) continue;
      const current = merged[key];
      merged[key] = isPlainObject(value) && isPlainObject(current) ? mergeOptions([current, value]) : isPlainObject(value) ? mergeOptions([value]) : value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `defaults` < the config file (its `defaults`, then the skill's entries) <
 * `flags` for the skill in `skillDirectory`, and validates the training options.
 * Throws TrainingConfigError naming the config file when the merged options are invalid.
 */
export function resolveSkillSettings(input: { skillDirectory: string; defaults?: SkillSettingsLayer; config?: WorkspaceConfig; flags?: SkillSettingsLayer }): ResolvedSkillSettings {
  const entryKeys = input.config ? configEntryKeysFor(input.config, input.skillDirectory) : [];
  const fileLayers = input.config ? [layerOfEntry(input.config.defaults), ...entryKeys.map((key) => layerOfEntry(input.config!.skills[key]!))] : [];
  const layers = [input.defaults ?? {}, ...fileLayers, input.flags ?? {}];
  const pick = <Key extends keyof SkillSettingsLayer>(key: Key): SkillSettingsLayer[Key] => {
    let value: SkillSettingsLayer[Key];
    for (const layer of layers) if (layer[key] !== undefined) value = layer[key];
    return value!;
  };
  let training: TrainingConfig;
  try {
    training = resolveTrainingConfig(mergeOptions(layers.map((layer) => layer.training as Record<string, unknown> | undefined)) as TrainingConfigInput);
  } catch (error) {
    if (!(error instanceof TrainingConfigError) || !input.config) throw error;
    const where = entryKeys.length > 0 ? `its "defaults" and "skills.${entryKeys.join('" / "skills.')}"` : 'its "defaults"';
    throw new TrainingConfigError(`${errorMessage(error)} (The options come from ${input.config.file}, ${where}, merged with the flags and settings.)`);
  }
  const tasks = pick('tasks');
  return {
    training,
    models: { target: pick('target'), optimizer: pick('optimizer'), judge: pick('judge'), embedding: pick('embedding') },
    tasksFile: tasks === undefined ? undefined : resolve(input.skillDirectory, tasks),
    maxCostUsd: pick('maxCostUsd'),
    maxTokens: pick('maxTokens'),
    splitRatios: pick('splitRatios'),
    configFile: input.config?.file,
    configEntries: entryKeys,
  };
}
