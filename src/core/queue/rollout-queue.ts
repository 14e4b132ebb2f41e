/**
 * The seam between a run and where its rollouts execute. The run's coordinator
 * enqueues jobs and hears their results; an implementation runs them in this process
 * (`InProcessRolloutQueue`) or on workers behind Redis (`connectRolloutQueue`).
 */
import type { RolloutJob, RolloutJobOutcome } from './rollout-job';

/** What the coordinator's progress shows of the queue. */
export interface QueueStatus {
  /** Workers connected now, over every target queue. */
  workers: number;
  /** Jobs running on workers. */
  active: number;
  /** Jobs waiting for a worker. */
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
  /** The caller no longer waits for this job: drop it when no worker has started it. */
  withdraw(jobId: string, target: string): Promise<void>;
  status(): Promise<QueueStatus>;
  /** Closes connections and timers; jobs already queued stay for the workers. */
  close(): Promise<void>;
}
