/**
 * A headless queue worker: serves the queues of the provider accounts whose targets it
 * can run, takes their batch jobs, runs each batch's calls at once with its own models
 * (its keys, CLI logins and call policies) and returns each call's reply and usage or
 * error. A job for a target it cannot run goes back to its queue for other workers.
 *
 * Faults: a worker killed mid-job loses its lock; after `lockDurationMs` BullMQ's
 * stalled-job check gives the job to another worker. A 429 seen here pauses the
 * account's queue for every worker (BullMQ's queue rate limit, kept in Redis) for the
 * provider's retry-after, and every worker holds the calls of batches it already runs
 * until that pause ends, so all workers together back off from one account's limit.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Queue, Worker } from 'bullmq';
import { SkillTrainerError, errorMessage } from '../errors';
import type { ChatModel } from '../models/chat-model';
import { ProviderCallError } from '../models/model-errors';
import { createCallPolicies, withCallPolicies } from '../models/policies';
import { sleep } from '../models/policies/abort';
import { systemClock } from '../models/policies/clock';
import { connectionOptions, openRedisClient } from './redis-connection';
import { accountQueueName, queuePrefix, workerHeartbeatTtlSeconds, workerKeyPrefix } from './queue-names';
import { listTargets, readTargetEntry, targetsChannel } from './target-registry';
import { rolloutJobDataSchema, type RolloutJobData, type RolloutJobResult } from './rollout-job';
import { runRolloutBatch } from './run-rollout-batch';

/** A raw model for a target spec (no call policies: the worker adds them). */
export type CreateWorkerModel = (spec: string, simulation: RolloutJobData['simulation']) => ChatModel | Promise<ChatModel>;

export type QueueWorkerEvent =
  | { type: 'serving'; target: string; account: string }
  | { type: 'cannot_serve'; target: string; reason: string }
  /** `failed`: calls of the batch that ended in an error. */
  | { type: 'job_done'; target: string; calls: number; failed: number; latencyMs: number }
  | { type: 'rate_limited'; target: string; account: string; pauseMs: number }
  | { type: 'warning'; message: string };

export interface QueueWorkerOptions {
  url: string;
  /** Shown by `skill-trainer workers`: host and process id by default. */
  name: string;
  /** Calls running at once here per provider (batch jobs are taken while calls fit). */
  concurrency: number;
  /** Serve only these target specs (and only their jobs); absent: every target coordinators ask for that this worker can create. */
  targets?: readonly string[];
  createModel: CreateWorkerModel;
  /** How long a job's lock lives without renewal (ms): a killed worker's job is retried elsewhere after it. Default 30 000. */
  lockDurationMs?: number;
  onEvent?: (event: QueueWorkerEvent) => void;
}

export interface QueueWorker {
  /** Targets served now (their accounts' queues are served). */
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

/** ms between looks at the targets coordinators asked for. */
const discoveryIntervalMs = 2_000;
/** ms between heartbeats (`skill-trainer workers`). */
const heartbeatIntervalMs = 3_000;
/** Simulated worlds kept per target (one per skill's tasks). */
const maxSimulatedModels = 64;

/** The call keys of a job this version cannot read otherwise, to answer each call with the error. */
const callKeysSchema = z.object({ calls: z.array(z.object({ key: z.string() })) });

/**
 * Jobs per second of the limiter every worker has: far above any real rate, so only a
 * pause (`rateLimit`, after a 429) limits. BullMQ heeds a queue's pause only in workers with a limiter.
 */
const limiterMaxJobs = 1_000_000_000;

/** ms a job for a target this worker cannot run waits before another worker may take it. */
const handBackDelayMs = 1_000;

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const bullmq = await import('bullmq');
  const redis = await openRedisClient(options.url);
  const policies = createCallPolicies({ maxConcurrency: options.concurrency });
  /** BullMQ workers (and a queue handle, to read the pause) by account. */
  const accounts = new Map<string, { worker: Worker; queue: Queue }>();
  /** Target specs this worker runs, each with the accounts it serves them on. */
  const served = new Map<string, Set<string>>();
  const serves = (spec: string, account: string) => served.get(spec)?.has(account) === true;
  const refused = new Set<string>();
  /** When each account's pause after a 429 seen here ends (ms since the epoch). */
  const pausedUntil = new Map<string, number>();
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

  /** The target's model with the worker's call policies, sharing the account's pause with every worker (none when only checked). */
  const modelFor = (account: string | undefined, spec: string, simulation: RolloutJobData['simulation']): Promise<ChatModel> => {
    const key = `${account ?? ''}\n${spec}${simulation ? `|${createHash('sha256').update(JSON.stringify(simulation)).digest('hex')}` : ''}`;
    let model = models.get(key);
    if (!model) {
      if (models.size >= maxSimulatedModels) models.delete(models.keys().next().value!);
      model = Promise.resolve(options.createModel(spec, simulation)).then((raw) =>
        withCallPolicies(account === undefined ? raw : sharingAccountPause(raw, { heed: (signal) => heedPause(account, signal), pause: (pauseMs) => pauseAccount(account, spec, pauseMs), running: (delta) => (active += delta) }), policies),
      );
      model.catch(() => models.delete(key));
      models.set(key, model);
    }
    return model;
  };

  const pauseAccount = (account: string, spec: string, pauseMs: number) => {
    const entry = accounts.get(account);
    if (!entry) return;
    emit({ type: 'rate_limited', target: spec, account, pauseMs });
    // Here at once (Redis takes a round trip), and in Redis for every other worker.
    pausedUntil.set(account, Math.max(pausedUntil.get(account) ?? 0, Date.now() + pauseMs));
    void entry.worker.rateLimit(pauseMs).catch(() => undefined);
  };

  /** Waits out the account's pause (a 429 seen here or by any worker) before a call is sent, those of running batches included. */
  const heedPause = async (account: string, signal?: AbortSignal): Promise<void> => {
    const queue = accounts.get(account)?.queue;
    for (;;) {
      const pausedHereMs = (pausedUntil.get(account) ?? 0) - Date.now();
      // Redis away: only the pause known here holds; the provider's own 429 and the retries still apply.
      // Given the limiter's max, Redis reports only a pause: the limiter's own count of jobs taken never reaches it.
      const pausedMs = Math.max(pausedHereMs, (await queue?.getRateLimitTtl(limiterMaxJobs).catch(() => 0)) ?? 0);
      if (pausedMs <= 0) return;
      // A cancelled call stops waiting at once.
      await sleep(systemClock, pausedMs, signal);
    }
  };

  /** Why this worker cannot serve `spec`, or undefined when it can. */
  const cannotServe = async (spec: string): Promise<string | undefined> => {
    if (options.targets && !options.targets.includes(spec)) return 'not among this worker\'s --targets';
    // A simulated target is built per job from the job's tasks: always servable.
    if (spec.startsWith('sim:')) return undefined;
    try {
      await modelFor(undefined, spec, undefined);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };

  const serveAccount = (account: string) => {
    if (accounts.has(account)) return;
    const lockDuration = options.lockDurationMs ?? 30_000;
    const name = accountQueueName(account);
    const connection = connectionOptions(options.url);
    const queue = new bullmq.Queue(name, { connection, prefix: queuePrefix });
    queue.on('error', () => undefined);
    const worker: Worker = new bullmq.Worker(
      name,
      async (job, token, signal): Promise<RolloutJobResult> => {
        const parsed = rolloutJobDataSchema.safeParse(job.data);
        if (!parsed.success) {
          const error = { code: 'queue_job_invalid', message: `job ${job.id} is not a rollout batch this version can read (${parsed.error.issues[0]?.message}); are the worker and the coordinator the same Skill Trainer version?` };
          const keys = callKeysSchema.safeParse(job.data);
          return { worker: options.name, calls: Object.fromEntries((keys.success ? keys.data.calls : []).map((call) => [call.key, { ok: false as const, error }])) };
        }
        const data = parsed.data;
        if (!serves(data.target, account)) await consider(data.target, account, false);
        if (!serves(data.target, account)) {
          // Another target of the account that this worker cannot run: back to the queue for the others.
          await job.moveToDelayed(Date.now() + handBackDelayMs, token);
          throw new bullmq.DelayedError();
        }
        // Batches are taken while their calls fit this worker's slots (at least one at a time).
        worker.concurrency = Math.max(1, Math.floor(options.concurrency / data.calls.length));
        const started = Date.now();
        try {
          const result = await runRolloutBatch(data, (spec, simulation) => modelFor(account, spec, simulation), options.name, signal);
          const failed = Object.values(result.calls).filter((call) => !call.ok).length;
          emit({ type: 'job_done', target: data.target, calls: data.calls.length, failed, latencyMs: Date.now() - started });
          return result;
        } finally {
          done += data.calls.length;
        }
      },
      {
        connection,
        prefix: queuePrefix,
        concurrency: 1,
        name: options.name,
        lockDuration,
        // Check for stalled jobs twice per lock period, so a dead worker's job waits at most ~1.5 locks.
        stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
        // A job may lose two workers before BullMQ fails it (the coordinator then retries it anyway).
        maxStalledCount: 2,
        limiter: { max: limiterMaxJobs, duration: 1_000 },
      },
    );
    worker.on('error', (error) => emit({ type: 'warning', message: `queue of ${account}: ${errorMessage(error)}` }));
    accounts.set(account, { worker, queue });
  };

  /** Targets being looked at: an announcement and a periodic look at once decide once. */
  const considering = new Map<string, Promise<void>>();
  const consider = (spec: string, account: string, required: boolean): Promise<void> => {
    if (serves(spec, account) || refused.has(spec)) return Promise.resolve();
    const pair = `${account}\n${spec}`;
    let decision = considering.get(pair);
    if (!decision) {
      decision = (async () => {
        const reason = await cannotServe(spec);
        if (reason === undefined) {
          served.set(spec, new Set([...(served.get(spec) ?? []), account]));
          serveAccount(account);
          return emit({ type: 'serving', target: spec, account });
        }
        if (required) throw new WorkerTargetError(spec, reason);
        refused.add(spec);
        emit({ type: 'cannot_serve', target: spec, reason });
      })().finally(() => considering.delete(pair));
      considering.set(pair, decision);
    }
    return decision;
  };

  /** What `skill-trainer workers` lists: the targets served, and those named by --targets before any coordinator asked. */
  const heartbeatTargets = () => [...new Set([...(options.targets ?? []), ...served.keys()])];

  const heartbeat = async () => {
    const key = `${workerKeyPrefix}${options.name}`;
    await redis
      .multi()
      .hset(key, { name: options.name, targets: JSON.stringify(heartbeatTargets()), concurrency: String(options.concurrency), active: String(active), done: String(done), updatedAt: new Date().toISOString() })
      .expire(key, workerHeartbeatTtlSeconds)
      .exec();
  };

  try {
    // Named targets must be runnable here; their accounts are served once a coordinator names them.
    for (const spec of options.targets ?? []) {
      const reason = await cannotServe(spec);
      if (reason !== undefined) throw new WorkerTargetError(spec, reason);
    }
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const discover = async () => {
    for (const { target, account } of await listTargets(redis)) await consider(target, account, false);
  };
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, task: () => Promise<void>) => {
    const run = () => void task().catch(() => undefined); // Redis away: the next tick tries again.
    run();
    timers.push(setInterval(run, ms));
  };
  // A coordinator announces each target it adds; the periodic look catches what was missed (a reconnect).
  const announcements = redis.duplicate();
  announcements.on('error', () => undefined);
  announcements.on('message', (_channel: string, message: string) => {
    const entry = readTargetEntry(message);
    if (entry) void consider(entry.target, entry.account, false).catch(() => undefined);
  });
  await announcements.subscribe(targetsChannel).catch(() => undefined);
  every(discoveryIntervalMs, discover);
  every(heartbeatIntervalMs, heartbeat);

  return {
    get targets() {
      return [...served.keys()];
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      announcements.disconnect();
      await Promise.all([...accounts.values()].map(async ({ worker, queue }) => {
        await worker.close();
        await queue.close();
      }));
      await redis.del(`${workerKeyPrefix}${options.name}`).catch(() => undefined);
      redis.disconnect();
    },
  };
}

/**
 * `model` sharing its account's pause: each attempt first waits out a pause (`heed`),
 * and a 429 tells `pause` the provider's wait (ms). It sits under the call policies,
 * so a call that waited in the worker's limiter or for a retry is held too.
 */
function sharingAccountPause(model: ChatModel, account: { heed(signal?: AbortSignal): Promise<void>; pause(ms: number): void; running(delta: number): void }): ChatModel {
  return {
    ...model,
    complete: async (request) => {
      await account.heed(request.signal);
      account.running(1);
      try {
        return await model.complete(request);
      } catch (error) {
        // 1 s when the provider names no wait.
        if (error instanceof ProviderCallError && error.kind === 'rate_limit') account.pause(error.retryAfterMs ?? 1_000);
        throw error;
      } finally {
        account.running(-1);
      }
    },
  };
}
