/**
 * The queue without Redis: batch jobs run in this process, at most `concurrency` at a time,
 * through the same job runner a worker uses. It keeps the queue's promises (a job id
 * is run once, its result reported under that id) so the coordinator's side is tested
 * without a server.
 */
import { runRolloutBatch, type ResolveTarget } from './run-rollout-batch';
import type { RolloutJob, RolloutJobOutcome, RolloutJobResult } from './rollout-job';
import type { QueueStatus, RolloutQueue } from './rollout-queue';

export class InProcessRolloutQueue implements RolloutQueue {
  private readonly listeners = new Set<(outcome: RolloutJobOutcome) => void>();
  /** Every job ever added, by id: running or its result. */
  private readonly jobs = new Map<string, { result?: RolloutJobResult }>();
  private readonly waiting: RolloutJob[] = [];
  private active = 0;

  constructor(
    private readonly resolveTarget: ResolveTarget,
    private readonly concurrency = 8,
    private readonly workerName = 'in-process',
  ) {}

  async enqueue(job: RolloutJob): Promise<void> {
    const known = this.jobs.get(job.id);
    if (known) {
      // Done before (or running): its result is reported again, never paid again.
      if (known.result) this.report({ jobId: job.id, result: known.result });
      return;
    }
    this.jobs.set(job.id, {});
    this.waiting.push(job);
    this.pump();
  }

  onResult(listener: (outcome: RolloutJobOutcome) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async withdraw(jobId: string): Promise<void> {
    const index = this.waiting.findIndex((job) => job.id === jobId);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    this.jobs.delete(jobId);
  }

  async status(): Promise<QueueStatus> {
    return { workers: 1, active: this.active, waiting: this.waiting.length };
  }

  async close(): Promise<void> {
    this.waiting.length = 0;
    this.listeners.clear();
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.active += 1;
      void runRolloutBatch(job.data, this.resolveTarget, this.workerName).then((result) => {
        this.active -= 1;
        this.jobs.set(job.id, { result });
        this.report({ jobId: job.id, result });
        this.pump();
      });
    }
  }

  private report(outcome: RolloutJobOutcome): void {
    for (const listener of this.listeners) listener(outcome);
  }
}
