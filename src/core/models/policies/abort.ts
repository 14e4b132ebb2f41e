import { CallAbortedError } from '../model-errors';
import type { Clock } from './clock';

/** Throws `CallAbortedError` when the signal has already fired. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw new CallAbortedError(what);
}

/**
 * Settles with `promise`, or rejects with `CallAbortedError` the moment `signal` fires,
 * whichever comes first. The caller stays responsible for stopping the work itself
 * (aborting its own controller); this only makes sure nobody waits for it.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, what?: string): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new CallAbortedError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CallAbortedError(what));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Waits `delayMs` on `clock`; rejects with `CallAbortedError` at once when `signal` fires. */
export function sleep(clock: Clock, delayMs: number, signal?: AbortSignal): Promise<void> {
  throwIfAborted(signal);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      cancel();
      reject(new CallAbortedError());
    };
    const cancel = clock.schedule(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
