/**
 * The simulated world's embedding model (`sim:<name>`): a hashed bag of words, free,
 * instant and the same on every machine, so offline tests and the demo can grade
 * `similar` without a vendor. Texts sharing words point the same way; word order and
 * synonyms do not count, which is enough to tell "the refund window is 30 days" from
 * "we ship worldwide".
 */
import { emptyUsage } from '../chat-model';
import type { EmbeddingModel, EmbeddingRequest, EmbeddingResponse } from '../embeddings/embedding-model';
import { throwIfAborted } from '../policies/abort';
import { estimateTextsTokens } from '../policies/request-size';

/** Length of a simulated embedding: enough buckets that a few dozen words rarely collide. */
export const simulatedEmbeddingDimensions = 256;

/** FNV-1a, 32 bits: a fast, stable hash (the same on every platform and Node version). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The words of a text: lower-cased runs of letters and digits, in any script. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * The simulated embedding of a text: each word adds ±1 to one of
 * {@link simulatedEmbeddingDimensions} buckets (the sign from another bit of its hash,
 * so unrelated words cancel out instead of piling up). An empty text is the zero vector.
 */
export function simulatedEmbedding(text: string): number[] {
  const vector = new Array<number>(simulatedEmbeddingDimensions).fill(0);
  for (const word of words(text)) {
    const hash = fnv1a(word);
    vector[hash % simulatedEmbeddingDimensions] += hash & 0x80000000 ? -1 : 1;
  }
  return vector;
}

export class SimulatedEmbeddingModel implements EmbeddingModel {
  readonly provider = 'sim';
  readonly spec: string;

  constructor(readonly model: string) {
    this.spec = `sim:${model}`;
  }

  async embed(request: EmbeddingRequest): Promise<EmbeddingResponse> {
    throwIfAborted(request.signal);
    const inputTokens = estimateTextsTokens(request.texts);
    return { vectors: request.texts.map(simulatedEmbedding), usage: { ...emptyUsage(), inputTokens } };
  }
}
