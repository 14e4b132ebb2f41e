/**
 * The library run's training slots: at most `parallel` skills train at once. A skill
 * that waits for a person's review gives its slot back while it waits, so skills that
 * need no review keep training; when the review is answered the skill takes a slot
 * again before the skills still queued (it is further along, and holds a lock).
 */
export class TrainingSlots {
  private free: number;
  /** Waiters that resume a skill after its review, served before new skills. */
  private readonly returning: (() => void)[] = [];
  private readonly queued: (() => void)[] = [];

  constructor(parallel: number) {
    this.free = Math.max(1, parallel);
  }

  /** Resolves when a slot is free; `returning` waiters go first. */
  acquire(options: { returning?: boolean } = {}): Promise<void> {
    if (this.free > 0 && this.returning.length === 0 && (options.returning || this.queued.length === 0)) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => (options.returning ? this.returning : this.queued).push(resolve));
  }

  release(): void {
    const next = this.returning.shift() ?? this.queued.shift();
    if (next) next();
    else this.free += 1;
  }

  /** Skills waiting for a slot (not counting those waiting for a review). */
  get waiting(): number {
    return this.returning.length + this.queued.length;
  }
}
