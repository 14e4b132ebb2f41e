/**
 * The `skillTrainer.*` settings as zod checks them when they are read (the edge where
 * a person's JSON enters). Keys are the setting names without the `skillTrainer.`
 * prefix; they match package.json `contributes.configuration` and, for training, the
 * core's `TrainingConfig` field names.
 */
import { z } from 'zod';
import { priceOverridesSchema } from '../core/models/policies/price-overrides';
import { DEFAULT_OPTIMIZER_MAX_OUTPUT_TOKENS } from '../core/training/role-call-options';

const count = (minimum: number) => z.number().int().min(minimum);
const optionalText = z.string().trim().default('');

const effort = z.enum(['default', 'minimal', 'low', 'medium', 'high']).default('default');

/** `roles.<role>.reasoningEffort`, `.maxOutputTokens` (null: the vendor's) and `.temperature` (null: the vendor's). */
function roleSettings<Role extends 'target' | 'optimizer' | 'judge'>(role: Role, maxOutputTokens: number | null) {
  return {
    [`roles.${role}.reasoningEffort`]: effort,
    [`roles.${role}.maxOutputTokens`]: count(1).nullable().default(maxOutputTokens),
    [`roles.${role}.temperature`]: z.number().min(0).max(2).nullable().default(null),
  } as Record<`roles.${Role}.reasoningEffort`, typeof effort> &
    Record<`roles.${Role}.maxOutputTokens` | `roles.${Role}.temperature`, z.ZodDefault<z.ZodNullable<z.ZodNumber>>>;
}

/** Every setting Skill Trainer reads, flat (dotted names as in package.json). */
export const settingsSchema = z.object({
  target: optionalText,
  optimizer: optionalText,
  judge: optionalText,
  embedding: optionalText,

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
  'gate.rule': z.enum(['strict', 'margin', 'no-regression', 'statistical']).default('strict'),
  'gate.margin': z.number().min(0).max(1).default(0.05),
  'gate.significance': z.number().gt(0).max(0.5).default(0.05),
  /** Runs of each validation (and test) task per scoring in training. */
  'gate.trials': count(1).max(20).default(1),
  rotateValidation: z.boolean().default(false),
  'guards.leakage': z.boolean().default(true),
  'guards.malformed': z.boolean().default(true),
  'slowUpdate.enabled': z.boolean().default(true),
  'slowUpdate.samples': count(1).default(20),
  'metaSkill.enabled': z.boolean().default(true),
  accumulation: count(1).default(1),
  'learningRate.control': z.enum(['fixed', 'autonomous']).default('fixed'),
  skillUpdateMode: z.enum(['patch', 'rewrite_from_suggestions', 'full_rewrite_minibatch']).default('patch'),
  'slowUpdate.gateWithSelection': z.boolean().default(false),
  longitudinalPairPolicy: z.enum(['mixed', 'changed', 'unchanged']).default('mixed'),
  'skillAwareReflection.enabled': z.boolean().default(false),
  'skillAwareReflection.appendixSource': z.enum(['both', 'failure_only']).default('both'),
  'skillAwareReflection.consolidateThreshold': count(0).default(0),
  cacheTrainingCalls: z.boolean().default(false),
  keepListsTight: z.boolean().default(true),
  ...roleSettings('target', null),
  ...roleSettings('optimizer', DEFAULT_OPTIMIZER_MAX_OUTPUT_TOKENS),
  ...roleSettings('judge', null),
  seed: z.number().int().default(42),
  splitRatios: z
    .object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) })
    .strict()
    .refine((ratios) => ratios.train + ratios.val + ratios.test > 0, 'the three ratios must not all be 0')
    .default({ train: 0.5, val: 0.25, test: 0.25 }),
  rolloutConcurrency: count(1).default(8),
  evaluateTest: z.boolean().default(true),
  /** Runs per task in Evaluate Skill. */
  'evaluate.trials': count(1).max(100).default(1),
  /** Runs per task and condition (with and without the skill) in Diagnose Skill. */
  'diagnostics.trials': count(1).max(20).default(3),
  /** Tasks Draft Eval Tasks asks for. */
  'draft.count': count(1).max(200).default(24),

  concurrency: count(1).default(8),
  callTimeoutSeconds: z.number().positive().default(120),
  maxAttempts: count(1).max(20).default(5),
  /** USD; null = no cap. */
  maxCostUsd: z.number().min(0).nullable().default(null),
  maxTokens: count(0).nullable().default(null),
  confirmCostAboveUsd: z.number().min(0).default(1),
  /** Skills trained at once by Optimize All Skills / Optimize Selected Skills. */
  'library.parallel': count(1).max(64).default(2),
  /** USD over every skill of a library run together; null = no cap (each run keeps maxCostUsd). */
  'library.maxCostUsd': z.number().min(0).nullable().default(null),
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
  'queue.url': z.string().trim().default(''),
  /** Target calls per queue job (one skill text, one target); at most skillTrainer.concurrency. */
  'queue.batchSize': count(1).max(256).default(8),
  /** Commit every accepted step, slow update and trained skill on a side branch of the skill's repository. */
  'git.checkpoints': z.boolean().default(false),
});

/** The settings after validation, defaults filled in. */
export type SkillTrainerSettings = z.output<typeof settingsSchema>;

/** The setting names (without `skillTrainer.`) the schema reads. */
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof SkillTrainerSettings)[];
