/**
 * The coordinator's side of the Redis queue (BullMQ): one queue per provider account,
 * batch jobs added under their journal-derived ids, results heard from BullMQ's event stream and,
 * as a safety net, from a sweep over the jobs still awaited. The sweep also adds again
 * a job Redis lost (a restart without persistence), so a run never waits for ever.
 */
import type { Queue, QueueEvents } from 'bullmq';
import { errorMessage } from '../errors';
import { connectionOptions, openRedisClient, redactUrl, scanKeys } from './redis-connection';
import { accountQueueName, queuePrefix, workerKeyPrefix } from './queue-names';
import { registerTarget } from './target-registry';
import { rolloutJobResultSchema, type RolloutJob, type RolloutJobData, type RolloutJobOutcome, type RolloutJobResult } from './rollout-job';
import type { QueueStatus, RolloutQueue } from './rollout-queue';

/** Completed and failed jobs are kept this long (s), so a coordinator resumed within it takes their results. */
const keepFinishedJobsSeconds = 7 * 24 * 3600;

/** Retries of a job BullMQ marked failed before the coordinator reports it failed. */
const maxFailedRetries = 2;

export interface BullRolloutQueueOptions {
  /**
   * Calls of one provider account running at once over every worker (the account's
   * limit); unset: each worker's own. BullMQ limits jobs, so the account's queue runs at
   * most floor(limit / batchSize) batch jobs: set `batchSize` to at most this limit.
   */
  globalConcurrency?: number;
  /** Calls per batch job at most (the targets' `batchSize`), to turn the limit in calls into one in jobs. Default 1. */
  batchSize?: number;
  /** ms between sweeps over awaited jobs. Default 1000. */
  sweepIntervalMs?: number;
  onWarning?: (message: string) => void;
}

export async function connectRolloutQueue(url: string, options: BullRolloutQueueOptions = {}): Promise<RolloutQueue> {
  const bullmq = await import('bullmq');
  const redis = await openRedisClient(url);
  return new BullRolloutQueue(url, bullmq, redis, options);
}

class BullRolloutQueue implements RolloutQueue {
  private readonly queues = new Map<string, { queue: Queue; events: QueueEvents; ready: Promise<void> }>();
  private readonly listeners = new Set<(outcome: RolloutJobOutcome) => void>();
  /** Jobs added and not yet heard back, by id. */
  private readonly awaited = new Map<string, RolloutJob>();
  private readonly sweep: NodeJS.Timeout;
  private sweeping = false;
  private warnedLost = false;
  /** Times this session retried a failed job, by id. */
  private readonly retries = new Map<string, number>();

  constructor(
    private readonly url: string,
    private readonly bullmq: typeof import('bullmq'),
    private readonly redis: import('ioredis').Redis,
    private readonly options: BullRolloutQueueOptions,
  ) {
    this.sweep = setInterval(() => void this.sweepAwaited(), options.sweepIntervalMs ?? 1_000);
    this.sweep.unref();
  }

  async enqueue(job: RolloutJob): Promise<void> {
    const { queue, ready } = this.queueOf(job.data.account);
    await ready;
    await this.announce(job.data);
    this.awaited.set(job.id, job);
    await this.add(queue, job);
  }

  onResult(listener: (outcome: RolloutJobOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async withdraw(jobId: string, account: string): Promise<void> {
    this.awaited.delete(jobId);
    const job = await this.queueOf(account).queue.getJob(jobId);
    // A job a worker has started is left to finish: its result stays for a resume.
    if (job && (await job.getState()) === 'waiting') await job.remove().catch(() => undefined);
  }

  async status(): Promise<QueueStatus> {
    let active = 0;
    let waiting = 0;
    for (const { queue } of this.queues.values()) {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
      active += counts.active ?? 0;
      waiting += (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    }
    const workers = (await scanKeys(this.redis, `${workerKeyPrefix}*`)).length;
    return { workers, active, waiting };
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    this.listeners.clear();
    for (const { queue, events } of this.queues.values()) await Promise.all([queue.close(), events.close()]).catch(() => undefined);
    this.redis.disconnect();
  }

  /** Targets (with their accounts) already written to the registry by this coordinator. */
  private readonly announced = new Map<string, Promise<void>>();

  /**
   * Writes the target's account to the registry and tells idle workers, once per
   * target: workers without --targets serve the accounts of what they can run.
   */
  private announce(data: RolloutJobData): Promise<void> {
    const key = `${data.account}\n${data.target}`;
    let done = this.announced.get(key);
    if (!done) {
      done = registerTarget(this.redis, { target: data.target, account: data.account });
      // A failed write is tried again by the next job of the target.
      done.catch(() => this.announced.delete(key));
      this.announced.set(key, done);
    }
    return done;
  }

  private queueOf(account: string): { queue: Queue; events: QueueEvents; ready: Promise<void> } {
    let entry = this.queues.get(account);
    if (entry) return entry;
    const name = accountQueueName(account);
    const connection = connectionOptions(this.url);
    const queue = new this.bullmq.Queue(name, { connection, prefix: queuePrefix });
    const events = new this.bullmq.QueueEvents(name, { connection, prefix: queuePrefix });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    events.on('completed', ({ jobId, returnvalue }) => this.heard(jobId, returnvalue));
    const ready = (async () => {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      const { globalConcurrency, batchSize = 1 } = this.options;
      // Whole batches within the limit in calls (at least one job, or nothing would run).
      if (globalConcurrency !== undefined) await queue.setGlobalConcurrency(Math.max(1, Math.floor(globalConcurrency / batchSize)));
    })();
    ready.catch(() => undefined);
    entry = { queue, events, ready };
    this.queues.set(account, entry);
    return entry;
  }

  private async add(queue: Queue, job: RolloutJob): Promise<void> {
    // An id already in Redis is not added again (BullMQ keeps the existing job): a resumed run reattaches to it.
    await queue.add('rollout-batch', job.data, { jobId: job.id, attempts: 1, removeOnComplete: { age: keepFinishedJobsSeconds }, removeOnFail: { age: keepFinishedJobsSeconds } });
    await this.settleFinished(queue, job.id);
  }

  /**
   * A job found already finished reports its result now. One that failed (its worker
   * died on it more often than BullMQ's stalled-job limit, or threw) is tried again a
   * few times, then reported with BullMQ's reason. False when Redis has no such job.
   */
  private async settleFinished(queue: Queue, jobId: string): Promise<boolean> {
    const state = await queue.getJobState(jobId);
    if (state === 'unknown') return false;
    if (state !== 'completed' && state !== 'failed') return true;
    // Read after the state: a finished job's result is final.
    const job = await queue.getJob(jobId);
    if (!job) return false;
    if (state === 'completed') {
      this.heard(jobId, job.returnvalue);
      return true;
    }
    const retries = this.retries.get(jobId) ?? 0;
    if (retries < maxFailedRetries) {
      this.retries.set(jobId, retries + 1);
      await job.retry('failed');
    } else {
      this.heardFailure(jobId, { code: 'queue_job_failed', message: `job ${jobId} failed ${retries + 1} times in the queue: ${job.failedReason}` });
    }
    return true;
  }

  private async sweepAwaited(): Promise<void> {
    if (this.sweeping || this.awaited.size === 0) return;
    this.sweeping = true;
    try {
      for (const job of [...this.awaited.values()]) {
        const { queue } = this.queueOf(job.data.account);
        if ((await this.settleFinished(queue, job.id)) || !this.awaited.has(job.id)) continue;
        if (!this.warnedLost) this.options.onWarning?.(`The queue at ${redactUrl(this.url)} lost jobs (was Redis restarted without persistence?): adding them again.`);
        this.warnedLost = true;
        await this.add(queue, job);
      }
    } catch (error) {
      // Redis away: the next sweep tries again once the connection is back.
      void errorMessage(error);
    } finally {
      this.sweeping = false;
    }
  }

  private heard(jobId: string, value: unknown): void {
    const parsed = rolloutJobResultSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
    if (!parsed.success) {
      const message = `job ${jobId} returned a result this version cannot read (${parsed.error.issues[0]?.message ?? 'invalid'}); are the worker and the coordinator the same Skill Trainer version?`;
      return this.heardFailure(jobId, { code: 'queue_result_invalid', message });
    }
    if (!this.awaited.delete(jobId)) return;
    for (const listener of this.listeners) listener({ jobId, result: parsed.data });
  }

  /** Every call of the job failed with one error (the job itself failed, or its result is unreadable). */
  private heardFailure(jobId: string, error: { code: string; message: string }): void {
    const job = this.awaited.get(jobId);
    if (!job) return;
    this.awaited.delete(jobId);
    const result: RolloutJobResult = { worker: 'unknown', calls: Object.fromEntries(job.data.calls.map((call) => [call.key, { ok: false as const, error }])) };
    for (const listener of this.listeners) listener({ jobId, result });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
