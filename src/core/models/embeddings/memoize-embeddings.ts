import { addUsage } from '../add-usage';
import { emptyUsage, type Usage } from '../chat-model';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from './embedding-model';

/**
 * An embedding model that embeds each distinct text once: later requests for the same
 * text (the expected text of a `similar` check, scored for every rollout of its task;
 * two identical outputs) get the first vector, free. Concurrent requests for one text
 * share its call. Texts go one per call, so each vector is had, memoized and journaled
 * on its own. A failed call is forgotten, so the next request tries again.
 *
 * The memo lives as long as the returned model: one per run (or per evaluation).
 */
export function memoizeEmbeddings(model: EmbeddingModel): EmbeddingModel {
  const memo = new Map<string, Promise<{ vector: number[]; usage: Usage; cached: boolean }>>();

  function embedOne(text: string, request: EmbeddingRequest): Promise<{ vector: number[]; usage: Usage; cached: boolean }> {
    const known = memo.get(text);
    if (known) return known.then(({ vector }) => ({ vector, usage: emptyUsage(), cached: true }));
    const call = model.embed({ texts: [text], signal: request.signal, label: request.label }).then((response) => ({
      vector: response.vectors[0],
      usage: response.usage,
      cached: response.cached === true,
    }));
    memo.set(text, call);
    call.catch(() => memo.delete(text));
    return call;
  }

  async function embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    const results = await Promise.all(request.texts.map((text) => embedOne(text, request)));
    const usage = results.reduce((sum, { usage: one }) => addUsage(sum, one), emptyUsage());
    return { vectors: results.map(({ vector }) => vector), usage, cached: results.every(({ cached }) => cached) };
  }

  return { spec: model.spec, provider: model.provider, model: model.model, endpoint: model.endpoint, embed };
}
