import { replyToolFields } from '../chat-tools';
import { emptyUsage, type ChatModel, type ChatRequest, type ChatResponse, type Usage } from '../chat-model';
import { raceAbort, throwIfAborted } from './abort';
import { estimateCallCost, resolveCallCost } from './call-cost';
import type { CallPolicies } from './call-policies';
import { callWithRetries, retryContextFor } from './call-with-retries';
import { estimateInputTokens, estimateOutputTokens } from './request-size';
import { responseCacheKey } from './response-cache';

const wrappedMarker = Symbol('skill-trainer.withCallPolicies');

/** True when `model` already went through `withCallPolicies`. */
export function hasCallPolicies(model: ChatModel): boolean {
  return (model as { [wrappedMarker]?: true })[wrappedMarker] === true;
}

/**
 * Wraps a model once with the run's call policies. Per call, in this order:
 *
 * 1. **Cache** — an identical earlier call answers at once: free, no budget, no queue
 *    (`cached: true`, zero usage). First, so hits cost nothing and never wait.
 * 2. **Budget** — the call's upper-bound cost and tokens are reserved, or the call is
 *    refused with `BudgetExceededError` before anything is sent. Reserved before
 *    queueing, so calls waiting in the queue cannot overshoot the cap together.
 * 3. **Retries** around **limiter slot** around **timeout** (see `callWithRetries`).
 * 4. **Accounting** — latency measured here, cost from the price table, actual spend
 *    recorded in the budget, `onUsage` listeners told, the reply cached.
 *
 * The caller's AbortSignal cancels the call wherever it is: waiting for the cache,
 * queued, in flight or sleeping between retries.
 */
export function withCallPolicies(model: ChatModel, policies: CallPolicies): ChatModel {
  if (hasCallPolicies(model)) {
    throw new Error(`${model.spec} already has call policies; wrap each model once, or its calls are limited and counted twice.`);
  }
  // The simulated world answers from the task hints in evals.json: free and instant, so a
  // cache could only serve stale answers after someone edits those hints.
  const cache = model.provider === 'sim' ? undefined : policies.cache;

  async function complete(request: ChatRequest): Promise<ChatResponse> {
    const label = request.label ?? 'unlabelled';
    throwIfAborted(request.signal);

    const cacheKey = cache && !request.bypassCache ? responseCacheKey(model, request) : undefined;
    if (cache && cacheKey) {
      const hit = await raceAbort(
        cache.get(cacheKey).catch(() => undefined),
        request.signal,
      );
      if (hit) {
        const usage = emptyUsage();
        policies.reportUsage({ spec: model.spec, label, usage, cached: true });
        return { text: hit.text, ...replyToolFields(hit), usage, cached: true, firstUsage: hit.firstUsage ?? hit.usage, ...(hit.trajectory ? { trajectory: hit.trajectory } : {}) };
      }
    }

    const inputTokens = estimateInputTokens(request);
    const outputTokens = estimateOutputTokens(request);
    const reservation = policies.budget.reserve({
      spec: model.spec,
      tokens: inputTokens + outputTokens,
      costUsd: estimateCallCost(model.provider, model.model, { inputTokens, outputTokens }, policies.prices),
    });

    let response: ChatResponse;
    let latencyMs: number;
    try {
      ({ response, latencyMs } = model.runsElsewhere ? await completeElsewhere(model, request, policies) : await callWithRetries(model, request, retryContextFor(policies, model.provider)));
    } catch (error) {
      reservation.cancel();
      throw error;
    }

    const usage: Usage = {
      ...response.usage,
      latencyMs,
      costUsd: resolveCallCost(model.provider, model.model, response.usage, policies.prices),
    };
    reservation.settle({ tokens: usage.inputTokens + usage.outputTokens, costUsd: usage.costUsd });
    policies.reportUsage({ spec: model.spec, label, usage, cached: false });
    const result: ChatResponse = { text: response.text, ...replyToolFields(response), usage, cached: false, ...(response.trajectory ? { trajectory: response.trajectory } : {}) };
    if (cache && cacheKey) {
      // A full disk or a read-only cache folder must not fail a call that was paid for.
      await cache.set(cacheKey, result).catch(() => undefined);
    }
    return result;
  }

  const wrapped: ChatModel & { [wrappedMarker]: true } = {
    runsElsewhere: model.runsElsewhere,
    spec: model.spec,
    provider: model.provider,
    model: model.model,
    installsSkills: model.installsSkills,
    endpoint: model.endpoint,
    complete,
    [wrappedMarker]: true,
  };
  return wrapped;
}

/**
 * A call whose retries, timeout and provider limit belong to the process that runs it
 * (a queue worker): sent once, timed here from enqueue to result (ms).
 */
async function completeElsewhere(model: ChatModel, request: ChatRequest, policies: CallPolicies): Promise<{ response: ChatResponse; latencyMs: number }> {
  const started = policies.clock.now();
  const response = await model.complete(request);
  return { response, latencyMs: policies.clock.now() - started };
}
