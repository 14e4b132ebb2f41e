/**
 * The flags of `skill-trainer train` as zod reads them, and the training configuration
 * they describe: every training setting VS Code has is a flag here, with SkillOpt's
 * default when it is left out.
 */
import { z } from 'zod';
import { SkillTrainerError } from '../../core/errors';
import { reasoningEfforts, type ReasoningEffort } from '../../core/models/chat-model';
import { resolveTrainingConfig, type TrainingConfig } from '../../core/training';
import { skillUpdateModes, type SkillUpdateMode } from '../../core/training/skill-update-modes';

export const trainArgumentsSchema = z.object({
  skillDir: z.string().min(1),
  target: z.string().min(1).optional(),
  optimizer: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  epochs: z.coerce.number().int().min(1).optional(),
  batchSize: z.coerce.number().int().min(1).optional(),
  minibatchSize: z.coerce.number().int().min(1).optional(),
  lr: z.coerce.number().int().min(1).optional(),
  lrMin: z.coerce.number().int().min(1).optional(),
  scheduler: z.enum(['constant', 'linear', 'cosine', 'autonomous']).optional(),
  gateMetric: z.enum(['hard', 'soft', 'mixed']).optional(),
  gate: z.boolean().default(true),
  gateMixedWeight: z.coerce.number().min(0).max(1).optional(),
  accumulation: z.coerce.number().int().min(1).optional(),
  reflectConcurrency: z.coerce.number().int().min(1).optional(),
  mergeGroupSize: z.coerce.number().int().min(2).optional(),
  failureOnly: z.boolean().optional(),
  lrControl: z.enum(['fixed', 'autonomous']).optional(),
  updateMode: z.enum(skillUpdateModes as [SkillUpdateMode, ...SkillUpdateMode[]]).optional(),
  slowUpdate: z.boolean().default(true),
  slowUpdateSamples: z.coerce.number().int().min(1).optional(),
  slowUpdateGate: z.boolean().optional(),
  pairPolicy: z.enum(['mixed', 'changed', 'unchanged']).optional(),
  metaSkill: z.boolean().default(true),
  skillAwareReflection: z.boolean().optional(),
  appendixSource: z.enum(['both', 'failure_only']).optional(),
  appendixConsolidateThreshold: z.coerce.number().int().min(0).optional(),
  cacheTrainingCalls: z.boolean().optional(),
  evaluateTest: z.boolean().default(true),
  splitRatios: z
    .string()
    .regex(/^\d*\.?\d+:\d*\.?\d+:\d*\.?\d+$/, 'write three numbers train:val:test, e.g. 0.5:0.25:0.25')
    .transform((text) => text.split(':').map(Number) as [number, number, number])
    .refine((ratios) => ratios.some((ratio) => ratio > 0), 'the three ratios must not all be 0')
    .optional(),
  rolloutConcurrency: z.coerce.number().int().min(1).optional(),
  ...roleFlags('target'),
  ...roleFlags('optimizer'),
  ...roleFlags('judge'),
  seed: z.coerce.number().int().default(42),
  maxCost: z.coerce.number().min(0).optional(),
  maxTokens: z.coerce.number().int().min(0).optional(),
  prices: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  workspace: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  write: z.boolean().default(false),
});

export type TrainArguments = z.input<typeof trainArgumentsSchema>;

/** `--<role>-effort`, `--<role>-max-output-tokens`, `--<role>-temperature` as parsed fields. */
function roleFlags<Role extends 'target' | 'optimizer' | 'judge'>(role: Role) {
  return {
    [`${role}Effort`]: z.enum(reasoningEfforts as [ReasoningEffort, ...ReasoningEffort[]]).optional(),
    [`${role}MaxOutputTokens`]: z.coerce.number().int().min(1).optional(),
    [`${role}Temperature`]: z.coerce.number().min(0).max(2).optional(),
  } as Record<`${Role}Effort`, z.ZodOptional<z.ZodEnum<Record<ReasoningEffort, ReasoningEffort>>>> &
    Record<`${Role}MaxOutputTokens` | `${Role}Temperature`, z.ZodOptional<z.ZodCoercedNumber>>;
}

type ParsedTrainArguments = z.output<typeof trainArgumentsSchema>;

/** The role options named on the command line (only those given). */
function roleOptions(args: ParsedTrainArguments, role: 'target' | 'optimizer' | 'judge') {
  const effort = args[`${role}Effort`];
  const maxOutputTokens = args[`${role}MaxOutputTokens`];
  const temperature = args[`${role}Temperature`];
  return {
    ...(effort !== undefined ? { reasoningEffort: effort } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
  };
}

/** The training configuration the flags describe; SkillOpt's defaults for every flag left out. */
export function trainingConfigFromArguments(args: ParsedTrainArguments): TrainingConfig {
  const given = <T>(value: T | undefined, key: string) => (value !== undefined ? { [key]: value } : {});
  return resolveTrainingConfig({
    seed: args.seed,
    // Twice as many tasks in flight as calls: while some tasks wait for their judge,
    // others' target calls keep the per-provider limit (--concurrency) busy.
    rolloutConcurrency: args.rolloutConcurrency ?? 2 * args.concurrency,
    ...given(args.epochs, 'epochs'),
    ...given(args.batchSize, 'batchSize'),
    ...given(args.minibatchSize, 'minibatchSize'),
    ...given(args.accumulation, 'accumulation'),
    ...given(args.reflectConcurrency, 'reflectConcurrency'),
    ...given(args.mergeGroupSize, 'mergeGroupSize'),
    ...given(args.failureOnly, 'failureOnly'),
    ...given(args.updateMode, 'skillUpdateMode'),
    ...given(args.pairPolicy, 'longitudinalPairPolicy'),
    ...given(args.cacheTrainingCalls, 'cacheTrainingCalls'),
    evaluateTest: args.evaluateTest,
    learningRate: { ...given(args.scheduler, 'scheduler'), ...given(args.lr, 'max'), ...given(args.lrMin, 'min'), ...given(args.lrControl, 'control') },
    gate: { ...given(args.gateMetric, 'metric'), ...given(args.gateMixedWeight, 'mixedWeight'), useGate: args.gate },
    slowUpdate: { enabled: args.slowUpdate, ...given(args.slowUpdateSamples, 'samples'), ...given(args.slowUpdateGate, 'gateWithSelection') },
    metaSkill: { enabled: args.metaSkill },
    skillAwareReflection: { ...given(args.skillAwareReflection, 'enabled'), ...given(args.appendixSource, 'appendixSource'), ...given(args.appendixConsolidateThreshold, 'consolidateThreshold') },
    roles: { target: roleOptions(args, 'target'), optimizer: roleOptions(args, 'optimizer'), judge: roleOptions(args, 'judge') },
  });
}

const flagOf: Record<string, string> = {
  skillDir: '<skill-dir>',
  gateMixedWeight: '--gate-mixed-weight',
  reflectConcurrency: '--reflect-concurrency',
  mergeGroupSize: '--merge-group-size',
  lrControl: '--lr-control',
  updateMode: '--update-mode',
  slowUpdateSamples: '--slow-update-samples',
  pairPolicy: '--pair-policy',
  appendixSource: '--appendix-source',
  appendixConsolidateThreshold: '--appendix-consolidate-threshold',
  splitRatios: '--split-ratios',
  rolloutConcurrency: '--rollout-concurrency',
  targetEffort: '--target-effort',
  targetMaxOutputTokens: '--target-max-output-tokens',
  targetTemperature: '--target-temperature',
  optimizerEffort: '--optimizer-effort',
  optimizerMaxOutputTokens: '--optimizer-max-output-tokens',
  optimizerTemperature: '--optimizer-temperature',
  judgeEffort: '--judge-effort',
  judgeMaxOutputTokens: '--judge-max-output-tokens',
  judgeTemperature: '--judge-temperature',
  batchSize: '--batch-size',
  minibatchSize: '--minibatch-size',
  lrMin: '--lr-min',
  gateMetric: '--gate-metric',
  maxCost: '--max-cost',
  maxTokens: '--max-tokens',
  prices: '--prices',
};

export function parseTrainArguments(raw: TrainArguments): z.output<typeof trainArgumentsSchema> {
  const parsed = trainArgumentsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  throw new SkillTrainerError('cli_arguments_invalid', `Invalid ${flagOf[field] ?? `--${field}`}: ${issue.message}. Run 'skill-trainer train --help' for the options.`);
}
