/**
 * A headless queue worker: takes rollout jobs for the targets it can serve, runs each
 * with its own models (its keys, CLI logins and call policies) and returns the reply
 * and usage. Jobs for targets it cannot serve stay in their queues for other workers.
 *
 * Faults: a worker killed mid-job loses its lock; after `lockDurationMs` BullMQ's
 * stalled-job check gives the job to another worker. A 429 seen here pauses the
 * target's queue for every worker (BullMQ's queue rate limit, kept in Redis) for the
 * provider's retry-after, so all workers together back off from one account's limit.
 */
import { createHash } from 'node:crypto';
import type { Worker } from 'bullmq';
import { SkillTrainerError, errorMessage } from '../errors';
import type { ChatModel } from '../models/chat-model';
import { ProviderCallError } from '../models/model-errors';
import { createCallPolicies, withCallPolicies } from '../models/policies';
import { connectionOptions, openRedisClient } from './redis-connection';
import { queuePrefix, targetQueueName, targetsChannel, targetsKey, workerHeartbeatTtlSeconds, workerKeyPrefix } from './queue-names';
import { rolloutJobDataSchema, type RolloutJobData, type RolloutJobResult } from './rollout-job';
import { runRolloutJob } from './run-rollout-job';

/** A raw model for a target spec (no call policies: the worker adds them). */
export type CreateWorkerModel = (spec: string, simulation: RolloutJobData['simulation']) => ChatModel | Promise<ChatModel>;

export type QueueWorkerEvent =
  | { type: 'serving'; target: string }
  | { type: 'cannot_serve'; target: string; reason: string }
  | { type: 'job_done'; target: string; ok: boolean; latencyMs: number }
  | { type: 'rate_limited'; target: string; pauseMs: number }
  | { type: 'warning'; message: string };

export interface QueueWorkerOptions {
  url: string;
  /** Shown by `skill-trainer workers`: host and process id by default. */
  name: string;
  /** Jobs of each target running at once here, and calls per provider. */
  concurrency: number;
  /** Serve only these target specs; absent: every target coordinators ask for that this worker can create. */
  targets?: readonly string[];
  createModel: CreateWorkerModel;
  /** How long a job's lock lives without renewal (ms): a killed worker's job is retried elsewhere after it. Default 30 000. */
  lockDurationMs?: number;
  onEvent?: (event: QueueWorkerEvent) => void;
}

export interface QueueWorker {
  /** Targets served now. */
  readonly targets: readonly string[];
  /** Stops taking jobs, lets running ones finish, and disconnects. */
  close(): Promise<void>;
}

/** A target the worker was told to serve but cannot (missing key, CLI, base URL). */
export class WorkerTargetError extends SkillTrainerError {
  constructor(target: string, reason: string) {
    super('worker_target_unavailable', `This worker cannot serve --targets ${target}: ${reason}`);
  }
}

/** ms between looks at the targets coordinators asked for (workers without --targets). */
const discoveryIntervalMs = 2_000;
/** ms between heartbeats (`skill-trainer workers`). */
const heartbeatIntervalMs = 3_000;
/** Simulated worlds kept per target (one per skill's tasks). */
const maxSimulatedModels = 64;

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const bullmq = await import('bullmq');
  const redis = await openRedisClient(options.url);
  const policies = createCallPolicies({ maxConcurrency: options.concurrency });
  const workers = new Map<string, Worker>();
  const refused = new Set<string>();
  const models = new Map<string, Promise<ChatModel>>();
  let active = 0;
  let done = 0;
  const emit = (event: QueueWorkerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the worker.
    }
  };

  /** The target's model with the worker's call policies, a 429 pausing the target's queue for every worker. */
  const modelFor = (spec: string, simulation: RolloutJobData['simulation']): Promise<ChatModel> => {
    const key = simulation ? `${spec}|${createHash('sha256').update(JSON.stringify(simulation)).digest('hex')}` : spec;
    let model = models.get(key);
    if (!model) {
      if (models.size >= maxSimulatedModels) models.delete(models.keys().next().value!);
      model = Promise.resolve(options.createModel(spec, simulation)).then((raw) => withCallPolicies(pausingOnRateLimit(raw, (pauseMs) => pauseQueue(spec, pauseMs)), policies));
      model.catch(() => models.delete(key));
      models.set(key, model);
    }
    return model;
  };

  const pauseQueue = (spec: string, pauseMs: number) => {
    const worker = workers.get(spec);
    if (!worker) return;
    emit({ type: 'rate_limited', target: spec, pauseMs });
    void worker.rateLimit(pauseMs).catch(() => undefined);
  };

  /** Why this worker cannot serve `spec`, or undefined when it can. */
  const cannotServe = async (spec: string): Promise<string | undefined> => {
    // A simulated target is built per job from the job's tasks: always servable.
    if (spec.startsWith('sim:')) return undefined;
    try {
      await modelFor(spec, undefined);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };

  const serve = (spec: string) => {
    const lockDuration = options.lockDurationMs ?? 30_000;
    const worker = new bullmq.Worker(
      targetQueueName(spec),
      async (job, _token, signal): Promise<RolloutJobResult> => {
        const parsed = rolloutJobDataSchema.safeParse(job.data);
        if (!parsed.success) {
          return { ok: false, worker: options.name, error: { code: 'queue_job_invalid', message: `job ${job.id} is not a rollout job this version can read (${parsed.error.issues[0]?.message}); are the worker and the coordinator the same Skill Trainer version?` } };
        }
        active += 1;
        const started = Date.now();
        try {
          const result = await runRolloutJob(parsed.data, modelFor, options.name, signal);
          emit({ type: 'job_done', target: spec, ok: result.ok, latencyMs: Date.now() - started });
          return result;
        } finally {
          active -= 1;
          done += 1;
        }
      },
      {
        connection: connectionOptions(options.url),
        prefix: queuePrefix,
        concurrency: options.concurrency,
        name: options.name,
        lockDuration,
        // Check for stalled jobs twice per lock period, so a dead worker's job waits at most ~1.5 locks.
        stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
        // A job may lose two workers before BullMQ fails it (the coordinator then retries it anyway).
        maxStalledCount: 2,
        // BullMQ heeds a queue's pause (`rateLimit`, after a 429) only in workers with a
        // limiter; this one is far above any real rate (jobs per second), so only the pause limits.
        limiter: { max: 1_000_000_000, duration: 1_000 },
      },
    );
    worker.on('error', (error) => emit({ type: 'warning', message: `queue ${spec}: ${errorMessage(error)}` }));
    workers.set(spec, worker);
    emit({ type: 'serving', target: spec });
  };

  /** Targets being looked at: an announcement and a periodic look at once decide once. */
  const considering = new Map<string, Promise<void>>();
  const consider = (spec: string, required: boolean): Promise<void> => {
    if (workers.has(spec) || refused.has(spec)) return Promise.resolve();
    let decision = considering.get(spec);
    if (!decision) {
      decision = (async () => {
        const reason = await cannotServe(spec);
        if (reason === undefined) return serve(spec);
        if (required) throw new WorkerTargetError(spec, reason);
        refused.add(spec);
        emit({ type: 'cannot_serve', target: spec, reason });
      })().finally(() => considering.delete(spec));
      considering.set(spec, decision);
    }
    return decision;
  };

  const heartbeat = async () => {
    const key = `${workerKeyPrefix}${options.name}`;
    await redis
      .multi()
      .hset(key, { name: options.name, targets: JSON.stringify([...workers.keys()]), concurrency: String(options.concurrency), active: String(active), done: String(done), updatedAt: new Date().toISOString() })
      .expire(key, workerHeartbeatTtlSeconds)
      .exec();
  };

  try {
    for (const spec of options.targets ?? []) await consider(spec, true);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const discover = async () => {
    for (const spec of await redis.smembers(targetsKey)) await consider(spec, false);
  };
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, task: () => Promise<void>) => {
    const run = () => void task().catch(() => undefined); // Redis away: the next tick tries again.
    run();
    timers.push(setInterval(run, ms));
  };
  // A coordinator announces each target it adds; the periodic look catches what was missed (a reconnect).
  const announcements = options.targets?.length ? undefined : redis.duplicate();
  if (announcements) {
    announcements.on('error', () => undefined);
    announcements.on('message', (_channel: string, spec: string) => void consider(spec, false).catch(() => undefined));
    await announcements.subscribe(targetsChannel).catch(() => undefined);
    every(discoveryIntervalMs, discover);
  }
  every(heartbeatIntervalMs, heartbeat);

  return {
    get targets() {
      return [...workers.keys()];
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      announcements?.disconnect();
      await Promise.all([...workers.values()].map((worker) => worker.close()));
      await redis.del(`${workerKeyPrefix}${options.name}`).catch(() => undefined);
      redis.disconnect();
    },
  };
}

/** `model`, telling `pause` the provider's wait (ms) whenever a call is refused with 429. */
function pausingOnRateLimit(model: ChatModel, pause: (ms: number) => void): ChatModel {
  return {
    ...model,
    complete: async (request) => {
      try {
        return await model.complete(request);
      } catch (error) {
        // 1 s when the provider names no wait.
        if (error instanceof ProviderCallError && error.kind === 'rate_limit') pause(error.retryAfterMs ?? 1_000);
        throw error;
      }
    },
  };
}
