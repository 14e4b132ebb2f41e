/**
 * What `skill-trainer workers` shows: the workers connected to a queue (from their
 * heartbeats: targets, calls running and done) and each provider account's batch jobs.
 */
import { z } from 'zod';
import { openRedisClient, scanKeys } from './redis-connection';
import { accountQueueName, queuePrefix, workerKeyPrefix } from './queue-names';
import { listTargets } from './target-registry';

const heartbeatSchema = z.object({
  name: z.string(),
  targets: z.string().transform((text, context) => {
    try {
      return z.array(z.string()).parse(JSON.parse(text));
    } catch {
      context.addIssue({ code: 'custom', message: 'targets is not a JSON list' });
      return z.NEVER;
    }
  }),
  concurrency: z.coerce.number(),
  active: z.coerce.number(),
  done: z.coerce.number(),
  updatedAt: z.string(),
});

export type QueueWorkerInfo = z.infer<typeof heartbeatSchema>;

/** A provider account's queue: the targets coordinators sent to it and its batch jobs. */
export interface QueueAccountInfo {
  account: string;
  targets: string[];
  active: number;
  waiting: number;
  completed: number;
  failed: number;
}

export interface QueueOverview {
  workers: QueueWorkerInfo[];
  accounts: QueueAccountInfo[];
}

export async function listQueueWorkers(url: string): Promise<QueueOverview> {
  const bullmq = await import('bullmq');
  const redis = await openRedisClient(url);
  try {
    const workers: QueueWorkerInfo[] = [];
    for (const key of await scanKeys(redis, `${workerKeyPrefix}*`)) {
      const parsed = heartbeatSchema.safeParse(await redis.hgetall(key));
      // A heartbeat written by another version is left out rather than shown wrong.
      if (parsed.success) workers.push(parsed.data);
    }
    const targetsByAccount = new Map<string, string[]>();
    for (const { target, account } of await listTargets(redis)) targetsByAccount.set(account, [...(targetsByAccount.get(account) ?? []), target]);
    const accounts: QueueAccountInfo[] = [];
    for (const [account, targets] of targetsByAccount) {
      const queue = new bullmq.Queue(accountQueueName(account), { connection: redis, prefix: queuePrefix });
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed', 'completed', 'failed');
      accounts.push({ account, targets, active: counts.active ?? 0, waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0), completed: counts.completed ?? 0, failed: counts.failed ?? 0 });
      await queue.close();
    }
    return { workers: workers.sort((a, b) => a.name.localeCompare(b.name)), accounts };
  } finally {
    redis.disconnect();
  }
}
