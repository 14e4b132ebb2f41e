/**
 * One-at-a-time sections inside this process, by key. Several runs in one process (a
 * library run, the extension host running two skills) share the module, so two of
 * them changing the same file never interleave their read and their write; the
 * cross-process lock (`withStoreLock`) then only has to arbitrate between processes.
 */

/** The last section queued for each key; removed once the queue for it is empty. */
const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `section` after every section queued earlier under the same key has settled
 * (whether it resolved or threw), and returns its result.
 */
export function runInProcessQueue<T>(key: string, section: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(section, section);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}
