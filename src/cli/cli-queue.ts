/**
 * The command line's side of the queue: `--queue <redis-url>` (or SKILL_TRAINER_QUEUE_URL,
 * which keeps a password out of the shell's history) makes the target's calls run as
 * rollout jobs on `skill-trainer worker` processes; without it nothing changes.
 */
import type { ChatModel } from '../core/models/chat-model';
import { connectRolloutQueue, queuedTargetOfSkill, redactUrl, type QueueStatus, type RolloutQueue } from '../core/queue';
export { describeQueueStatus } from '../core/queue';
import type { TaskSet } from '../core/tasks';
import type { CliIo, CliOutput } from './cli-io';

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
export async function openCliQueue(url: string | undefined, io: CliIo, progress: CliOutput, options: { concurrency: number; onStatus?: (status: QueueStatus) => void }): Promise<CliQueue | undefined> {
  const given = url ?? io.environment[queueUrlVariable];
  if (!given) return undefined;
  // The account's limit over every worker: the run's per-provider concurrency.
  const queue = await connectRolloutQueue(given, { globalConcurrency: options.concurrency, onWarning: (message) => progress.write(`warning: ${message}\n`) });
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
    target: (spec, skill) => queuedTargetOfSkill(queue, spec, skill),
    async close() {
      if (timer) clearInterval(timer);
      await queue.close();
    },
  };
}
