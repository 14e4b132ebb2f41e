/**
 * The model and training flags of `skill-trainer train` and `train-all`: one definition
 * of the options, one zod schema, one mapping onto the training configuration. Every
 * training setting VS Code has is a flag. Only flags given on the command line count:
 * what they leave out comes from `skill-trainer.config.json`, else SkillOpt's defaults
 * (flags win over the file).
 */
import { queueBatchSchema } from '../cli-queue';
import type { Command } from 'commander';
import { z } from 'zod';
import type { SkillSettingsLayer } from '../../core/library/skill-settings';
import { reasoningEfforts, type ReasoningEffort } from '../../core/models/chat-model';
import type { TrainingConfigInput } from '../../core/training';
import { gateRules, type GateRule } from '../../core/training/gate-rule';
import { skillUpdateModes, type SkillUpdateMode } from '../../core/training/skill-update-modes';
import { embeddingFlagHelp } from '../cli-model-factory';
import { parseCliArguments } from '../parse-cli-arguments';

/** Adds the model flags, the training flags and --config. */
export function addTrainingOptions(command: Command): Command {
  return command
    .option('--target <spec>', 'model that runs the tasks, e.g. anthropic:claude-sonnet-4-5, openai:gpt-5-mini, sim:target')
    .option('--optimizer <spec>', 'model that reflects and edits the skill (default: the target)')
    .option('--judge <spec>', 'model that grades rubric criteria (default: the optimizer)')
    .option('--embedding <spec>', embeddingFlagHelp)
    .option('--epochs <n>', 'passes over the train split (default 4)')
    .option('--batch-size <n>', 'train tasks per step, capped at the split (default 40)')
    .option('--minibatch-size <n>', 'tasks per reflect call (default 8)')
    .option('--lr <n>', 'edit budget: most edits per step (default 4)')
    .option('--lr-min <n>', 'floor of the decaying edit budget (default 2)')
    .option('--scheduler <mode>', 'edit-budget schedule: constant, linear, cosine or autonomous (default cosine)')
    .option('--gate-metric <metric>', 'validation metric of the gate: hard, soft or mixed (default hard)')
    .option('--no-gate', 'accept every candidate (still validated)')
    .option('--gate-mixed-weight <w>', 'weight of the soft score in the mixed gate metric, 0..1 (default 0.5)')
    .option('--gate-rule <rule>', 'when a candidate counts as better: strict (SkillOpt\'s), margin, no-regression or statistical (default strict)')
    .option('--gate-margin <e>', 'least gain the margin rule keeps, in score units (default 0.05 = 5 points)')
    .option('--gate-significance <alpha>', 'significance level of the statistical rule\'s paired test, 0..0.5 (default 0.05)')
    .option('--trials <k>', 'runs of each validation (and test) task per scoring, fresh samples; a task\'s pass rate feeds the gate; train rollouts run once (default 1)')
    .option('--rotate-validation', 'validate each epoch on other tasks of the train and validation splits (the test split never takes part)')
    .option('--no-leakage-guard', 'keep edits that copy task prompts, expected outputs or rubrics into the skill')
    .option('--no-malformed-guard', 'keep edits with an unclosed code fence, a <think> block or a cut-off sentence')
    .option('--accumulation <n>', 'rollout batches per step, each reflected on apart and merged into one update (default 1)')
    .option('--reflect-concurrency <n>', 'reflect and merge calls in flight at once (default 16)')
    .option('--merge-group-size <n>', 'patches merged per merge call (default 8)')
    .option('--failure-only', 'reflect only on failed rollouts')
    .option('--lr-control <mode>', "who sets each step's edit count: fixed (the scheduler) or autonomous (an optimizer call) (default fixed)")
    .option('--update-mode <mode>', 'how a step updates the skill: patch, rewrite_from_suggestions or full_rewrite_minibatch (default patch)')
    .option('--no-slow-update', "don't rewrite the protected slow-update region at epoch ends")
    .option('--slow-update-samples <n>', 'train tasks compared under the previous and the current epoch\'s skill (default 20)')
    .option('--slow-update-gate', 'keep a slow update only when the validation gate accepts it')
    .option('--pair-policy <policy>', 'adjacent-epoch pairs the slow update and meta skill see: mixed, changed or unchanged (default mixed)')
    .option('--no-meta-skill', "don't keep the optimizer's memory across epochs")
    .option('--skill-aware-reflection', 'class failures as skill defects (edits) or execution lapses (appendix notes)')
    .option('--appendix-source <source>', 'whose appendix notes count: both or failure_only (default both)')
    .option('--appendix-consolidate-threshold <n>', 'compact the appendix once it holds more notes than this; 0 never (default 0)')
    .option('--cache-training-calls', 'answer training calls from the response cache (cheap demos; freezes the target\'s noise)')
    .option('--no-keep-lists-tight', 'apply edits exactly as SkillOpt does: a blank line on each side of list items inserted into a tight list')
    .option('--no-evaluate-test', "don't score the baseline, best and final skills on the test split at the end")
    .option('--split-ratios <train:val:test>', 'split of tasks without an explicit split, e.g. 0.5:0.25:0.25 (the default)')
    .option('--rollout-concurrency <n>', 'tasks rolled out at once (default: twice --concurrency)')
    .option('--target-effort <effort>', "target's reasoning effort: minimal, low, medium or high (default: the vendor's)")
    .option('--target-max-output-tokens <n>', "target's output token limit (default: the vendor's)")
    .option('--target-temperature <t>', "target's temperature, 0..2 (default: the vendor's)")
    .option('--optimizer-effort <effort>', "optimizer's reasoning effort: minimal, low, medium or high (default: the vendor's)")
    .option('--optimizer-max-output-tokens <n>', "optimizer's output token limit (default 16384)")
    .option('--optimizer-temperature <t>', "optimizer's temperature, 0..2 (default: the vendor's)")
    .option('--judge-effort <effort>', "judge's reasoning effort: minimal, low, medium or high (default: the vendor's)")
    .option('--judge-max-output-tokens <n>', "judge's output token limit (default: the vendor's)")
    .option('--judge-temperature <t>', "judge's temperature, 0..2 (default 0, as the judge asks)")
    .option('--seed <n>', 'seed of splits, batches and minibatches (default 42)')
    .option('--queue <redis-url>', 'run the target\'s rollouts as jobs on `skill-trainer worker` processes through this Redis (default: SKILL_TRAINER_QUEUE_URL; neither: in this process)')
    .option('--queue-batch <n>', 'target calls per queue job: tasks of one stage for one skill text (default 8, at most --concurrency; resume with the same value to take jobs still in the queue)')
    .option('--config <file>', 'settings file with defaults and per-skill overrides (default: skill-trainer.config.json or .yaml in the workspace)');
}

/** `--<role>-effort`, `--<role>-max-output-tokens`, `--<role>-temperature` as parsed fields. */
function roleFlags<Role extends 'target' | 'optimizer' | 'judge'>(role: Role) {
  return {
    [`${role}Effort`]: z.enum(reasoningEfforts as [ReasoningEffort, ...ReasoningEffort[]]).optional(),
    [`${role}MaxOutputTokens`]: z.coerce.number().int().min(1).optional(),
    [`${role}Temperature`]: z.coerce.number().min(0).max(2).optional(),
  } as Record<`${Role}Effort`, z.ZodOptional<z.ZodEnum<Record<ReasoningEffort, ReasoningEffort>>>> &
    Record<`${Role}MaxOutputTokens` | `${Role}Temperature`, z.ZodOptional<z.ZodCoercedNumber>>;
}

/** The training flags after parsing; each is absent unless given. */
export const trainingFlagsSchema = z.object({
  target: z.string().min(1).optional(),
  optimizer: z.string().min(1).optional(),
  judge: z.string().min(1).optional(),
  embedding: z.string().min(1).optional(),
  epochs: z.coerce.number().int().min(1).optional(),
  batchSize: z.coerce.number().int().min(1).optional(),
  minibatchSize: z.coerce.number().int().min(1).optional(),
  lr: z.coerce.number().int().min(1).optional(),
  lrMin: z.coerce.number().int().min(1).optional(),
  scheduler: z.enum(['constant', 'linear', 'cosine', 'autonomous']).optional(),
  gateMetric: z.enum(['hard', 'soft', 'mixed']).optional(),
  /** false with --no-gate. */
  gate: z.boolean().optional(),
  gateMixedWeight: z.coerce.number().min(0).max(1).optional(),
  gateRule: z.enum(gateRules as [GateRule, ...GateRule[]]).optional(),
  gateMargin: z.coerce.number().min(0).max(1).optional(),
  gateSignificance: z.coerce.number().gt(0).max(0.5).optional(),
  trials: z.coerce.number().int().min(1).max(20).optional(),
  rotateValidation: z.boolean().optional(),
  /** false with --no-leakage-guard. */
  leakageGuard: z.boolean().optional(),
  /** false with --no-malformed-guard. */
  malformedGuard: z.boolean().optional(),
  accumulation: z.coerce.number().int().min(1).optional(),
  reflectConcurrency: z.coerce.number().int().min(1).optional(),
  mergeGroupSize: z.coerce.number().int().min(2).optional(),
  failureOnly: z.boolean().optional(),
  lrControl: z.enum(['fixed', 'autonomous']).optional(),
  updateMode: z.enum(skillUpdateModes as [SkillUpdateMode, ...SkillUpdateMode[]]).optional(),
  slowUpdate: z.boolean().optional(),
  slowUpdateSamples: z.coerce.number().int().min(1).optional(),
  slowUpdateGate: z.boolean().optional(),
  pairPolicy: z.enum(['mixed', 'changed', 'unchanged']).optional(),
  metaSkill: z.boolean().optional(),
  skillAwareReflection: z.boolean().optional(),
  appendixSource: z.enum(['both', 'failure_only']).optional(),
  appendixConsolidateThreshold: z.coerce.number().int().min(0).optional(),
  cacheTrainingCalls: z.boolean().optional(),
  /** false with --no-keep-lists-tight. */
  keepListsTight: z.boolean().optional(),
  evaluateTest: z.boolean().optional(),
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
  seed: z.coerce.number().int().optional(),
  config: z.string().min(1).optional(),
  queue: z.string().min(1).optional(),
  queueBatch: queueBatchSchema,
});

export type TrainingFlags = z.output<typeof trainingFlagsSchema>;

/** Everything `train` takes. */
export const trainArgumentsSchema = trainingFlagsSchema.extend({
  skillDir: z.string().min(1),
  maxCost: z.coerce.number().min(0).optional(),
  maxTokens: z.coerce.number().int().min(0).optional(),
  prices: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(256).default(8),
  workspace: z.string().min(1).optional(),
  cache: z.boolean().default(true),
  write: z.boolean().default(false),
  git: z.boolean().default(false),
});

export type TrainArguments = z.input<typeof trainArgumentsSchema>;

export function parseTrainArguments(raw: TrainArguments): z.output<typeof trainArgumentsSchema> {
  return parseCliArguments(trainArgumentsSchema, raw, 'train', { skillDir: '<skill-dir>' });
}

/** The role options named on the command line (only those given). */
function roleOptions(flags: TrainingFlags, role: 'target' | 'optimizer' | 'judge') {
  const effort = flags[`${role}Effort`];
  const maxOutputTokens = flags[`${role}MaxOutputTokens`];
  const temperature = flags[`${role}Temperature`];
  return {
    ...(effort !== undefined ? { reasoningEffort: effort } : {}),
    ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
  };
}

/** The training options the flags name, nothing else (the settings layer that wins over the config file). */
export function trainingInputFromFlags(flags: TrainingFlags): TrainingConfigInput {
  const given = <T>(value: T | undefined, key: string) => (value !== undefined ? { [key]: value } : {});
  return {
    ...given(flags.seed, 'seed'),
    ...given(flags.rolloutConcurrency, 'rolloutConcurrency'),
    ...given(flags.epochs, 'epochs'),
    ...given(flags.batchSize, 'batchSize'),
    ...given(flags.minibatchSize, 'minibatchSize'),
    ...given(flags.accumulation, 'accumulation'),
    ...given(flags.reflectConcurrency, 'reflectConcurrency'),
    ...given(flags.mergeGroupSize, 'mergeGroupSize'),
    ...given(flags.failureOnly, 'failureOnly'),
    ...given(flags.updateMode, 'skillUpdateMode'),
    ...given(flags.pairPolicy, 'longitudinalPairPolicy'),
    ...given(flags.cacheTrainingCalls, 'cacheTrainingCalls'),
    ...given(flags.keepListsTight, 'keepListsTight'),
    ...given(flags.evaluateTest, 'evaluateTest'),
    ...given(flags.rotateValidation, 'rotateValidation'),
    guards: { ...given(flags.leakageGuard, 'leakage'), ...given(flags.malformedGuard, 'malformed') },
    learningRate: { ...given(flags.scheduler, 'scheduler'), ...given(flags.lr, 'max'), ...given(flags.lrMin, 'min'), ...given(flags.lrControl, 'control') },
    gate: {
      ...given(flags.gateMetric, 'metric'),
      ...given(flags.gateMixedWeight, 'mixedWeight'),
      ...given(flags.gateRule, 'rule'),
      ...given(flags.gateMargin, 'margin'),
      ...given(flags.gateSignificance, 'significance'),
      ...given(flags.trials, 'trials'),
      ...given(flags.gate, 'useGate'),
    },
    slowUpdate: { ...given(flags.slowUpdate, 'enabled'), ...given(flags.slowUpdateSamples, 'samples'), ...given(flags.slowUpdateGate, 'gateWithSelection') },
    metaSkill: { ...given(flags.metaSkill, 'enabled') },
    skillAwareReflection: { ...given(flags.skillAwareReflection, 'enabled'), ...given(flags.appendixSource, 'appendixSource'), ...given(flags.appendixConsolidateThreshold, 'consolidateThreshold') },
    roles: { target: roleOptions(flags, 'target'), optimizer: roleOptions(flags, 'optimizer'), judge: roleOptions(flags, 'judge') },
  } as TrainingConfigInput;
}

/** The flags as the settings layer that wins over the config file. */
export function trainingFlagsLayer(flags: TrainingFlags): SkillSettingsLayer {
  return { target: flags.target, optimizer: flags.optimizer, judge: flags.judge, embedding: flags.embedding, training: trainingInputFromFlags(flags) };
}

/** The split ratios a --split-ratios flag names, for `splitTasks`. */
export function splitRatiosOf(flags: TrainingFlags): { train: number; val: number; test: number } | undefined {
  return flags.splitRatios ? { train: flags.splitRatios[0], val: flags.splitRatios[1], test: flags.splitRatios[2] } : undefined;
}

/**
 * The options a person typed (and their values); commander's defaults are left out, so
 * a default never hides a value from the config file. `--no-gate` defaults to true.
 */
export function givenOptions(command: Command): Record<string, unknown> {
  const options = command.opts();
  return Object.fromEntries(Object.entries(options).filter(([key]) => command.getOptionValueSource(key) !== 'default'));
}
