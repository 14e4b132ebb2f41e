/**
 * Where things live in Redis. One BullMQ queue per provider account (`targetAccount`),
 * holding the jobs of every target spec on it, so the queue's limits (global
 * concurrency, the 429 pause) are the account's limits across every worker.
 */
import { createHash } from 'node:crypto';

/** BullMQ's key prefix for every queue of Skill Trainer. */
export const queuePrefix = 'skill-trainer';

/** Each worker's heartbeat hash (targets, load), expiring when the worker is gone. */
export const workerKeyPrefix = `${queuePrefix}:worker:`;

/** Seconds a worker's heartbeat lives without renewal. */
export const workerHeartbeatTtlSeconds = 15;

/**
 * The queue of a provider account: readable, and a hash so any account (colons,
 * slashes, spaces) makes a valid name.
 */
export function accountQueueName(account: string): string {
  const readable = account.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return `rollouts-${readable}-${createHash('sha256').update(account).digest('hex').slice(0, 10)}`;
}
