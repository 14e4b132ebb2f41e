/**
 * The `skillTrainer.*` settings as zod checks them when they are read (the edge where
 * a person's JSON enters). Keys are the setting names without the `skillTrainer.`
 * prefix; they match package.json `contributes.configuration` and, for training, the
 * core's `TrainingConfig` field names.
 */
import { z } from 'zod';
import { priceOverridesSchema } from '../core/models/policies/price-overrides';

const count = (minimum: number) => z.number().int().min(minimum);
const optionalText = z.string().trim().default('');

/** Every setting Skill Trainer reads, flat (dotted names as in package.json). */
export const settingsSchema = z.object({
  target: optionalText,
  optimizer: optionalText,
  judge: optionalText,

  epochs: count(1).default(4),
  batchSize: count(1).default(40),
  minibatchSize: count(1).default(8),
  reflectConcurrency: count(1).default(16),
  mergeGroupSize: count(2).default(8),
  failureOnly: z.boolean().default(false),
  'learningRate.scheduler': z.enum(['cosine', 'linear', 'constant', 'autonomous']).default('cosine'),
  'learningRate.max': count(1).default(4),
  'learningRate.min': count(1).default(2),
  'gate.metric': z.enum(['hard', 'soft', 'mixed']).default('hard'),
  'gate.mixedWeight': z.number().min(0).max(1).default(0.5),
  'gate.useGate': z.boolean().default(true),
  'gate.mode': z.enum(['auto', 'review']).default('auto'),
  'slowUpdate.enabled': z.boolean().default(true),
  'slowUpdate.samples': count(1).default(20),
  'metaSkill.enabled': z.boolean().default(true),
  seed: z.number().int().default(42),
  splitRatios: z
    .object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) })
    .strict()
    .refine((ratios) => ratios.train + ratios.val + ratios.test > 0, 'the three ratios must not all be 0')
    .default({ train: 0.5, val: 0.25, test: 0.25 }),
  rolloutConcurrency: count(1).default(8),
  evaluateTest: z.boolean().default(true),

  concurrency: count(1).default(8),
  callTimeoutSeconds: z.number().positive().default(120),
  maxAttempts: count(1).max(20).default(5),
  /** USD; null = no cap. */
  maxCostUsd: z.number().min(0).nullable().default(null),
  maxTokens: count(0).nullable().default(null),
  confirmCostAboveUsd: z.number().min(0).default(1),
  prices: priceOverridesSchema.default({}),

  'baseUrls.ollama': optionalText,
  'baseUrls.openaiCompatible': optionalText,
  'baseUrls.anthropic': optionalText,
  'baseUrls.openai': optionalText,
  'baseUrls.google': optionalText,
  'agentCli.claudeCodePath': optionalText,
  'agentCli.codexPath': optionalText,
  'agentCli.geminiCliPath': optionalText,
  'agentCli.timeoutSeconds': z.number().positive().default(600),
  'cache.enabled': z.boolean().default(true),
  includeUserSkills: z.boolean().default(true),
  'simulation.latencyMs': count(0).max(60_000).default(0),
});

/** The settings after validation, defaults filled in. */
export type SkillTrainerSettings = z.output<typeof settingsSchema>;

/** The setting names (without `skillTrainer.`) the schema reads. */
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof SkillTrainerSettings)[];
