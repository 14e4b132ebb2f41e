import type { TaskFileProblems } from '../task-file-problems';

/**
 * Collects failures of suite code called while a suite loads (a prompt function or a
 * variable loader that throws, times out or returns the wrong shape), so each place
 * that names the code gets one error, with the first failure and how many tasks
 * failed, rather than one per task. A failure in any expansion of a test is kept,
 * not only in the first.
 */
export class CodeFailures {
  private readonly seen = new Map<TaskFileProblems, Map<string, { path: PropertyKey[]; message: string; tasks: string[] }>>();

  /** Notes that the code named at `path` failed for `task`; `message` says what failed and how to fix it. */
  add(problems: TaskFileProblems, path: readonly PropertyKey[], task: string, message: string): void {
    let places = this.seen.get(problems);
    if (!places) this.seen.set(problems, (places = new Map()));
    const key = JSON.stringify(path.map(String));
    const entry = places.get(key);
    if (entry) entry.tasks.push(task);
    else places.set(key, { path: [...path], message, tasks: [task] });
  }

  /** Writes one error per place. */
  report(): void {
    for (const [problems, places] of this.seen) {
      for (const { path, message, tasks } of places.values()) {
        const more = tasks.length > 1 ? ` (it failed for ${tasks.length} tasks; this is ${tasks[0]}'s failure)` : ` (for ${tasks[0]})`;
        problems.error(path, `${message}${more}`);
      }
    }
  }
}
