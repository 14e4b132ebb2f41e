import type { Clock } from '../../../../src/core/models/policies/clock';

/**
 * A clock that only moves when a test says so. `advance(ms)` fires every timer due by
 * then, in order, letting promise callbacks run in between.
 */
export class ManualClock implements Clock {
  private time = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();
  /** Every delay ever scheduled, ms, in order (for asserting backoff waits). */
  readonly scheduledDelays: number[] = [];

  now(): number {
    return this.time;
  }

  schedule(callback: () => void, delayMs: number): () => void {
    const id = this.nextId++;
    this.scheduledDelays.push(delayMs);
    this.timers.set(id, { at: this.time + delayMs, callback });
    return () => this.timers.delete(id);
  }

  /** Timers waiting now. */
  get pending(): number {
    return this.timers.size;
  }

  /** ms until the earliest pending timer fires; undefined when none is pending. */
  nextDueIn(): number | undefined {
    const times = [...this.timers.values()].map((timer) => timer.at);
    return times.length === 0 ? undefined : Math.max(0, Math.min(...times) - this.time);
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      await flushPromises();
      const due = [...this.timers].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = until;
    await flushPromises();
  }
}

/** Lets every queued promise callback run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Moves `clock` from timer to timer until `promise` settles, then returns its outcome.
 * Models that answer in microtasks cancel their timeout timers before time moves, so
 * only backoff waits (and timeouts of models that never answer) are skipped over.
 */
export async function runToCompletion<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; step < 10_000; step += 1) {
    await flushPromises();
    if (settled) return promise;
    const next = clock.nextDueIn();
    if (next === undefined) throw new Error('The promise waits, but no timer is pending: it would hang.');
    await clock.advance(next);
  }
  throw new Error('Gave up after 10 000 timer steps.');
}
