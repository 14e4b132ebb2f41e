import type { ChatModel, ChatResponse, Usage } from '../chat-model';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from '../embeddings/embedding-model';
import { throwIfAborted } from './abort';
import { estimateCallCost, resolveCallCost } from './call-cost';
import type { CallPolicies } from './call-policies';
import { callWithRetries, retryContextFor } from './call-with-retries';
import { estimateTextsTokens } from './request-size';

/**
 * Wraps an embedding model with the run's call policies, as `withCallPolicies` does a
 * chat model: the budget reserves the call's estimated cost first; retries (429s with
 * their retry-after, 5xx, network failures), the provider's limiter slot and the
 * per-call timeout are the very ones chat calls get (`callWithRetries`, sharing the
 * provider's limiter and health with its chat calls); cost comes from the price table
 * (an embedding model nobody priced costs `null`: unknown), and usage is reported to
 * the run's listeners under the request's label. No shared response cache: a run's
 * embeddings are memoized for the run (`memoizeEmbeddings`) and journaled for resume.
 */
export function withEmbeddingCallPolicies(model: EmbeddingModel, policies: CallPolicies): EmbeddingModel {
  async function embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const label = request.label ?? 'embedding';
    throwIfAborted(request.signal);
    const inputTokens = estimateTextsTokens(request.texts);
    const reservation = policies.budget.reserve({
      spec: model.spec,
      tokens: inputTokens,
      costUsd: estimateCallCost(model.provider, model.model, { inputTokens, outputTokens: 0 }, policies.prices),
    });
    // The retry loop drives chat-shaped calls; this one carries the embedding call and keeps its vectors.
    let vectors: number[][] = [];
    const asChatCall: ChatModel = {
      spec: model.spec,
      provider: model.provider,
      model: model.model,
      endpoint: model.endpoint,
      async complete(attempt): Promise<ChatResponse> {
        const response = await model.embed({ ...request, signal: attempt.signal });
        vectors = response.vectors;
        return { text: '', usage: response.usage };
      },
    };
    let reported: Usage;
    let latencyMs: number;
    try {
      const result = await callWithRetries(asChatCall, { messages: [], signal: request.signal, label }, retryContextFor(policies, model.provider));
      reported = result.response.usage;
      latencyMs = result.latencyMs;
    } catch (error) {
      reservation.cancel();
      throw error;
    }
    const usage: Usage = { ...reported, latencyMs, costUsd: resolveCallCost(model.provider, model.model, reported, policies.prices) };
    reservation.settle({ tokens: usage.inputTokens + usage.outputTokens, costUsd: usage.costUsd });
    policies.reportUsage({ spec: model.spec, label, usage, cached: false });
    return { vectors, usage, cached: false };
  }

  return { spec: model.spec, provider: model.provider, model: model.model, endpoint: model.endpoint, embed };
}
