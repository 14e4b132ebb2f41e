import type { ChatModel, ChatRequest, ChatResponse } from '../chat-model';
import { ProviderCallError } from '../model-errors';
import { raceAbort } from './abort';
import type { Clock } from './clock';

/** One attempt's reply and how long the model took, ms. */
export interface AttemptResult {
  response: ChatResponse;
  latencyMs: number;
}

/**
 * Sends one attempt of a call with its own AbortController, so the underlying request
 * (socket or child process) is cancelled both when the per-call timeout passes — then
 * it fails as `ProviderCallError` kind `timeout` — and the moment the caller's signal
 * fires — then it fails at once with `CallAbortedError`, without waiting for the adapter
 * to notice.
 */
export async function attemptWithTimeout(
  model: ChatModel,
  request: ChatRequest,
  timeoutMs: number,
  clock: Clock,
): Promise<AttemptResult> {
  const outer = request.signal;
  const controller = new AbortController();
  const abortInner = () => controller.abort(outer?.reason);
  outer?.addEventListener('abort', abortInner, { once: true });

  let timeoutError: ProviderCallError | undefined;
  let cancelTimer: () => void = () => undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    cancelTimer = clock.schedule(() => {
      timeoutError = new ProviderCallError({
        provider: model.provider,
        kind: 'timeout',
        message: [
          `${model.spec}${model.endpoint ? ` (${model.provider} at ${model.endpoint})` : ''} did not answer within ${timeoutMs} ms (the per-call timeout). ` +
            'If the model is just slow, raise the per-call timeout (',
          { option: 'timeout' },
          '); if the server is overloaded, lower the concurrency.',
        ],
      });
      controller.abort(timeoutError);
      reject(timeoutError);
    }, timeoutMs);
  });

  const started = clock.now();
  let settled = false;
  try {
    const reply = model.complete({ ...request, signal: controller.signal });
    const response = await raceAbort(Promise.race([reply, timeout]), outer);
    settled = true;
    return { response, latencyMs: Math.max(0, clock.now() - started) };
  } catch (error) {
    // The adapter may notice our abort first and throw its own cancellation error.
    if (timeoutError && !outer?.aborted) throw timeoutError;
    throw error;
  } finally {
    cancelTimer();
    outer?.removeEventListener('abort', abortInner);
    // A call abandoned for any reason must not keep a socket or process alive.
    if (!settled && !controller.signal.aborted) controller.abort();
  }
}
