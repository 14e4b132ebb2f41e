/**
 * The command line's side of the queue: `--queue <redis-url>` (or SKILL_TRAINER_QUEUE_URL,
 * which keeps a password out of the shell's history) makes the target's calls run as
 * rollout jobs on `skill-trainer worker` processes; without it nothing changes.
 */
import { z } from 'zod';
import type { ChatModel } from '../core/models/chat-model';
import { baseUrlsFromEnvironment } from '../core/models/adapters/api-keys-from-environment';
import { batchSizeWithin, connectRolloutQueue, queuedTargetOfSkill, redactUrl, type QueueStatus, type RolloutQueue } from '../core/queue';
export { describeQueueStatus } from '../core/queue';
import type { TaskSet } from '../core/tasks';
import type { CliIo, CliOutput } from './cli-io';

/** `--queue-batch <n>`: target calls per queue job. */
export const queueBatchSchema = z.coerce.number().int().min(1).max(256).optional();

/** The environment variable read when --queue is not given. */
export const queueUrlVariable = 'SKILL_TRAINER_QUEUE_URL';

/** ms between looks at the queue for the progress display. */
const statusIntervalMs = 2_000;

export interface CliQueue {
  queue: RolloutQueue;
  /** The target of a run, as queue jobs. */
  target(spec: string, skill: { taskSet(): Promise<TaskSet>; seed: number }): Promise<ChatModel>;
  /** Stops the status updates and disconnects (jobs in Redis stay for a resume). */
  close(): Promise<void>;
}

/**
 * Connects when a URL is given; says where rollouts run and warns when no worker is
 * connected (jobs then wait in Redis until one is). `onStatus` hears workers and jobs in flight.
 */
export async function openCliQueue(
  url: string | undefined,
  io: CliIo,
  progress: CliOutput,
  options: { concurrency: number; /** Calls per batch job (--queue-batch); default 8. */ batchSize?: number; onStatus?: (status: QueueStatus) => void },
): Promise<CliQueue | undefined> {
  const given = url ?? io.environment[queueUrlVariable];
  if (!given) return undefined;
  // The account's limit over every worker: the run's per-provider concurrency, in calls; a batch never exceeds it.
  const batchSize = batchSizeWithin(options.concurrency, options.batchSize);
  const queue = await connectRolloutQueue(given, { globalConcurrency: options.concurrency, batchSize, onWarning: (message) => progress.write(`warning: ${message}\n`) });
  // The target's account is named from this machine's base URLs (workers read it from Redis).
  const baseUrls = baseUrlsFromEnvironment(io.environment);
  const status = await queue.status();
  progress.write(
    `Rollouts run on the queue at ${redactUrl(given)}: ${status.workers} worker${status.workers === 1 ? '' : 's'} connected` +
      (status.workers === 0 ? " — none yet: start 'skill-trainer worker --redis <url>' where the target's keys are; jobs wait in the queue until then.\n" : '.\n'),
  );
  const timer = options.onStatus
    ? setInterval(() => {
        void queue.status().then(options.onStatus, () => undefined);
      }, statusIntervalMs)
    : undefined;
  timer?.unref();
  return {
    queue,
    target: (spec, skill) => queuedTargetOfSkill(queue, spec, skill, { baseUrls, batchSize }),
    async close() {
      if (timer) clearInterval(timer);
      await queue.close();
    },
  };
}
