import type { TaskFileProblems } from '../task-file-problems';

/**
 * Collects features of a suite that cannot be loaded and are skipped (an assertion type
 * that needs tool calls, a Ruby check), so each is reported once per file, at its first
 * use, with how often it occurs, rather than once per test.
 */
export class UnsupportedFeatures {
  private readonly seen = new Map<TaskFileProblems, Map<string, { path: PropertyKey[]; reason: string; count: number }>>();

  /** Notes one use of `feature` (e.g. "promptfoo assertion 'select-best'") at `path`. */
  add(problems: TaskFileProblems, path: readonly PropertyKey[], feature: string, reason: string): void {
    let features = this.seen.get(problems);
    if (!features) this.seen.set(problems, (features = new Map()));
    const entry = features.get(feature);
    if (entry) entry.count++;
    else features.set(feature, { path: [...path], reason, count: 1 });
  }

  /** Writes one warning per feature and file. */
  report(): void {
    for (const [problems, features] of this.seen) {
      for (const [feature, { path, reason, count }] of features) {
        const where = count === 1 ? 'it is skipped' : `all ${count} uses in this file are skipped (this is the first)`;
        problems.warning(path, `${feature} cannot be checked by Skill Trainer: ${reason}; ${where}`);
      }
    }
  }
}
