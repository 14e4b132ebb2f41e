import { z } from 'zod';
import { SkillTrainerError, type MessagePart } from '../errors';
import { gateRules, type GateRule } from './gate-rule';
import { DEFAULT_OPTIMIZER_MAX_OUTPUT_TOKENS, roleCallOptionsSchema } from './role-call-options';

/**
 * Everything that shapes a training run. Defaults are SkillOpt's; `resolveTrainingConfig`
 * fills them in and validates user input (CLI flags, settings), naming the bad field.
 */
export const trainingConfigSchema = z.object({
  /** Passes over the train split. */
  epochs: z.number().int().min(1).default(4),
  /** Train tasks per step; capped at the train split's size. */
  batchSize: z.number().int().min(1).default(40),
  /**
   * Rollout batches per step (SkillOpt's `accumulation`): each batch is rolled out and
   * reflected on, and all their patches merge into one update. Steps per epoch =
   * ceil(train / (batch size × accumulation)).
   */
  accumulation: z.number().int().min(1).default(1),
  /** Tasks per reflect call. */
  minibatchSize: z.number().int().min(1).default(8),
  /** Reflect (and merge) calls in flight at once. */
  reflectConcurrency: z.number().int().min(1).default(16),
  /** Patches merged per merge call. */
  mergeGroupSize: z.number().int().min(2).default(8),
  /** Only failures are reflected on (SkillOpt's `failure_only`). */
  failureOnly: z.boolean().default(false),
  /** Edit budget per step (the learning rate). */
  learningRate: z
    .object({
      scheduler: z.enum(['constant', 'linear', 'cosine', 'autonomous']).default('cosine'),
      max: z.number().int().min(1).default(4),
      min: z.number().int().min(1).default(2),
      /**
       * Who sets this step's edit count (SkillOpt's `lr_control_mode`): `fixed`, the
       * scheduler; `autonomous`, one optimizer call that reads the ranked pool and the
       * step's evidence and decides how many edits to apply.
       */
      control: z.enum(['fixed', 'autonomous']).default('fixed'),
    })
    .prefault({}),
  gate: z
    .object({
      metric: z.enum(['hard', 'soft', 'mixed']).default('hard'),
      mixedWeight: z.number().min(0).max(1).default(0.5),
      /** false: every candidate is accepted, but still validated. */
      useGate: z.boolean().default(true),
      /** `review`: a person decides after validation, through the review callback. */
      mode: z.enum(['auto', 'review']).default('auto'),
      /**
       * When a candidate counts as better (see `gate-rule.ts`): `strict` (SkillOpt's),
       * `margin` (by at least `margin`), `no-regression` (no validation task worse) or
       * `statistical` (a paired test significant at `significance`).
       */
      rule: z.enum(gateRules as [GateRule, ...GateRule[]]).default('strict'),
      /** `margin`: the least improvement kept, in score units (0.05 = 5 points). */
      margin: z.number().min(0).max(1).default(0.05),
      /** `statistical`: the significance level α of the one-sided paired test. */
      significance: z.number().gt(0).max(0.5).default(0.05),
      /**
       * Runs of each validation task whenever a skill is scored for the gate (and of each
       * test task at the end), each a fresh sample; a task's score is its mean over them
       * (the pass rate, for hard). Train rollouts run once, as in SkillOpt.
       */
      trials: z.number().int().min(1).max(20).default(1),
    })
    .prefault({}),
  /**
   * Rotate the validation split between epochs (see `validation-rotation.ts`): each
   * epoch after the first validates on the next window of train and validation tasks.
   * The test split never takes part.
   */
  rotateValidation: z.boolean().default(false),
  /**
   * Guards run on every update, before selection (see `edit-guards.ts`): `leakage`
   * rejects edits that copy task text into the skill; `malformed`, edits with an
   * unclosed code fence, a `<think>` block or a cut-off sentence.
   */
  guards: z.object({ leakage: z.boolean().default(true), malformed: z.boolean().default(true) }).prefault({}),
  slowUpdate: z
    .object({
      enabled: z.boolean().default(true),
      /** Train tasks compared under the previous and the current epoch's skill (also the meta skill's comparison). */
      samples: z.number().int().min(1).default(20),
      /**
       * Validate the rewritten guidance and keep it only when the gate accepts it
       * (SkillOpt's `slow_update_gate_with_selection`); off: it is kept unvalidated.
       */
      gateWithSelection: z.boolean().default(false),
    })
    .default({ enabled: true, samples: 20, gateWithSelection: false }),
  /**
   * How a step updates the skill (SkillOpt's `skill_update_mode`): `patch` edits;
   * `rewrite_from_suggestions`, one rewrite from the chosen revision suggestions;
   * `full_rewrite_minibatch`, complete skills from each analyst merged into one.
   */
  skillUpdateMode: z.enum(['patch', 'rewrite_from_suggestions', 'full_rewrite_minibatch']).default('patch'),
  /**
   * Skill-aware reflection (SkillOpt's `use_skill_aware_reflection`): failures are
   * classed as skill defects (body edits) or execution lapses (reminders collected in
   * the protected APPENDIX region). `appendixSource`: whose notes count (`both`
   * analysts, or `failure_only`); `consolidateThreshold`: compact the appendix once it
   * holds more notes than this (0: never).
   */
  skillAwareReflection: z
    .object({
      enabled: z.boolean().default(false),
      appendixSource: z.enum(['both', 'failure_only']).default('both'),
      consolidateThreshold: z.number().int().min(0).default(0),
    })
    .prefault({}),
  /**
   * Which adjacent-epoch pairs the slow update and the meta skill see (SkillOpt's
   * `longitudinal_pair_policy`): all, only changed outcomes (topped up from the train
   * split), or only unchanged ones.
   */
  longitudinalPairPolicy: z.enum(['mixed', 'changed', 'unchanged']).default('mixed'),
  metaSkill: z.object({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  /**
   * Answer training calls (rollouts, validation, optimizer) from the shared response
   * cache. Off by default, as in SkillOpt: every rollout is a fresh sample, and resume
   * replays only the run's own journal. On: identical calls replay earlier answers,
   * which freezes the target's noise (cheap demos only).
   */
  cacheTrainingCalls: z.boolean().default(false),
  /**
   * List items an edit inserts after an item of a tight list join that list, without the
   * blank lines SkillOpt puts around inserted text (which split it in two and make it
   * loose). On by default for tidy lists; off applies edits exactly as SkillOpt does.
   */
  keepListsTight: z.boolean().default(true),
  /**
   * Reasoning effort, output token limit and temperature per role. The optimizer's
   * output limit is SkillOpt's 16,384 tokens; everything else is the vendor's default.
   */
  roles: z
    .object({
      target: roleCallOptionsSchema.prefault({}),
      optimizer: roleCallOptionsSchema.extend({ maxOutputTokens: z.number().int().min(1).nullable().default(DEFAULT_OPTIMIZER_MAX_OUTPUT_TOKENS) }).prefault({}),
      judge: roleCallOptionsSchema.prefault({}),
    })
    .prefault({}),
  /** Seeds batches, minibatches and samples. */
  seed: z.number().int().default(42),
  /** Target/judge rollouts in flight at once. */
  rolloutConcurrency: z.number().int().min(1).default(8),
  /** Score baseline, best and final skills on the test split at the end. */
  evaluateTest: z.boolean().default(true),
});

export type TrainingConfig = z.infer<typeof trainingConfigSchema>;

/** A training option out of range or of the wrong type. */
export class TrainingConfigError extends SkillTrainerError {
  constructor(message: string | readonly MessagePart[]) {
    super('training_config_invalid', message);
  }
}

/** Input accepted by `resolveTrainingConfig`: any subset, nested objects partial too. */
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;

/** Fills in SkillOpt's defaults and validates; throws TrainingConfigError naming each bad field. */
export function resolveTrainingConfig(input: TrainingConfigInput = {}): TrainingConfig {
  const parsed = trainingConfigSchema.safeParse(input);
  if (parsed.success) {
    if (parsed.data.learningRate.min > parsed.data.learningRate.max) {
      throw new TrainingConfigError([
        `Invalid training option learningRate.min: ${parsed.data.learningRate.min} is above learningRate.max ${parsed.data.learningRate.max}. Lower `,
        { option: 'learningRateMin' },
        ' or raise ',
        { option: 'learningRateMax' },
        '.',
      ]);
    }
    return parsed.data;
  }
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new TrainingConfigError(`Invalid training options — ${problems.join('; ')}. Fix these values and start again.`);
}

/** Steps per epoch: ceil(train size / (effective batch size × accumulation)), at least 1. */
export function stepsPerEpoch(trainSize: number, batchSize: number, accumulation = 1): number {
  return Math.max(1, Math.ceil(trainSize / (Math.max(1, Math.min(batchSize, trainSize || 1)) * Math.max(1, accumulation))));
}
