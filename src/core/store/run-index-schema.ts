/**
 * zod schemas of the run index (`db.json`) and of each run's copy of its entry
 * (`runs/<id>/run.json`): both are read back from disk, where another version, a
 * person or a torn write may have left anything.
 */
import { z } from 'zod';
import type { MessagePart } from '../errors';
import type { IndexData, LeaderboardEntry, RunIndexEntry } from './run-records';

const score = z.number().finite();
const scorePair = z.object({ hard: score, soft: score });
const modelsSchema = z.object({ target: z.string(), optimizer: z.string(), judge: z.string().optional() });
const gateMetricSchema = z.enum(['hard', 'soft', 'mixed']);
const runStatusSchema = z.enum(['running', 'finished', 'failed', 'cancelled', 'budget_stopped']);

const messagePartSchema: z.ZodType<MessagePart> = z.union([
  z.string(),
  z.object({ option: z.enum(['maxCostUsd', 'maxTokens', 'judge', 'timeout', 'learningRateMax', 'learningRateMin']) }),
  z.object({ resume: z.string(), when: z.string().optional() }),
  z.object({ listing: z.enum(['task_problems', 'runs']) }),
]);

export const runIndexEntrySchema: z.ZodType<RunIndexEntry> = z.object({
  id: z.string().min(1),
  skillPath: z.string().min(1),
  skillName: z.string(),
  status: runStatusSchema,
  startedAt: z.string().min(1),
  finishedAt: z.string().optional(),
  baselineScore: score.optional(),
  bestValidationScore: score.optional(),
  gateMetric: gateMetricSchema,
  bestTestScore: scorePair.optional(),
  costUsd: z.number().finite().nullable(),
  possiblyBilledCalls: z.number().int().min(0).optional(),
  possiblyBilledUsd: z.number().finite().optional(),
  stepsDone: z.number().int().min(0),
  totalSteps: z.number().int().min(0),
  models: modelsSchema,
  message: z.string().optional(),
  messageParts: z.array(messagePartSchema).readonly().optional(),
});

const leaderboardEntrySchema: z.ZodType<LeaderboardEntry> = z.object({
  runId: z.string(),
  bestValidationScore: score,
  baselineScore: score.optional(),
  bestTestScore: scorePair.optional(),
  gateMetric: gateMetricSchema,
  status: runStatusSchema,
  finishedAt: z.string().optional(),
  models: modelsSchema,
});

export const indexDataSchema: z.ZodType<IndexData> = z.object({
  version: z.literal(1),
  runs: z.array(runIndexEntrySchema),
  leaderboard: z.record(z.string(), z.array(leaderboardEntrySchema)),
});

/** The first problem zod found, as "runs.2.models: expected object, received undefined". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
