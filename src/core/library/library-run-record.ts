/**
 * `library.json`, the one file a library run owns (`.skill-trainer/library/<id>/`):
 * which skills it trains, with which settings, in which order, the id of each skill's
 * ordinary run, and how each skill ended. Runs keep their own files; this record only
 * links to them. Read back through the schema, never cast.
 */
import { z } from 'zod';

const scorePairSchema = z.object({ hard: z.number(), soft: z.number() });

/** How one skill of a library run stands. `running` carries live progress in events only. */
export const librarySkillOutcomeSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('queued') }),
  z.object({
    status: z.literal('running'),
    runId: z.string(),
    epoch: z.number().optional(),
    step: z.number().optional(),
    totalSteps: z.number().optional(),
    /** Current skill's validation score in the gate metric. */
    score: z.number().optional(),
    baselineScore: z.number().optional(),
    bestScore: z.number().optional(),
  }),
  z.object({
    status: z.literal('finished'),
    runId: z.string(),
    baselineScore: z.number().optional(),
    bestScore: z.number(),
    bestStep: z.number(),
    test: z.object({ baseline: scorePairSchema, best: scorePairSchema, final: scorePairSchema, count: z.number() }).optional(),
    /** USD; null when a price was unknown. */
    costUsd: z.number().nullable(),
  }),
  /** Never started: no tasks, invalid tasks, unchanged (--only-changed), a setup the run would refuse. */
  z.object({ status: z.literal('skipped'), reason: z.string(), code: z.string() }),
  /** Stopped by an error; resumable once the cause is fixed. */
  z.object({ status: z.literal('failed'), runId: z.string().optional(), message: z.string(), code: z.string().optional() }),
  z.object({ status: z.literal('budget_stopped'), runId: z.string().optional(), message: z.string() }),
  z.object({ status: z.literal('cancelled'), runId: z.string().optional(), message: z.string() }),
]);

export type LibrarySkillOutcome = z.infer<typeof librarySkillOutcomeSchema>;
export type LibrarySkillStatus = LibrarySkillOutcome['status'];

/** The settings a skill trains with, as resolved when the library run started. */
export const librarySkillSettingsSchema = z.object({
  models: z.object({ target: z.string(), optimizer: z.string(), judge: z.string().optional(), embedding: z.string().optional() }),
  /** The resolved training configuration (validated again when the run starts). */
  training: z.record(z.string(), z.unknown()),
  /** Absolute task file, when one was named; else the skill folder's own. */
  tasksFile: z.string().optional(),
  /** Per-run caps. */
  maxCostUsd: z.number().optional(),
  maxTokens: z.number().optional(),
  /** Split of tasks without an explicit `split`, when not the default. */
  splitRatios: z.object({ train: z.number(), val: z.number(), test: z.number() }).optional(),
});

export type LibrarySkillSettings = z.infer<typeof librarySkillSettingsSchema>;

export const librarySkillSchema = z.object({
  /** The skill's folder name. */
  name: z.string(),
  /** Absolute path of its SKILL.md. */
  skillPath: z.string(),
  /** 0-based place in the queue. */
  order: z.number().int().min(0),
  settings: librarySkillSettingsSchema.optional(),
  /** Its ordinary run, once one was given an id (before it starts, so a crash can resume it). */
  runId: z.string().optional(),
  outcome: librarySkillOutcomeSchema,
});

export type LibrarySkill = z.infer<typeof librarySkillSchema>;

export const libraryRunOptionsSchema = z.object({
  /** Skill runs at once. */
  parallel: z.number().int().min(1),
  /** Calls in flight per provider, shared by every run. */
  concurrency: z.number().int().min(1),
  /** Caps over every run together. */
  maxCostUsd: z.number().min(0).optional(),
  maxTokens: z.number().int().min(0).optional(),
  onlyChanged: z.boolean(),
  /** The front end commits each run's checkpoints on a git side branch (kept for resume). */
  git: z.boolean().optional(),
});

export type LibraryRunOptions = z.infer<typeof libraryRunOptionsSchema>;

export type LibraryRunStatus = 'running' | 'finished' | 'stopped' | 'failed' | 'cancelled';

export const libraryRunRecordSchema = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `stopped`: some skill stopped at a budget; `failed`: some skill failed; both resumable. */
  status: z.enum(['running', 'finished', 'stopped', 'failed', 'cancelled']),
  options: libraryRunOptionsSchema,
  skills: z.array(librarySkillSchema),
});

export type LibraryRunRecord = z.infer<typeof libraryRunRecordSchema>;

/**
 * The library run's status from its skills' outcomes. While its process works on it a
 * queued skill means `running`; once it `ended`, a skill left queued was stopped before
 * it started, so the run was cancelled.
 */
export function libraryStatusOf(skills: readonly Pick<LibrarySkill, 'outcome'>[], options: { ended?: boolean } = {}): LibraryRunStatus {
  const statuses = new Set(skills.map((skill) => skill.outcome.status));
  // A skill stopped on its own leaves the others training: the run is running until it ends.
  if (statuses.has('running') || statuses.has('queued')) return options.ended ? 'cancelled' : 'running';
  if (statuses.has('failed')) return 'failed';
  if (statuses.has('budget_stopped')) return 'stopped';
  if (statuses.has('cancelled')) return 'cancelled';
  return 'finished';
}
