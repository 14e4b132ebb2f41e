// Waiting on conditions instead of sleeping a fixed time.

/**
 * Resolves with the first truthy value of `check()`, polled every `intervalMs`;
 * rejects after `timeoutMs` with a message naming `description`, or as soon as
 * `failFast()` returns an error message (e.g. the server process died).
 */
export async function waitFor(description, check, { timeoutMs, intervalMs = 200, failFast } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    const failure = failFast?.();
    if (failure) throw new Error(`Gave up waiting for ${description}: ${failure}`);
    if (Date.now() > deadline) throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
