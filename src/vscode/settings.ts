import * as vscode from 'vscode';
import { SkillTrainerError } from '../core/errors';
import { resolveTrainingConfig, type TrainingConfig } from '../core/training';
import { SETTING_KEYS, settingsSchema, type SkillTrainerSettings } from './settings-schema';

export type { SkillTrainerSettings } from './settings-schema';

/** The settings section every Skill Trainer setting lives under. */
export const SETTINGS_SECTION = 'skillTrainer';

/** A setting holds a value Skill Trainer cannot use; the message names the setting and the fix. */
export class SettingsError extends SkillTrainerError {
  /** Full setting name, e.g. `skillTrainer.learningRate.max`. */
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super('settings_invalid', `Setting ${setting} ${problem}. Fix it in Settings (user or workspace) and try again.`);
    this.setting = setting;
  }
}

/**
 * Reads and validates every setting for a resource (its workspace folder's values
 * win over the workspace's, which win over the user's). Throws SettingsError naming
 * the first bad setting.
 */
export function readSettings(scope?: vscode.ConfigurationScope): SkillTrainerSettings {
  const configuration = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const raw: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    const value = configuration.get(key);
    // An unset nullable setting reads as null; zod's default fills in the rest.
    if (value !== undefined) raw[key] = value;
  }
  const parsed = settingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [key, ...inner] = issue.path.map(String);
    const where = inner.length > 0 ? ` (at ${inner.join('.')})` : '';
    throw new SettingsError(`${SETTINGS_SECTION}.${key}`, `is invalid${where}: ${issue.message}`);
  }
  const settings = parsed.data;
  if (settings['learningRate.min'] > settings['learningRate.max']) {
    throw new SettingsError(
      `${SETTINGS_SECTION}.learningRate.min`,
      `(${settings['learningRate.min']}) is above ${SETTINGS_SECTION}.learningRate.max (${settings['learningRate.max']}); lower the minimum or raise the maximum`,
    );
  }
  return settings;
}

/** A role's generation options from its settings (the vendor's default where unset). */
function roleOptions(settings: SkillTrainerSettings, role: 'target' | 'optimizer' | 'judge') {
  const effort = settings[`roles.${role}.reasoningEffort`];
  const maxOutputTokens = settings[`roles.${role}.maxOutputTokens`];
  const temperature = settings[`roles.${role}.temperature`];
  return {
    ...(effort !== 'default' ? { reasoningEffort: effort } : {}),
    // An empty optimizer limit must override the core's default (SkillOpt's 16384) with the vendor's.
    ...(maxOutputTokens !== null || role === 'optimizer' ? { maxOutputTokens } : {}),
    ...(temperature !== null ? { temperature } : {}),
  };
}

/** The core's training configuration from the settings (SkillOpt defaults where unset). */
export function trainingConfigFromSettings(settings: SkillTrainerSettings): TrainingConfig {
  return resolveTrainingConfig({
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    minibatchSize: settings.minibatchSize,
    reflectConcurrency: settings.reflectConcurrency,
    mergeGroupSize: settings.mergeGroupSize,
    failureOnly: settings.failureOnly,
    learningRate: {
      scheduler: settings['learningRate.scheduler'],
      max: settings['learningRate.max'],
      min: settings['learningRate.min'],
      control: settings['learningRate.control'],
    },
    gate: {
      metric: settings['gate.metric'],
      mixedWeight: settings['gate.mixedWeight'],
      useGate: settings['gate.useGate'],
      mode: settings['gate.mode'],
      rule: settings['gate.rule'],
      margin: settings['gate.margin'],
      significance: settings['gate.significance'],
      trials: settings['gate.trials'],
    },
    rotateValidation: settings.rotateValidation,
    guards: { leakage: settings['guards.leakage'], malformed: settings['guards.malformed'] },
    slowUpdate: { enabled: settings['slowUpdate.enabled'], samples: settings['slowUpdate.samples'], gateWithSelection: settings['slowUpdate.gateWithSelection'] },
    metaSkill: { enabled: settings['metaSkill.enabled'] },
    accumulation: settings.accumulation,
    skillUpdateMode: settings.skillUpdateMode,
    longitudinalPairPolicy: settings.longitudinalPairPolicy,
    skillAwareReflection: {
      enabled: settings['skillAwareReflection.enabled'],
      appendixSource: settings['skillAwareReflection.appendixSource'],
      consolidateThreshold: settings['skillAwareReflection.consolidateThreshold'],
    },
    cacheTrainingCalls: settings.cacheTrainingCalls,
    keepListsTight: settings.keepListsTight,
    roles: { target: roleOptions(settings, 'target'), optimizer: roleOptions(settings, 'optimizer'), judge: roleOptions(settings, 'judge') },
    seed: settings.seed,
    rolloutConcurrency: settings.rolloutConcurrency,
    evaluateTest: settings.evaluateTest,
  });
}
