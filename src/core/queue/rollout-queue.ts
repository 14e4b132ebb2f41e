/**
 * The seam between a run and where its rollouts execute. The run's coordinator
 * enqueues jobs and hears their results; an implementation runs them in this process
 * (`InProcessRolloutQueue`) or on workers behind Redis (`connectRolloutQueue`).
 */
import type { RolloutJob, RolloutJobOutcome } from './rollout-job';

/** What the coordinator's progress shows of the queue. */
export interface QueueStatus {
  /** Workers connected now, over every account's queue. */
  workers: number;
  /** Batch jobs running on workers. */
  active: number;
  /** Batch jobs waiting for a worker. */
  waiting: number;
}

export interface RolloutQueue {
  /**
   * Adds a job. A job whose id is already queued, running or done is not added again:
   * its result (or the one it will have) is reported under that id.
   */
  enqueue(job: RolloutJob): Promise<void>;
  /** Hears every result; a result may be reported more than once (listeners dedupe by job id). Returns the unsubscribe. */
  onResult(listener: (outcome: RolloutJobOutcome) => void): () => void;
  /** The caller no longer waits for this job (of this provider account's queue): drop it when no worker has started it. */
  withdraw(jobId: string, account: string): Promise<void>;
  status(): Promise<QueueStatus>;
  /** Closes connections and timers; jobs already queued stay for the workers. */
  close(): Promise<void>;
}
