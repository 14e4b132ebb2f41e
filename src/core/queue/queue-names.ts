/**
 * Where things live in Redis. One BullMQ queue per target spec, so a worker takes only
 * jobs for targets it can serve and the queue's limits (global concurrency, the 429
 * pause) are one account's model limits across every worker.
 */
import { createHash } from 'node:crypto';

/** BullMQ's key prefix for every queue of Skill Trainer. */
export const queuePrefix = 'skill-trainer';

/** The set of target specs coordinators have asked for (workers without --targets serve what they can of it). */
export const targetsKey = `${queuePrefix}:targets`;

/** Channel on which a coordinator announces a target it just added to `targetsKey`, so idle workers start serving it at once. */
export const targetsChannel = `${queuePrefix}:targets:added`;

/** Each worker's heartbeat hash (targets, load), expiring when the worker is gone. */
export const workerKeyPrefix = `${queuePrefix}:worker:`;

/** Seconds a worker's heartbeat lives without renewal. */
export const workerHeartbeatTtlSeconds = 15;

/**
 * The queue of a target spec: readable, and a hash so any spec (colons, slashes, spaces)
 * makes a valid name.
 */
export function targetQueueName(spec: string): string {
  const readable = spec.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return `rollouts-${readable}-${createHash('sha256').update(spec).digest('hex').slice(0, 10)}`;
}
