/**
 * The shape of `skill-trainer.config.json` / `.yaml`: defaults for every skill and
 * per-skill overrides. The training keys are derived from the core's training
 * configuration schema (every option optional, defaults removed), so an option added to
 * `trainingConfigSchema` is accepted here without another edit. Names are those of the
 * VS Code settings without the `skillTrainer.` prefix: `epochs`, `learningRate.max`
 * (written nested: `"learningRate": {"max": 3}`), `gate.metric`, ...
 */
import { z } from 'zod';
import { trainingConfigSchema, type TrainingConfigInput } from '../training/training-config';

/**
 * `schema` with every object key optional and every default removed, recursively, and
 * unknown keys refused (a typo must not be silently ignored). The layers of settings
 * must know what a person wrote: a default filled in here would override a lower layer.
 */
export function optionalWithoutDefaults(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional) return optionalWithoutDefaults(schema.unwrap() as z.ZodType);
  if (schema instanceof z.ZodObject) {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodType>)) shape[key] = optionalWithoutDefaults(value).optional();
    return z.object(shape).strict();
  }
  return schema;
}

/** The training options a config file entry may set (any subset, nested objects partial). */
export const trainingOptionsSchema = optionalWithoutDefaults(trainingConfigSchema) as z.ZodObject<Record<string, z.ZodType>>;

/** `{train, val, test}` relative sizes, not all 0. */
export const splitRatiosSchema = z
  .object({ train: z.number().min(0), val: z.number().min(0), test: z.number().min(0) })
  .strict()
  .refine((ratios) => ratios.train + ratios.val + ratios.test > 0, 'the three ratios must not all be 0');

/** Keys of an entry that are not training options. */
const entryOnlyShape = {
  /** Model specs of the three roles, as `provider:model`. */
  target: z.string().trim().min(1, 'must be a model spec such as "openai:gpt-5-mini"').optional(),
  optimizer: z.string().trim().min(1, 'must be a model spec such as "openai:gpt-5-mini"').optional(),
  judge: z.string().trim().min(1, 'must be a model spec such as "openai:gpt-5-mini"').optional(),
  /** Embedding model that decides `similar` checks, as `provider:model`. */
  embedding: z.string().trim().min(1, 'must be an embedding model spec such as "openai:text-embedding-3-small"').optional(),
  /** The skill's task file, relative to the skill folder (default: evals/evals.json or a promptfoo suite). */
  tasks: z.string().trim().min(1, 'must be a path relative to the skill folder, e.g. "evals/evals.json"').optional(),
  /** Cap of one run of the skill, USD. */
  maxCostUsd: z.number().min(0).optional(),
  /** Cap of one run of the skill, tokens (input + output, every role). */
  maxTokens: z.number().int().min(0).optional(),
  /** Relative sizes of the splits for tasks without an explicit `split`. */
  splitRatios: splitRatiosSchema.optional(),
};

/** The names of the keys that are not training options. */
export const entryOnlyKeys = Object.keys(entryOnlyShape);

/** One entry: `defaults`, or the settings of one skill. */
export const workspaceConfigEntrySchema = trainingOptionsSchema.extend(entryOnlyShape).strict();

/** The whole file. */
export const workspaceConfigSchema = z
  .object({
    /** Format version; 1 when present. */
    version: z.literal(1).optional(),
    defaults: workspaceConfigEntrySchema.optional(),
    /** Keyed by the skill's folder name, or its folder path relative to the config file. */
    skills: z.record(z.string().min(1), workspaceConfigEntrySchema).optional(),
  })
  .strict();

/** A config file entry: any training option plus models, task file and caps. */
export type ConfigEntry = TrainingConfigInput & { [Key in keyof typeof entryOnlyShape]?: z.output<(typeof entryOnlyShape)[Key]> };

/** The file as read: defaults and per-skill entries. */
export interface WorkspaceConfig {
  /** Absolute path of the file. */
  file: string;
  defaults: ConfigEntry;
  skills: Record<string, ConfigEntry>;
}

/** Every key an entry accepts, for "did you mean" hints. */
export function entryKeys(): string[] {
  return Object.keys(workspaceConfigEntrySchema.shape);
}
