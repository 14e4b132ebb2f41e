/**
 * The model and training flags `train` and `train-all` share: one definition, one
 * parser, one mapping onto the settings layers. Only flags given on the command line
 * count, so `skill-trainer.config.json` fills the rest (flags win over the file).
 */
import type { Command } from 'commander';
import { z } from 'zod';
import type { SkillSettingsLayer } from '../../core/library/skill-settings';
import type { TrainingConfigInput } from '../../core/training/training-config';

/** Adds the model flags and the training flags. */
export function addTrainingOptions(command: Command): Command {
  return command
    .option('--target <spec>', 'model that runs the tasks, e.g. anthropic:claude-sonnet-4-5, openai:gpt-5-mini, sim:target')
    .option('--optimizer <spec>', 'model that reflects and edits the skill (default: the target)')
    .option('--judge <spec>', 'model that grades rubric criteria (default: the optimizer)')
    .option('--epochs <n>', 'passes over the train split (default 4)')
    .option('--batch-size <n>', 'train tasks per step, capped at the split (default 40)')
    .option('--minibatch-size <n>', 'tasks per reflect call (default 8)')
    .option('--lr <n>', 'edit budget: most edits per step (default 4)')
    .option('--lr-min <n>', 'floor of the decaying edit budget (default 2)')
    .option('--scheduler <mode>', 'edit-budget schedule: constant, linear, cosine or autonomous (default cosine)')
    .option('--gate-metric <metric>', 'validation metric of the gate: hard, soft or mixed (default hard)')
    .option('--no-gate', 'accept every candidate (still validated)')
    .option('--seed <n>', 'seed of splits, batches and minibatches (default 42)')
    .option('--config <file>', 'settings file with defaults and per-skill overrides (default: skill-trainer.config.json or .yaml in the workspace)');
}

/** The training flags after parsing; each is absent unless given. */
export const trainingFlagsSchema = z.object({
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
  /** false with --no-gate. */
  gate: z.boolean().optional(),
  seed: z.coerce.number().int().optional(),
  config: z.string().min(1).optional(),
});

export type TrainingFlags = z.output<typeof trainingFlagsSchema>;

/** The flags as the settings layer that wins over the config file. */
export function trainingFlagsLayer(flags: TrainingFlags): SkillSettingsLayer {
  const training: TrainingConfigInput = {
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
    ...(flags.minibatchSize !== undefined ? { minibatchSize: flags.minibatchSize } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    learningRate: { ...(flags.scheduler ? { scheduler: flags.scheduler } : {}), ...(flags.lr !== undefined ? { max: flags.lr } : {}), ...(flags.lrMin !== undefined ? { min: flags.lrMin } : {}) },
    gate: { ...(flags.gateMetric ? { metric: flags.gateMetric } : {}), ...(flags.gate !== undefined ? { useGate: flags.gate } : {}) },
  };
  return { target: flags.target, optimizer: flags.optimizer, judge: flags.judge, training };
}

/**
 * The options a person typed (and their values); commander's defaults are left out, so
 * a default never hides a value from the config file. `--no-gate` defaults to true.
 */
export function givenOptions(command: Command): Record<string, unknown> {
  const options = command.opts();
  return Object.fromEntries(Object.entries(options).filter(([key]) => command.getOptionValueSource(key) !== 'default'));
}
