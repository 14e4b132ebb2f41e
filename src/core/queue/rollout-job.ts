/**
 * What crosses the queue: a rollout job (a batch of target calls for one skill text on
 * one target: each call's prompt and journal key) and its outcome, call by call. Both are plain JSON, read
 * back through these schemas on the other side. Payloads never carry API keys: a
 * worker uses its own keys or CLI logins for the targets it serves.
 */
import { z } from 'zod';
import type { ChatRequest } from '../models/chat-model';
import type { EvalTask, TaskSet } from '../tasks/eval-task';
import { agentTrajectorySchema } from '../models/agent-trajectory';
import { usageSchema } from '../models/usage-schema';
import { replyToolFieldsSchema, toolChoiceSchema, toolDefinitionSchema } from '../models/chat-tools-schema';
import { queueErrorDataSchema } from './queue-error-data';

const messageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

/** The parts of a `ChatRequest` that cross a process (no signal, no cache switches). */
export const wireRequestSchema = z.object({
  messages: z.array(messageSchema),
  temperature: z.number().optional(),
  maxOutputTokens: z.number().optional(),
  reasoningEffort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
  jsonSchema: z.object({ name: z.string(), schema: z.record(z.string(), z.unknown()) }).optional(),
  tools: z.array(toolDefinitionSchema).optional(),
  toolChoice: toolChoiceSchema.optional(),
  sampleIndex: z.number().optional(),
  skill: z.object({ name: z.string(), text: z.string() }).optional(),
  label: z.string().optional(),
});

/** A task as the simulated world needs it (the world is rebuilt on the worker). */
const simulatedTaskSchema = z.custom<EvalTask>((value) => typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string', 'a task with an id');

/** One call of a batch: its journal key (what dedupes its result) and its request. */
const batchCallSchema = z.object({ key: z.string().min(1), request: wireRequestSchema });

export const rolloutJobDataSchema = z.object({
  /** 2: a job is a batch of calls (1 was one call per job). */
  version: z.literal(2),
  /** The provider account the target bills to (`targetAccount`): the job's queue, its shared limits. */
  account: z.string().min(1),
  /** The target's spec (`openai:gpt-5-mini`, `claude-code:`, `sim:target`). */
  target: z.string().min(1),
  /** Calls for one skill text, run at once within the worker's concurrency. */
  calls: z.array(batchCallSchema).min(1),
  /** Only for `sim:` targets: the skill's tasks and seed, from which the worker builds the same simulated world. */
  simulation: z.object({ seed: z.number(), taskSet: z.object({ source: z.string(), tasks: z.array(simulatedTaskSchema), sim: z.unknown().optional() }) }).optional(),
});

export type RolloutJobData = z.infer<typeof rolloutJobDataSchema>;
export type RolloutBatchCall = z.infer<typeof batchCallSchema>;

/** A job with its id, derived from its calls' journal keys, so it is done and paid once. */
export interface RolloutJob {
  id: string;
  data: RolloutJobData;
}

export const rolloutCallResultSchema = z.discriminatedUnion('ok', [
  /** `trajectory`: an agent-CLI target's session, for the optimizer's evidence. */
  z.object({ ok: z.literal(true), text: z.string(), usage: usageSchema, trajectory: agentTrajectorySchema.optional(), ...replyToolFieldsSchema }),
  z.object({ ok: z.literal(false), error: queueErrorDataSchema }),
]);

/** One call's reply and usage, or its error as data: one call failing never fails the batch's others. */
export type RolloutCallResult = z.infer<typeof rolloutCallResultSchema>;

export const rolloutJobResultSchema = z.object({
  worker: z.string(),
  /** By call key; every call of the job has one. */
  calls: z.record(z.string(), rolloutCallResultSchema),
});

/** What a worker returns for a batch job. */
export type RolloutJobResult = z.infer<typeof rolloutJobResultSchema>;

/** A job's result as the coordinator hears it. */
export interface RolloutJobOutcome {
  jobId: string;
  result: RolloutJobResult;
}

/** The request as it crosses the queue. */
export function toWireRequest(request: ChatRequest): z.infer<typeof wireRequestSchema> {
  const { messages, temperature, maxOutputTokens, reasoningEffort, jsonSchema, tools, toolChoice, sampleIndex, skill, label } = request;
  return { messages, temperature, maxOutputTokens, reasoningEffort, jsonSchema, tools, toolChoice, sampleIndex, skill, label };
}

/** The simulated world's inputs for a `sim:` target. */
export function simulationOf(taskSet: TaskSet, seed: number): NonNullable<RolloutJobData['simulation']> {
  return { seed, taskSet: { source: taskSet.source, tasks: taskSet.tasks, ...(taskSet.sim !== undefined && { sim: taskSet.sim }) } };
}
