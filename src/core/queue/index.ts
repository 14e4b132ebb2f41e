export { InProcessRolloutQueue } from './in-process-queue';
export { queuedTargetForSpec, queuedTargetModel, queuedTargetOfSkill, type QueuedTargetOptions, type QueuedTargetSettings } from './queued-target-model';
export { batchJobId, batchSizeWithin, defaultBatchSize } from './rollout-batcher';
export { targetAccount } from './target-account';
export { errorFromData, errorToData, RemoteJobError, type QueueErrorData } from './queue-error-data';
export { rolloutJobDataSchema, rolloutJobResultSchema, simulationOf, toWireRequest, type RolloutCallResult, type RolloutJob, type RolloutJobData, type RolloutJobOutcome, type RolloutJobResult } from './rollout-job';
export type { QueueStatus, RolloutQueue } from './rollout-queue';
export { describeQueueStatus } from './describe-queue-status';
export { runRolloutBatch, type ResolveTarget } from './run-rollout-batch';
export { checkRedisUrl, QueueConnectionError, QueueUrlError, redactUrl } from './redis-connection';
export { accountQueueName } from './queue-names';

/** The Redis queue's coordinator side; loads BullMQ only when called. */
export async function connectRolloutQueue(...args: Parameters<typeof import('./bullmq-rollout-queue').connectRolloutQueue>) {
  return (await import('./bullmq-rollout-queue')).connectRolloutQueue(...args);
}

/** A queue worker; loads BullMQ only when called. */
export async function startQueueWorker(...args: Parameters<typeof import('./queue-worker').startQueueWorker>) {
  return (await import('./queue-worker')).startQueueWorker(...args);
}
export type { CreateWorkerModel, QueueWorker, QueueWorkerEvent, QueueWorkerOptions } from './queue-worker';

/** The workers and targets of a queue (`skill-trainer workers`); loads BullMQ only when called. */
export async function listQueueWorkers(url: string) {
  return (await import('./list-queue-workers')).listQueueWorkers(url);
}
export type { QueueAccountInfo, QueueOverview, QueueWorkerInfo } from './list-queue-workers';
